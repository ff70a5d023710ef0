import { useState } from "react";
import { useSaveSettings } from "../../api/admin-queries";
import type { SystemSettings } from "../../api/schema";
import { ErrorMessage } from "../ErrorMessage";
import { Form } from "../form/Form";
import { SubmitButton } from "../form/SubmitButton";
import { TextField } from "../form/TextField";

/** The platform-wide render cap; the next claim uses a new value, no restart. */
export function GlobalCapForm({ settings }: { settings: SystemSettings }) {
  const [cap, setCap] = useState(String(settings.globalRenderCap));
  const save = useSaveSettings();
  const value = Number(cap);
  const valid = Number.isInteger(value) && value >= 0 && value <= 10_000;
  return (
    <Form
      className="card stack"
      label="Global render cap"
      title="Global concurrency cap"
      onSubmit={() => {
        if (valid) save.mutate({ globalRenderCap: value });
      }}
    >
      <div className="row">
        <TextField
          label="Renders at once, across every node"
          type="number"
          min={0}
          max={10000}
          step={1}
          value={cap}
          onChange={setCap}
          hint="0 pauses rendering. Applies to the next claim; running renders go on."
        />
        <SubmitButton
          pending={save.isPending}
          pendingLabel="Saving…"
          disabled={!valid || value === settings.globalRenderCap}
        >
          Save cap
        </SubmitButton>
      </div>
      <ErrorMessage error={save.error} />
      {save.isSuccess && value === settings.globalRenderCap && (
        <div className="alert ok" role="status">
          Cap is now {settings.globalRenderCap}.
        </div>
      )}
    </Form>
  );
}
