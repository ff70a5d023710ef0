/**
 * Builders of the API objects the fake returns, typed with the installed SDK's own interfaces so every
 * field the SDK's API version declares is present (null or its default where the fake has nothing to
 * say). In this API version the billing period lives on subscription items (`current_period_start/end`)
 * and an invoice names its subscription under `parent.subscription_details`.
 */
import Stripe from "stripe";
import { nowSeconds, stripeId } from "./ids";
import { toStripePlan } from "./prices";

export function buildCustomer(input: {
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
}): Stripe.Customer {
  return {
    id: stripeId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    email: input.email,
    invoice_prefix: null,
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: input.metadata,
    name: input.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function buildSubscriptionItem(input: {
  subscription: string;
  price: Stripe.Price;
  quantity: number;
  periodStart: number;
  periodEnd: number;
}): Stripe.SubscriptionItem {
  return {
    id: stripeId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: nowSeconds(),
    current_period_end: input.periodEnd,
    current_period_start: input.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: toStripePlan(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: input.subscription,
    tax_rates: [],
  };
}

export function buildSubscription(input: {
  id: string;
  customer: string;
  currency: string;
  items: Stripe.SubscriptionItem[];
  metadata: Record<string, string>;
  status: Stripe.Subscription.Status;
  trialStart: number | null;
  trialEnd: number | null;
  defaultPaymentMethod: string | null;
}): Stripe.Subscription {
  const now = nowSeconds();
  return {
    id: input.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.items[0]?.current_period_start ?? now,
    billing_cycle_anchor_config: null,
    // Flexible is the default for new subscriptions since 2025-09-30.clover.
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: {
      object: "list",
      data: input.items,
      has_more: false,
      url: `/v1/subscription_items?subscription=${input.id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: input.status,
    test_clock: null,
    transfer_data: null,
    trial_end: input.trialEnd,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" },
    },
    trial_start: input.trialStart,
  };
}

/** One line of an invoice: a subscription item's period charge, or a pending invoice item (a proration). */
export type InvoiceLineInput =
  | {
      kind: "subscription_item";
      item: Stripe.SubscriptionItem;
      subscription: string;
      start: number;
      end: number;
      amount: number;
    }
  | { kind: "invoice_item"; invoiceItem: Stripe.InvoiceItem; subscription: string };

function buildInvoiceLine(invoiceId: string, line: InvoiceLineInput): Stripe.InvoiceLineItem {
  const base = {
    id: stripeId("il"),
    object: "line_item" as const,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    pretax_credit_amounts: [],
    subscription: line.subscription,
    taxes: [],
  };
  if (line.kind === "subscription_item") {
    const { item } = line;
    const quantity = item.quantity ?? 1;
    return {
      ...base,
      amount: line.amount,
      currency: item.price.currency,
      description: `${quantity} × ${item.price.nickname ?? item.price.product} (at $${((item.price.unit_amount ?? 0) / 100).toFixed(2)} / ${item.price.recurring?.interval})`,
      parent: {
        type: "subscription_item_details",
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: false,
          proration_details: { credited_items: null },
          subscription: line.subscription,
          subscription_item: item.id,
        },
      },
      period: { start: line.start, end: line.end },
      pricing: {
        type: "price_details",
        price_details: { price: item.price.id, product: String(item.price.product) },
        unit_amount_decimal: item.price.unit_amount_decimal,
      },
      quantity,
      quantity_decimal: Stripe.Decimal.from(String(quantity)),
      subtotal: line.amount,
    };
  }
  const ii = line.invoiceItem;
  return {
    ...base,
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description,
    parent: {
      type: "invoice_item_details",
      invoice_item_details: {
        invoice_item: ii.id,
        proration: ii.proration,
        proration_details: { credited_items: null },
        subscription: line.subscription,
      },
      subscription_item_details: null,
    },
    period: ii.period,
    pricing: ii.pricing,
    quantity: ii.quantity,
    quantity_decimal: ii.quantity_decimal,
    subtotal: ii.amount,
  };
}

export function buildInvoice(input: {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription;
  billingReason: Stripe.Invoice.BillingReason;
  lines: InvoiceLineInput[];
  periodStart: number;
  periodEnd: number;
}): Stripe.Invoice {
  const id = stripeId("in");
  const now = nowSeconds();
  const lines = input.lines.map((line) => buildInvoiceLine(id, line));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Loom-Lite (fake Stripe)",
    account_tax_ids: null,
    amount_due: Math.max(total, 0),
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: Math.max(total, 0),
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: input.subscription.currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: {
        metadata: input.subscription.metadata,
        subscription: input.subscription.id,
      },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

/** A pending proration: the credit for unused time on the old price, or the charge for the new one. */
export function buildProrationItem(input: {
  customer: string;
  subscription: string;
  subscriptionItem: string;
  price: Stripe.Price;
  quantity: number;
  amount: number;
  start: number;
  end: number;
  description: string;
}): Stripe.InvoiceItem {
  return {
    id: stripeId("ii"),
    object: "invoiceitem",
    amount: input.amount,
    currency: input.price.currency,
    customer: input.customer,
    customer_account: null,
    date: nowSeconds(),
    description: input.description,
    discountable: false,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_details",
      subscription_details: { subscription: input.subscription, subscription_item: input.subscriptionItem },
    },
    period: { start: input.start, end: input.end },
    pricing: {
      type: "price_details",
      price_details: { price: input.price.id, product: String(input.price.product) },
      unit_amount_decimal: input.price.unit_amount_decimal,
    },
    proration: true,
    quantity: input.quantity,
    quantity_decimal: Stripe.Decimal.from(String(input.quantity)),
    tax_rates: [],
    test_clock: null,
  };
}
