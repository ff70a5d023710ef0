import { BILLING_INTERVALS, type BillingInterval, PAID_PLAN_IDS, type PaidPlanId } from "@loom-lite/schema";
import type { BillingConfig } from "./config";

export interface PricedPlan {
  plan: PaidPlanId;
  interval: BillingInterval;
}

/** Which plan and interval a Stripe price id sells (env.billing.prices); null for a price we do not sell. */
export function planOfPrice(config: BillingConfig, priceId: string): PricedPlan | null {
  for (const plan of PAID_PLAN_IDS) {
    for (const interval of BILLING_INTERVALS) {
      if (config.prices[plan][interval] === priceId) return { plan, interval };
    }
  }
  return null;
}

/**
 * Whether moving from `from` to `to` is an upgrade (applied at once, prorated) rather than a downgrade
 * (applied at the end of the period): a bigger plan, or the same plan paid yearly instead of monthly.
 */
export function isUpgrade(from: PricedPlan, to: PricedPlan): boolean {
  const rank = (p: PaidPlanId) => PAID_PLAN_IDS.indexOf(p);
  if (rank(to.plan) !== rank(from.plan)) return rank(to.plan) > rank(from.plan);
  return from.interval === "monthly" && to.interval === "yearly";
}
