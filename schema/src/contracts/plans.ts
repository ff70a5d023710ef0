/**
 * The plans Loom-Lite sells and what each allows: the one definition the API, the enforcement code,
 * the dashboard and the marketing pricing page read. Prices are shown from here; what Stripe charges
 * comes from the price ids in the Worker's environment (STRIPE_PRICE_<PLAN>_<INTERVAL>).
 */

export const PLAN_IDS = ["trial", "free", "starter", "growth", "team"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** Plans a workspace subscribes to through Stripe. */
export const PAID_PLAN_IDS = ["starter", "growth", "team"] as const satisfies PlanId[];
export type PaidPlanId = (typeof PAID_PLAN_IDS)[number];

export const BILLING_INTERVALS = ["monthly", "yearly"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** Days a new workspace spends on the Trial plan (no card) before it falls back to Free. */
export const TRIAL_DAYS = 14;

/** Days a subscription may stay past due (banner and e-mail) before new renders are held. */
export const PAST_DUE_GRACE_DAYS = 7;

/** Shares of the period's included minutes at which the owner is warned (banner and e-mail). */
export const USAGE_WARNING_THRESHOLDS = [0.8, 1] as const;

export interface Plan {
  id: PlanId;
  name: string;
  /** One line for the pricing page and the billing screen. */
  tagline: string;
  /** Price in US cents per interval; null where nothing is sold (Trial, Free). */
  priceCents: Record<BillingInterval, number> | null;
  /** Minutes of finished video included per billing period. */
  includedMinutes: number;
  /** Price of a minute beyond the included ones, in US cents; null: no overage on this plan. */
  overageCentsPerMinute: number | null;
  /** Members of the workspace, the owner included. */
  seats: number;
  customDomains: number;
  /** Renders of the workspace that run at the same time. */
  rendersAtOnce: number;
  /** Longest video one render may make, in seconds (never above MAX_VIDEO_SECONDS). */
  maxVideoSeconds: number;
  /** Landing pages and the video player carry "Made with Loom-Lite". */
  loomLiteBranding: boolean;
  /** Days the plan lasts before it ends by itself (the trial). */
  days: number | null;
}

export const PLANS: Record<PlanId, Plan> = {
  trial: {
    id: "trial",
    name: "Trial",
    tagline: `${TRIAL_DAYS} days of Starter-sized limits, no card needed`,
    priceCents: null,
    includedMinutes: 30,
    overageCentsPerMinute: null,
    seats: 1,
    customDomains: 1,
    rendersAtOnce: 2,
    maxVideoSeconds: 180,
    loomLiteBranding: false,
    days: TRIAL_DAYS,
  },
  free: {
    id: "free",
    name: "Free",
    tagline: "Try personalized videos on a few leads a month",
    priceCents: { monthly: 0, yearly: 0 },
    includedMinutes: 10,
    overageCentsPerMinute: null,
    seats: 1,
    customDomains: 0,
    rendersAtOnce: 1,
    maxVideoSeconds: 120,
    loomLiteBranding: true,
    days: null,
  },
  starter: {
    id: "starter",
    name: "Starter",
    tagline: "One rep sending personalized outbound every day",
    priceCents: { monthly: 3_900, yearly: 39_000 },
    includedMinutes: 150,
    overageCentsPerMinute: 25,
    seats: 1,
    customDomains: 1,
    rendersAtOnce: 2,
    maxVideoSeconds: 300,
    loomLiteBranding: false,
    days: null,
  },
  growth: {
    id: "growth",
    name: "Growth",
    tagline: "A small team with its own domains",
    priceCents: { monthly: 9_900, yearly: 99_000 },
    includedMinutes: 500,
    overageCentsPerMinute: 20,
    seats: 3,
    customDomains: 3,
    rendersAtOnce: 4,
    maxVideoSeconds: 600,
    loomLiteBranding: false,
    days: null,
  },
  team: {
    id: "team",
    name: "Team",
    tagline: "Sales teams and agencies at volume",
    priceCents: { monthly: 29_900, yearly: 299_000 },
    includedMinutes: 2_000,
    overageCentsPerMinute: 15,
    seats: 10,
    customDomains: 10,
    rendersAtOnce: 8,
    maxVideoSeconds: 600,
    loomLiteBranding: false,
    days: null,
  },
};

/** What every plan includes (the pricing page lists it once instead of per plan). */
export const EVERY_PLAN_INCLUDES = [
  "API keys and the full REST API",
  "Signed webhooks",
  "Landing pages with booking calendars",
  "Viewer analytics",
] as const;

export function isPaidPlan(id: PlanId): id is PaidPlanId {
  return (PAID_PLAN_IDS as readonly PlanId[]).includes(id);
}
