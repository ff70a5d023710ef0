import Stripe from "stripe";

/** A price the fake knows from its start, as a Stripe dashboard would have it configured. */
export interface FakePriceConfig {
  id: string;
  product: string;
  /** In the currency's smallest unit (cents). */
  unit_amount: number;
  currency: string;
  recurring: { interval: "month" | "year" };
  lookup_key?: string;
  /** Shown on the hosted checkout and portal pages. */
  nickname?: string;
}

const plan = (name: string, monthlyCents: number, yearlyCents: number): FakePriceConfig[] => {
  const key = name.toLowerCase();
  return [
    {
      id: `price_${key}_monthly`,
      product: `prod_${key}`,
      unit_amount: monthlyCents,
      currency: "usd",
      recurring: { interval: "month" },
      lookup_key: `${key}_monthly`,
      nickname: `${name} monthly`,
    },
    {
      id: `price_${key}_yearly`,
      product: `prod_${key}`,
      unit_amount: yearlyCents,
      currency: "usd",
      recurring: { interval: "year" },
      lookup_key: `${key}_yearly`,
      nickname: `${name} yearly`,
    },
  ];
};

/** Issue 12's plans: Starter $39/mo $390/yr, Growth $99/$990, Team $299/$2,990. */
export const DEFAULT_FAKE_STRIPE_PRICES: readonly FakePriceConfig[] = [
  ...plan("Starter", 39_00, 390_00),
  ...plan("Growth", 99_00, 990_00),
  ...plan("Team", 299_00, 2990_00),
];

/** The configured price as the API returns it (`Stripe.Price`, recurring, licensed, per unit). */
export function toStripePrice(config: FakePriceConfig, created: number): Stripe.Price {
  return {
    id: config.id,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created,
    currency: config.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: config.lookup_key ?? null,
    metadata: {},
    nickname: config.nickname ?? null,
    product: config.product,
    recurring: {
      interval: config.recurring.interval,
      interval_count: 1,
      meter: null,
      trial_period_days: null,
      usage_type: "licensed",
    },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: config.unit_amount,
    unit_amount_decimal: Stripe.Decimal.from(String(config.unit_amount)),
  };
}

/** The legacy `plan` object Stripe still embeds in every subscription item, mirroring its price. */
export function toStripePlan(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

/** The end of a period of `interval` starting at `start` (calendar month or year, as Stripe bills). */
export function periodEnd(start: number, interval: "month" | "year" | string): number {
  const date = new Date(start * 1000);
  if (interval === "year") date.setUTCFullYear(date.getUTCFullYear() + 1);
  else date.setUTCMonth(date.getUTCMonth() + 1);
  return Math.floor(date.getTime() / 1000);
}
