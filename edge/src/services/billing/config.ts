import { BILLING_INTERVALS, type BillingInterval, PAID_PLAN_IDS, type PaidPlanId } from "@loom-lite/schema";
import { z } from "zod";

/** `STRIPE_PRICE_STARTER_MONTHLY`, …: the Stripe price id of each paid plan and interval. */
export function stripePriceVar(plan: PaidPlanId, interval: BillingInterval): string {
  return `STRIPE_PRICE_${plan.toUpperCase()}_${interval.toUpperCase()}`;
}

const PRICE_VARS = PAID_PLAN_IDS.flatMap((plan) =>
  BILLING_INTERVALS.map((interval) => stripePriceVar(plan, interval)),
);

/** The Worker variables of billing; all optional, since without STRIPE_SECRET_KEY billing is off. */
export const billingVarsSchema = z.object({
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret or restricted key (sk_… or rk_…)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, "must be a webhook signing secret (whsec_…)")
    .optional(),
  /** Stripe's API origin; the local stack and tests point it at the fake Stripe on 127.0.0.1. */
  STRIPE_API_BASE: z.url().default("https://api.stripe.com"),
  /** The Billing Meter that overage minutes are reported to. */
  STRIPE_METER_EVENT_NAME: z.string().min(1).default("render_minutes"),
  ...Object.fromEntries(
    PRICE_VARS.map((name) => [
      name,
      z
        .string()
        .regex(/^price_\w+$/, "must be a Stripe price id (price_…)")
        .optional(),
    ]),
  ),
});

export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  apiBase: URL;
  meterEventName: string;
  prices: Record<PaidPlanId, Record<BillingInterval, string>>;
}

type BillingVars = z.infer<typeof billingVarsSchema> & Record<string, unknown>;

/** Names the variables billing still needs once STRIPE_SECRET_KEY is set. */
export function missingBillingVars(env: BillingVars): string[] {
  if (env.STRIPE_SECRET_KEY === undefined) return [];
  return ["STRIPE_WEBHOOK_SECRET", ...PRICE_VARS].filter((name) => env[name] === undefined);
}

/** Billing's settings, or null when billing is off (no Stripe key: self-hosting, most tests). */
export function billingConfig(env: BillingVars): BillingConfig | null {
  if (env.STRIPE_SECRET_KEY === undefined || missingBillingVars(env).length > 0) return null;
  const price = (plan: PaidPlanId, interval: BillingInterval) =>
    env[stripePriceVar(plan, interval)] as string;
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET as string,
    apiBase: new URL(env.STRIPE_API_BASE),
    meterEventName: env.STRIPE_METER_EVENT_NAME,
    prices: Object.fromEntries(
      PAID_PLAN_IDS.map((plan) => [
        plan,
        Object.fromEntries(BILLING_INTERVALS.map((i) => [i, price(plan, i)])),
      ]),
    ) as BillingConfig["prices"],
  };
}
