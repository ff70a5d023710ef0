import { useState } from "react";
import { useUpdateOverage } from "../../api/billing-queries";
import type { Billing } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { TextField } from "../form/TextField";

/** The owner's opt-in to minutes beyond the plan's, and the most they may cost per period. */
export function OverageForm({ billing }: { billing: Billing }) {
  const [enabled, setEnabled] = useState(billing.overage.enabled);
  const [cap, setCap] = useState((billing.overage.spendingCapCents / 100).toFixed(2));
  const save = useUpdateOverage();
  const price = billing.overage.centsPerMinute;
  if (!billing.overage.available || price === null) {
    return (
      <section className="card stack" aria-label="Overage">
        <h2 className="section-title">Overage</h2>
        <p className="hint">
          The {billing.plan.name} plan has no minutes beyond its {billing.plan.includedMinutes}; renders past
          the limit wait for the next period. Upgrade to allow overage.
        </p>
      </section>
    );
  }
  const capCents = Math.round(Number(cap) * 100);
  const valid = cap.trim() !== "" && Number.isFinite(capCents) && capCents >= 0;
  return (
    <Form
      className="card stack"
      label="Overage"
      title="Overage"
      onSubmit={() => valid && save.mutate({ overageEnabled: enabled, spendingCapCents: capCents })}
    >
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        Keep rendering past the included minutes at ${(price / 100).toFixed(2)} a minute
      </label>
      <TextField
        label="Spending cap per period (USD)"
        type="number"
        min={0}
        step="0.01"
        value={cap}
        onChange={setCap}
        disabled={!enabled}
        hint={
          valid
            ? `Up to ${Math.floor(capCents / price)} extra minutes a period; renders beyond them are held.`
            : "Enter an amount of 0 or more."
        }
      />
      <FormFooter mutation={save} submitLabel="Save overage" saved="Overage saved." disabled={!valid} />
    </Form>
  );
}
