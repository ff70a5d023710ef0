/** Builders of the hosted sessions: Checkout (`cs_test_…`) and the customer portal (`bps_…`). */
import type Stripe from "stripe";
import { nowSeconds, stripeId } from "./ids";

export interface CheckoutLine {
  price: Stripe.Price;
  quantity: number;
}

export function buildCheckoutSession(input: {
  baseUrl: string;
  customer: string | null;
  customerEmail: string | null;
  lines: CheckoutLine[];
  successUrl: string | null;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  allowPromotionCodes: boolean | null;
  /** Nothing is due today during a trial. */
  trialDays: number | null;
}): Stripe.Checkout.Session {
  const id = stripeId("cs_test");
  const now = nowSeconds();
  const amount = input.trialDays
    ? 0
    : input.lines.reduce((sum, line) => sum + (line.price.unit_amount ?? 0) * line.quantity, 0);
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: input.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: input.lines[0]?.price.currency ?? "usd",
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.customer ? null : "always",
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: now + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: input.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: `${input.baseUrl}/checkout/${id}`,
    wallet_options: null,
  };
}

/** `line_items`, which Stripe returns only when expanded. */
export function buildCheckoutLineItems(
  sessionId: string,
  lines: CheckoutLine[],
): Stripe.ApiList<Stripe.LineItem> {
  return {
    object: "list",
    has_more: false,
    url: `/v1/checkout/sessions/${sessionId}/line_items`,
    data: lines.map((line) => {
      const amount = (line.price.unit_amount ?? 0) * line.quantity;
      return {
        id: stripeId("li"),
        object: "item",
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: amount,
        amount_tax: 0,
        amount_total: amount,
        currency: line.price.currency,
        description: line.price.nickname ?? String(line.price.product),
        metadata: {},
        price: line.price,
        quantity: line.quantity,
      };
    }),
  };
}

export function buildPortalSession(input: {
  baseUrl: string;
  customer: string;
  returnUrl: string | null;
}): Stripe.BillingPortal.Session {
  const id = stripeId("bps");
  return {
    id,
    object: "billing_portal.session",
    configuration: "bpc_fake_default",
    created: nowSeconds(),
    customer: input.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: `${input.baseUrl}/portal/${id}`,
  };
}
