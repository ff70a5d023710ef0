import { workspaceBilling } from "@loom-lite/schema/db";
import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import { type BillingDeps, syncSubscription } from "./subscription-sync";

/**
 * How long before the period ends a pending downgrade is applied: Stripe bills the renewal from the
 * price the subscription has at the period's end, so the change must land before it (the cron runs
 * every minute; the workspace moves to the smaller plan up to this much early).
 */
export const DOWNGRADE_LEAD_MS = 60 * 60_000;

/**
 * Applies pending downgrades whose period ends within DOWNGRADE_LEAD_MS: the subscription's price is
 * changed without proration (the period was paid at the old price) and the pending price cleared.
 * Answers how many were applied; a failure leaves the row pending for the next run.
 */
export async function applyDueDowngrades(deps: BillingDeps, now = new Date()): Promise<number> {
  const { db, stripe } = deps;
  const due = await db
    .select({
      workspaceId: workspaceBilling.workspaceId,
      subscriptionId: workspaceBilling.stripeSubscriptionId,
      priceId: workspaceBilling.pendingPriceId,
    })
    .from(workspaceBilling)
    .where(
      and(
        isNotNull(workspaceBilling.pendingPriceId),
        isNotNull(workspaceBilling.stripeSubscriptionId),
        lte(workspaceBilling.periodEnd, new Date(now.getTime() + DOWNGRADE_LEAD_MS)),
      ),
    )
    .limit(100);
  let applied = 0;
  for (const row of due) {
    if (!row.subscriptionId || !row.priceId) continue;
    const sub = await stripe.subscriptions.retrieve(row.subscriptionId);
    const item = sub.items.data[0];
    if (item && item.price.id !== row.priceId && sub.status !== "canceled") {
      await stripe.subscriptions.update(
        sub.id,
        { items: [{ id: item.id, price: row.priceId }], proration_behavior: "none" },
        { idempotencyKey: `loomlite-downgrade-${sub.id}-${item.current_period_end}-${row.priceId}` },
      );
    }
    await db
      .update(workspaceBilling)
      .set({ pendingPriceId: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(workspaceBilling.workspaceId, row.workspaceId),
          eq(workspaceBilling.pendingPriceId, row.priceId),
        ),
      );
    await syncSubscription(deps, sub.id);
    applied += 1;
  }
  return applied;
}
