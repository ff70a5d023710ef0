import { type BillingInterval, PLANS, type Plan } from "@loom-lite/schema";

/** How the pricing page words a plan's numbers; every number comes from schema's PLANS. */
const usd = (cents: number) =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);

export const count = (n: number) => n.toLocaleString("en-US");

export function price(plan: Plan, interval: BillingInterval): string {
  return plan.priceCents ? usd(plan.priceCents[interval]) : "Free";
}

/** What a year costs less than twelve months, in whole months (Starter: 2). */
export function yearlySavingMonths(plan: Plan): number {
  if (!plan.priceCents || plan.priceCents.monthly === 0) return 0;
  return Math.round((plan.priceCents.monthly * 12 - plan.priceCents.yearly) / plan.priceCents.monthly);
}

export function overage(plan: Plan): string {
  return plan.overageCentsPerMinute === null
    ? "Pauses at the limit"
    : `${usd(plan.overageCentsPerMinute)} a minute`;
}

export function longestVideo(plan: Plan): string {
  const minutes = plan.maxVideoSeconds / 60;
  return Number.isInteger(minutes) ? `${minutes} min` : `${plan.maxVideoSeconds} s`;
}

export const dollars = usd;

/** The plans on sale, in the order of the definition (the trial is every workspace's start). */
export const LISTED_PLANS = Object.values(PLANS).filter((p) => p.id !== "trial");
