import type { ReactNode } from "react";
import { useBilling } from "../../api/billing-queries";
import type { Billing } from "../../api/schema";
import { QueryState } from "../QueryState";
import { RoleNotice } from "../settings/RoleNotice";
import { OverageForm } from "./OverageForm";
import { UsageBar } from "./UsageBar";
import { UsageTable } from "./UsageTable";
import "./billing.css";

interface Props {
  /**
   * The plan picker, checkout, customer portal and invoices (the Stripe half of billing mounts its
   * component here, e.g. site/src/app/settings/billing-plans.tsx); nothing is shown without it.
   */
  plans?: ReactNode;
  /** Whether the person may change the plan, payment and overage (the owner); others see the figures. */
  canChange: boolean;
}

/** Settings → Billing: the plan in force, the period's usage, overage, and the renders that used it. */
export function BillingSettings({ plans, canChange }: Props) {
  const billing = useBilling();
  return (
    <QueryState query={billing} what="billing">
      {(b) =>
        b.enabled ? (
          <div className="stack">
            <PlanCard billing={b} />
            {canChange ? (
              <>
                <section className="stack" aria-label="Plan and payment">
                  {plans}
                </section>
                <OverageForm key={`${b.overage.enabled}-${b.overage.spendingCapCents}`} billing={b} />
              </>
            ) : (
              <RoleNotice area="billing" what="the plan, payment or overage" />
            )}
            <UsageTable />
          </div>
        ) : (
          <section className="card stack" aria-label="Billing">
            <h2 className="section-title">Billing is off</h2>
            <p className="hint">
              This installation has no Stripe settings, so nothing is limited or charged: every workspace
              renders without a plan.
            </p>
          </section>
        )
      }
    </QueryState>
  );
}

function PlanCard({ billing: b }: { billing: Billing }) {
  const renews = new Date(b.period.end).toLocaleDateString();
  return (
    <section className="card stack" aria-label="Plan">
      <h2 className="section-title">
        {b.plan.name} plan
        {b.trialDaysLeft !== null && (
          <span className="badge active">
            {" "}
            {b.trialDaysLeft} day{b.trialDaysLeft === 1 ? "" : "s"} of trial left
          </span>
        )}
      </h2>
      {b.blocked && (
        <p className="alert error" role="alert">
          {b.blocked}
        </p>
      )}
      <p className="hint">
        {b.plan.includedMinutes} render minutes a period · videos up to {b.plan.maxVideoSeconds} s ·{" "}
        {b.plan.seats} seat{b.plan.seats === 1 ? "" : "s"} · {b.plan.customDomains} custom domain
        {b.plan.customDomains === 1 ? "" : "s"} · {b.plan.rendersAtOnce} render
        {b.plan.rendersAtOnce === 1 ? "" : "s"} at once
        {b.plan.loomLiteBranding && " · landing pages show “Made with Loom-Lite”"}
      </p>
      <p className="hint">
        This period: {new Date(b.period.start).toLocaleDateString()} to {renews}
        {b.cancelAtPeriodEnd && " · the subscription ends then"}
      </p>
      <UsageBar usage={b.usage} />
    </section>
  );
}
