import { DEFAULT_FAKE_STRIPE_PRICES } from "./prices";

export const FAKE_STRIPE_SECRET_KEY = "sk_test_loomlite_fake_0123456789abcdef";
export const FAKE_STRIPE_WEBHOOK_SECRET = "whsec_loomlite_fake_0123456789abcdef0123456789";
const FAKE_STRIPE_METER_EVENT_NAME = "render_minutes";

/**
 * The Worker's variables that point billing at the fake Stripe at `fakeUrl`: the keys, the API base,
 * one `STRIPE_PRICE_<PLAN>_<INTERVAL>` per default price and the meter's event name.
 */
export function fakeStripeVars(fakeUrl: string): Record<string, string> {
  const vars: Record<string, string> = {
    STRIPE_SECRET_KEY: FAKE_STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: FAKE_STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: fakeUrl,
    STRIPE_METER_EVENT_NAME: FAKE_STRIPE_METER_EVENT_NAME,
  };
  for (const price of DEFAULT_FAKE_STRIPE_PRICES) {
    const plan = price.product.replace(/^prod_/, "").toUpperCase();
    const interval = price.recurring.interval === "year" ? "YEARLY" : "MONTHLY";
    vars[`STRIPE_PRICE_${plan}_${interval}`] = price.id;
  }
  return vars;
}
