import {
  BILLING_INTERVALS,
  type BillingInterval,
  isPaidPlan,
  PAID_PLAN_IDS,
  type PaidPlanId,
  PLANS,
  type PlanId,
} from "@loom-lite/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { listInvoices, openPortal, startCheckout } from "../api/billing-checkout";
import { useWorkspace } from "../api/settings-queries";
import { ActionButton } from "../components/ActionButton";
import { ErrorMessage } from "../components/ErrorMessage";

const RANK: Record<PlanId, number> = { trial: 0, free: 0, starter: 1, growth: 2, team: 3 };
const dollars = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: cents % 100 ? 2 : 0 })}`;

interface Props {
  /** The plan in force; read from the workspace when the screen mounting this does not give it. */
  plan?: PlanId;
  /** How the live subscription is billed; null without one. */
  interval?: BillingInterval | null;
}

/**
 * Settings → Billing's plan picker (prices from the one plan definition), with a monthly/yearly
 * toggle: subscribing or upgrading sends the owner to Stripe Checkout or applies at once, a downgrade
 * is scheduled for the end of the period. Below it, the Customer Portal and the invoices.
 */
export function BillingPlans({ plan: givenPlan, interval: givenInterval = null }: Props) {
  const workspace = useWorkspace();
  const known = givenPlan ?? (workspace.data?.plan as PlanId | undefined);
  const plan = known ?? "free";
  const [interval, setInterval] = useState<BillingInterval>(givenInterval ?? "monthly");
  const qc = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const checkout = useMutation({
    mutationFn: (to: PaidPlanId) => startCheckout(to, interval),
    onSuccess: (result) => {
      if (result.kind === "checkout" && result.url) {
        window.location.assign(result.url);
        return;
      }
      if (result.kind === "downgrade_scheduled" && result.at) {
        setNotice(
          `Your plan changes to ${PLANS[result.plan ?? "free"].name} on ${new Date(result.at).toLocaleDateString()}.`,
        );
      } else if (result.kind === "upgraded") {
        setNotice(`You are on ${PLANS[result.plan ?? "free"].name} now; the difference was invoiced.`);
      } else {
        setNotice("No change: that is your plan.");
      }
      void qc.invalidateQueries();
    },
  });
  const portal = useMutation({
    mutationFn: openPortal,
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const current = isPaidPlan(plan) ? plan : null;

  return (
    <section className="stack" aria-labelledby="billing-plans-title">
      <h2 id="billing-plans-title">Plans</h2>
      {known && (
        <p className="muted">
          You are on <strong data-testid="current-plan">{PLANS[known].name}</strong>
          {givenInterval ? `, billed ${givenInterval}` : ""}.
        </p>
      )}
      <fieldset className="tabs" aria-label="Billing interval">
        {BILLING_INTERVALS.map((each) => (
          <label key={each}>
            <input
              type="radio"
              name="billing-interval"
              value={each}
              checked={interval === each}
              onChange={() => setInterval(each)}
            />{" "}
            {each === "monthly" ? "Monthly" : "Yearly"}
          </label>
        ))}
      </fieldset>
      <ul className="plan-list">
        {PAID_PLAN_IDS.map((id) => {
          const p = PLANS[id];
          const price = p.priceCents?.[interval] ?? 0;
          const same = current === id && (givenInterval === null || givenInterval === interval);
          const label = same
            ? "Current plan"
            : RANK[id] > RANK[plan]
              ? `Upgrade to ${p.name}`
              : current
                ? `Downgrade to ${p.name}`
                : `Choose ${p.name}`;
          return (
            <li key={id} className="card" data-plan={id}>
              <h3>{p.name}</h3>
              <p>
                <strong>{dollars(price)}</strong> / {interval === "monthly" ? "month" : "year"}
              </p>
              <p className="muted">{p.tagline}</p>
              <ul>
                <li>{p.includedMinutes.toLocaleString("en-US")} render minutes a month</li>
                {p.overageCentsPerMinute !== null && (
                  <li>then {dollars(p.overageCentsPerMinute)}/min, if you opt in</li>
                )}
                <li>
                  {p.seats} {p.seats === 1 ? "seat" : "seats"}, {p.customDomains} custom{" "}
                  {p.customDomains === 1 ? "domain" : "domains"}, {p.rendersAtOnce} renders at once
                </li>
              </ul>
              <ActionButton
                className="btn"
                pending={checkout.isPending && checkout.variables === id}
                pendingLabel="Opening…"
                disabled={same || checkout.isPending}
                onClick={() => checkout.mutate(id)}
              >
                {label}
              </ActionButton>
            </li>
          );
        })}
      </ul>
      {notice && (
        <div className="alert" role="status">
          {notice}
        </div>
      )}
      <ErrorMessage error={checkout.error} />
      <div>
        <ActionButton
          className="btn secondary"
          pending={portal.isPending}
          pendingLabel="Opening…"
          onClick={() => portal.mutate()}
        >
          Manage payment method and invoices
        </ActionButton>
      </div>
      <ErrorMessage error={portal.error} />
      <Invoices />
    </section>
  );
}

function Invoices() {
  const invoices = useQuery({ queryKey: ["billing", "invoices"], queryFn: listInvoices });
  if (invoices.error) return <ErrorMessage error={invoices.error} />;
  const list = invoices.data?.invoices ?? [];
  return (
    <section aria-labelledby="invoices-title">
      <h3 id="invoices-title">Invoices</h3>
      {list.length === 0 ? (
        <p className="muted">{invoices.isPending ? "Loading…" : "No invoices yet."}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Date</th>
              <th>Number</th>
              <th>Amount</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((invoice) => (
              <tr key={invoice.id}>
                <td>{new Date(invoice.createdAt).toLocaleDateString()}</td>
                <td>{invoice.number ?? "—"}</td>
                <td>
                  {dollars(invoice.amountDue)} {invoice.currency.toUpperCase()}
                </td>
                <td>{invoice.status ?? "—"}</td>
                <td>
                  {invoice.hostedInvoiceUrl && (
                    <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                      View
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
