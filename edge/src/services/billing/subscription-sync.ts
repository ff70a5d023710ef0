import { workspaceBilling } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "../../lib/db";
import type { Logger } from "../../lib/logger";
import type { ProductAnalytics } from "../product-analytics";
import type { BillingConfig } from "./config";
import { workspaceOfCustomer } from "./customers";
import type { PlanChangedHook } from "./plan-changed";
import { isLive, writeSubscriptionState } from "./subscription-state";

export interface BillingDeps {
  db: Db;
  stripe: Stripe;
  config: BillingConfig;
  log: Logger;
  onPlanChanged: PlanChangedHook;
  analytics: ProductAnalytics;
}

const idOf = (ref: string | { id: string }) => (typeof ref === "string" ? ref : ref.id);

/**
 * Re-reads a subscription from Stripe and applies what it is now to its workspace, whatever event
 * named it: Stripe delivers events late, twice and out of order, so an event only says "look again".
 *
 * The workspace's billing row is locked while Stripe is read and the state written, so two events of
 * one workspace handled at once apply in turn, the later one with the later read. A workspace holds
 * one live subscription: when a second one goes live (two checkouts raced), the newer is cancelled,
 * whichever of the two events comes first (its first invoice is left for the operator to refund from
 * the log's warning).
 */
export async function syncSubscription(deps: BillingDeps, subscriptionId: string): Promise<void> {
  const { db, stripe, config, log } = deps;
  const first = await stripe.subscriptions.retrieve(subscriptionId);
  const workspaceId = await workspaceOfCustomer(db, idOf(first.customer));
  if (!workspaceId) {
    log.warn("stripe subscription of a customer no workspace owns; ignored", { subscriptionId });
    return;
  }
  /** The subscription written, and whether the workspace had one recorded before (a change, not a start). */
  let applied: { sub: Stripe.Subscription; hadOne: boolean } | undefined;
  const planChanged = await db.transaction(async (tx) => {
    const [billing] = await tx
      .select({ subscriptionId: workspaceBilling.stripeSubscriptionId })
      .from(workspaceBilling)
      .where(eq(workspaceBilling.workspaceId, workspaceId))
      .for("update");
    // Read again under the lock: what another handler wrote meanwhile is older than this read.
    let sub: Stripe.Subscription = await stripe.subscriptions.retrieve(subscriptionId);
    const recordedId = billing?.subscriptionId;
    if (recordedId && recordedId !== sub.id) {
      const recorded = await stripe.subscriptions.retrieve(recordedId);
      if (isLive(recorded.status) && isLive(sub.status)) {
        const [keep, extra] = olderFirst(recorded, sub);
        log.warn("a second live subscription for one workspace; cancelling the newer", {
          workspaceId,
          kept: keep.id,
          cancelled: extra.id,
        });
        // Its first payment is not lost: the unused period is credited to the customer's balance,
        // which the kept subscription's next invoices use first.
        await stripe.subscriptions.cancel(
          extra.id,
          { prorate: true, invoice_now: true },
          { idempotencyKey: `loomlite-cancel-duplicate-${extra.id}` },
        );
        sub = keep;
      } else if (isLive(recorded.status) || (!isLive(sub.status) && recorded.created > sub.created)) {
        // An older or superseded subscription changed: the recorded one still says what is in force.
        return false;
      }
    }
    applied = { sub, hadOne: Boolean(recordedId) };
    return writeSubscriptionState(tx, config, workspaceId, sub);
  });
  if (planChanged) {
    await deps.onPlanChanged(db, workspaceId);
    if (applied) {
      deps.analytics.capture(applied.hadOne ? "subscription_changed" : "subscription_started", workspaceId, {
        status: applied.sub.status,
        price_id: applied.sub.items.data[0]?.price.id ?? null,
      });
    }
  }
}

function olderFirst(
  a: Stripe.Subscription,
  b: Stripe.Subscription,
): [Stripe.Subscription, Stripe.Subscription] {
  if (a.created !== b.created) return a.created < b.created ? [a, b] : [b, a];
  return a.id < b.id ? [a, b] : [b, a];
}
