import { useBilling } from "../../api/billing-queries";
import { href } from "../../lib/router";

/** Across the app: renders are refused (payment past due), or 80 % / 100 % of the period's minutes are used. */
export function BillingBanner() {
  const billing = useBilling();
  const b = billing.data;
  if (!b?.enabled) return null;
  const message = b.blocked ?? b.warning?.message;
  if (!message) return null;
  const severe = b.blocked !== null || (b.warning?.percent ?? 0) >= 100;
  return (
    <p className={`alert ${severe ? "error" : "info"}`} role="status">
      {message} <a href={href({ view: "settings", tab: "billing" })}>Billing settings</a>
    </p>
  );
}
