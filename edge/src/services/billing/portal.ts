import { billingScreenUrl } from "./checkout";
import { ensureCustomer } from "./customers";
import type { BillingDeps } from "./subscription-sync";

/** A Stripe Customer Portal session (payment method, invoices, cancellation) back to the billing screen. */
export async function openPortal(deps: BillingDeps, workspaceId: string, origin: string): Promise<string> {
  const customer = await ensureCustomer(deps.db, deps.stripe, workspaceId);
  const session = await deps.stripe.billingPortal.sessions.create({
    customer,
    return_url: billingScreenUrl(origin),
  });
  return session.url;
}
