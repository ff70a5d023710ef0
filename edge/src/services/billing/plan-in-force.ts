import { PAST_DUE_GRACE_DAYS, PLANS, type Plan, type PlanId, TRIAL_DAYS } from "@loom-lite/schema";
import type { workspaceBilling } from "@loom-lite/schema/db";

export type BillingRow = typeof workspaceBilling.$inferSelect;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface BillingPeriod {
  start: Date;
  end: Date;
}

/** What a workspace may do now, from its stored plan and billing row. */
export interface PlanInForce {
  plan: Plan;
  period: BillingPeriod;
  /** Whole days left of the no-card trial; null when not on the trial. */
  trialDaysLeft: number | null;
  /** Why new renders are refused outright (payment past due beyond the grace days), or null. */
  blocked: string | null;
}

/**
 * The plan in force at `now`. A trial that has ended is Free here already, whether or not the cron has
 * written it to `workspaces.plan` yet, so reads and enforcement never give a day of trial too many.
 */
export function planInForce(storedPlan: PlanId, billing: BillingRow | null, now: Date): PlanInForce {
  const trialEndsAt = billing?.trialEndsAt ?? null;
  const planId = effectivePlanId(storedPlan, trialEndsAt, now);
  const onTrial = planId === "trial";
  const plan = PLANS[planId];
  return {
    plan,
    period: currentPeriod(planId, billing, now),
    trialDaysLeft:
      onTrial && trialEndsAt ? Math.ceil((trialEndsAt.getTime() - now.getTime()) / DAY_MS) : null,
    blocked: pastDueBlock(billing, now),
  };
}

/** The stored plan, except a trial that has ended (or never had an end) is Free. */
export function effectivePlanId(storedPlan: PlanId, trialEndsAt: Date | null, now: Date): PlanId {
  if (storedPlan !== "trial") return storedPlan;
  return trialEndsAt !== null && trialEndsAt > now ? "trial" : "free";
}

/** The subscription's period on a paid plan, the trial's own span on Trial, the calendar month (UTC) on Free. */
export function currentPeriod(planId: PlanId, billing: BillingRow | null, now: Date): BillingPeriod {
  if (planId === "trial" && billing?.trialEndsAt) {
    return { start: new Date(billing.trialEndsAt.getTime() - TRIAL_DAYS * DAY_MS), end: billing.trialEndsAt };
  }
  if (planId !== "free" && planId !== "trial" && billing?.periodStart && billing.periodEnd) {
    return { start: billing.periodStart, end: billing.periodEnd };
  }
  return calendarMonth(now);
}

export function calendarMonth(now: Date): BillingPeriod {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

export function trialEnd(start: Date): Date {
  return new Date(start.getTime() + TRIAL_DAYS * DAY_MS);
}

function pastDueBlock(billing: BillingRow | null, now: Date): string | null {
  const since = billing?.pastDueSince;
  if (!since || !["past_due", "unpaid"].includes(billing.subscriptionStatus ?? "")) return null;
  if (now.getTime() - since.getTime() <= PAST_DUE_GRACE_DAYS * DAY_MS) return null;
  return (
    `Payment for this workspace has been past due since ${since.toISOString().slice(0, 10)}, more than the ` +
    `${PAST_DUE_GRACE_DAYS} days of grace, so new renders are refused; update the payment method in ` +
    "Settings → Billing (the customer portal) to render again. Landing pages and analytics keep serving."
  );
}
