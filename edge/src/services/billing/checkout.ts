import type { BillingInterval, PaidPlanId } from "@loom-lite/schema";
import { workspaceBilling } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { ensureCustomer } from "./customers";
import { changePlan, type PlanChangeResult } from "./plan-change";
import { isLive } from "./subscription-state";
import type { BillingDeps } from "./subscription-sync";

export type CheckoutResult = { kind: "checkout"; url: string } | PlanChangeResult;

/** The dashboard's Settings → Billing screen, where Stripe's pages send the owner back. */
export const billingScreenUrl = (origin: string) => `${origin}/app#/settings/billing`;

/**
 * Subscribes the workspace to `plan` billed `interval`: a Stripe Checkout Session for a workspace
 * without a live subscription, a plan change of the live one otherwise (see changePlan).
 */
export async function startCheckout(
  deps: BillingDeps,
  input: { workspaceId: string; plan: PaidPlanId; interval: BillingInterval; origin: string },
): Promise<CheckoutResult> {
  const { db, stripe, config } = deps;
  const [billing] = await db
    .select({ subscriptionId: workspaceBilling.stripeSubscriptionId })
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, input.workspaceId));
  if (billing?.subscriptionId) {
    const current = await stripe.subscriptions.retrieve(billing.subscriptionId);
    if (isLive(current.status)) return changePlan(deps, input.workspaceId, current, input);
  }
  const customer = await ensureCustomer(db, stripe, input.workspaceId);
  const returnTo = billingScreenUrl(input.origin);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    // Seats are included in the plan (PLANS[plan].seats), not sold one by one: a subscription is one
    // unit of its plan's price whatever the member count, and "seats follow members" is the seat limit
    // the usage half enforces on invitations. Nothing here changes with members joining or leaving.
    line_items: [{ price: config.prices[input.plan][input.interval], quantity: 1 }],
    client_reference_id: input.workspaceId,
    metadata: { workspace_id: input.workspaceId },
    subscription_data: { metadata: { workspace_id: input.workspaceId } },
    success_url: `${returnTo}?checkout=success`,
    cancel_url: `${returnTo}?checkout=cancelled`,
  });
  if (!session.url) throw new Error(`Stripe answered checkout session ${session.id} without a url`);
  return { kind: "checkout", url: session.url };
}
