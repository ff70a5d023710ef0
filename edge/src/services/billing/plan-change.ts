import type { BillingInterval, PaidPlanId } from "@loom-lite/schema";
import { workspaceBilling } from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { isUpgrade, planOfPrice } from "./price-plans";
import { type BillingDeps, syncSubscription } from "./subscription-sync";

export type PlanChangeResult =
  | { kind: "upgraded"; plan: PaidPlanId; interval: BillingInterval }
  | { kind: "downgrade_scheduled"; plan: PaidPlanId; interval: BillingInterval; at: string }
  | { kind: "unchanged"; plan: PaidPlanId; interval: BillingInterval };

/**
 * Moves a live subscription to another plan. An upgrade applies at once: the subscription's price is
 * changed and the difference for the rest of the period invoiced and charged now (`always_invoice`,
 * so a yearly upgrade is not billed a year later). A downgrade applies at the end of the period: it is
 * recorded as pending and the cron changes the price just before renewal (applyDueDowngrades), so the
 * workspace keeps what it paid for until then and the renewal is billed at the lower price. Choosing
 * the current plan again cancels a pending downgrade.
 */
export async function changePlan(
  deps: BillingDeps,
  workspaceId: string,
  current: Stripe.Subscription,
  to: { plan: PaidPlanId; interval: BillingInterval },
): Promise<PlanChangeResult> {
  const { stripe, config } = deps;
  const item = current.items.data[0];
  if (!item) throw new Error(`subscription ${current.id} has no items`);
  const priceId = config.prices[to.plan][to.interval];
  const from = planOfPrice(config, item.price.id);
  if (from === null) throw new Error(`subscription ${current.id} is on a price Loom-Lite does not sell`);
  if (item.price.id === priceId) {
    await setPendingPrice(deps, workspaceId, null);
    return { kind: "unchanged", ...to };
  }
  if (isUpgrade(from, to)) {
    await stripe.subscriptions.update(current.id, {
      items: [{ id: item.id, price: priceId }],
      proration_behavior: "always_invoice",
      cancel_at_period_end: false,
    });
    await setPendingPrice(deps, workspaceId, null);
    await syncSubscription(deps, current.id);
    return { kind: "upgraded", ...to };
  }
  await setPendingPrice(deps, workspaceId, priceId);
  return {
    kind: "downgrade_scheduled",
    ...to,
    at: new Date(item.current_period_end * 1000).toISOString(),
  };
}

async function setPendingPrice(deps: BillingDeps, workspaceId: string, priceId: string | null) {
  await deps.db
    .update(workspaceBilling)
    .set({ pendingPriceId: priceId, updatedAt: sql`now()` })
    .where(eq(workspaceBilling.workspaceId, workspaceId));
}
