import { PLANS, type PlanId } from "@loom-lite/schema";
import {
  SUBSCRIPTION_STATUSES,
  type SubscriptionStatus,
  workspaceBilling,
  workspaces,
} from "@loom-lite/schema/db";
import { and, eq, ne, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Tx } from "../../lib/db";
import type { BillingConfig } from "./config";
import { planOfPrice } from "./price-plans";

/** Subscriptions that hold a paid plan (past due keeps it through the grace days). */
const LIVE_STATUSES: readonly SubscriptionStatus[] = ["trialing", "active", "past_due"];
/** Subscriptions that are over: the workspace falls back to Free. */
const ENDED_STATUSES: readonly SubscriptionStatus[] = ["canceled", "unpaid", "incomplete_expired", "paused"];

/** The status as our column knows it; null for one a newer API version added (plan left as it is). */
function knownStatus(status: Stripe.Subscription.Status): SubscriptionStatus | null {
  return SUBSCRIPTION_STATUSES.find((known) => known === status) ?? null;
}

export function isLive(status: Stripe.Subscription.Status): boolean {
  const known = knownStatus(status);
  return known !== null && LIVE_STATUSES.includes(known);
}

/**
 * The plan a subscription in this state puts in force: its price's plan while live, Free once it
 * ended; null while the first payment is still `incomplete` (the plan in force stays as it is).
 */
export function planInForce(config: BillingConfig, sub: Stripe.Subscription): PlanId | null {
  const status = knownStatus(sub.status);
  if (status !== null && ENDED_STATUSES.includes(status)) return "free";
  if (!isLive(sub.status)) return null;
  const priced = planOfPrice(config, sub.items.data[0]?.price.id ?? "");
  return priced?.plan ?? null;
}

const fromUnix = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/**
 * Writes the subscription as Stripe has it now to workspace_billing, and the plan in force to the
 * workspace (with its renders-at-once). Answers whether the workspace's plan changed.
 */
export async function writeSubscriptionState(
  tx: Tx,
  config: BillingConfig,
  workspaceId: string,
  sub: Stripe.Subscription,
): Promise<boolean> {
  const item = sub.items.data[0];
  const priced = item ? planOfPrice(config, item.price.id) : null;
  await tx
    .update(workspaceBilling)
    .set({
      stripeSubscriptionId: sub.id,
      subscriptionStatus: knownStatus(sub.status),
      stripePriceId: item?.price.id ?? null,
      interval: priced?.interval ?? null,
      // Since API version 2025-03-31 the period lives on the subscription's items.
      periodStart: fromUnix(item?.current_period_start),
      periodEnd: fromUnix(item?.current_period_end),
      cancelAtPeriodEnd: sub.cancel_at_period_end || sub.cancel_at !== null,
      // Set when it first becomes past due (the grace days count from there), cleared once paid.
      pastDueSince: sub.status === "past_due" ? sql`coalesce(${workspaceBilling.pastDueSince}, now())` : null,
      updatedAt: sql`now()`,
    })
    .where(eq(workspaceBilling.workspaceId, workspaceId));
  const plan = planInForce(config, sub);
  if (plan === null) return false;
  const changed = await tx
    .update(workspaces)
    .set({ plan, renderConcurrency: PLANS[plan].rendersAtOnce })
    .where(and(eq(workspaces.id, workspaceId), ne(workspaces.plan, plan)))
    .returning({ id: workspaces.id });
  return changed.length > 0;
}
