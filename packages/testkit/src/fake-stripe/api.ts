/**
 * The `/v1` API for the calls a Worker's billing makes, in Stripe's wire format: form-encoded bodies
 * (bracket notation, parsed with `qs` as Stripe does), unknown parameters refused, list objects with
 * `limit`/`starting_after`, `expand[]`, and the error envelope.
 */
import type Stripe from "stripe";
import type { Billing } from "./billing";
import { invalidParam, missingParam, StripeApiError } from "./errors";
import { expandObject } from "./expand";
import type { MeterEvents } from "./meter-events";
import { mergeMetadata, Params } from "./params";
import { buildCheckoutLineItems } from "./sessions";

export interface ApiResult {
  status: number;
  body: unknown;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Top-level parameters the route reads; anything else is `parameter_unknown`, as on Stripe. */
  accepts: string[];
  run: (p: Params, match: string[], ctx: { idempotencyKey: string | null }) => unknown;
}

const LIST_PARAMS = ["limit", "starting_after", "ending_before", "expand"];

function list<T extends { id?: string }>(url: string, all: T[], p: Params): Stripe.ApiList<T> {
  const limit = p.integer("limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidParam("limit", "Invalid limit: must be between 1 and 100", "parameter_invalid_integer");
  }
  // Newest first, as Stripe lists.
  let rest = [...all].reverse();
  const after = p.string("starting_after");
  if (after) {
    const index = rest.findIndex((entry) => entry.id === after);
    if (index < 0) throw invalidParam("starting_after", `Invalid starting_after id: ${after}`);
    rest = rest.slice(index + 1);
  }
  const before = p.string("ending_before");
  if (before) {
    const index = rest.findIndex((entry) => entry.id === before);
    if (index < 0) throw invalidParam("ending_before", `Invalid ending_before id: ${before}`);
    rest = rest.slice(0, index);
  }
  return { object: "list", data: rest.slice(0, limit), has_more: rest.length > limit, url };
}

function routes(billing: Billing, meterEvents: MeterEvents): Route[] {
  const customerFields = (p: Params) => ({
    email: p.string("email") ?? null,
    name: p.string("name") ?? null,
  });
  return [
    {
      method: "POST",
      pattern: /^\/v1\/customers$/,
      accepts: ["email", "name", "metadata", "expand"],
      run: (p) => billing.createCustomer({ ...customerFields(p), metadata: p.metadata() ?? {} }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/customers\/([\w]+)$/,
      accepts: ["expand"],
      run: (_p, [, id = ""]) => billing.customer(id, "id"),
    },
    {
      method: "POST",
      pattern: /^\/v1\/customers\/([\w]+)$/,
      accepts: ["email", "name", "metadata", "expand"],
      run: (p, [, id = ""]) => {
        const cus = billing.customer(id, "id");
        if (p.has("email")) cus.email = p.string("email") || null;
        if (p.has("name")) cus.name = p.string("name") || null;
        cus.metadata = mergeMetadata(cus.metadata, p.metadata());
        return cus;
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/checkout\/sessions$/,
      accepts: [
        "mode",
        "customer",
        "customer_email",
        "line_items",
        "success_url",
        "cancel_url",
        "client_reference_id",
        "metadata",
        "subscription_data",
        "allow_promotion_codes",
        "expand",
      ],
      run: (p) => {
        const mode = p.oneOf("mode", ["payment", "setup", "subscription"]);
        if (!mode) throw missingParam("mode");
        if (mode !== "subscription") {
          throw invalidParam("mode", "The fake Stripe supports Checkout in mode=subscription only.");
        }
        const customer = p.string("customer") ?? null;
        const customerEmail = p.string("customer_email") ?? null;
        if (customer && customerEmail) {
          throw invalidParam(
            "customer_email",
            "You may only specify one of these parameters: customer, customer_email.",
          );
        }
        const items = p.list("line_items");
        if (items.length === 0) throw missingParam("line_items");
        const lines = items.map((item, index) => {
          const quantity = item.integer("quantity");
          if (quantity === undefined) throw missingParam(`line_items[${index}][quantity]`);
          if (quantity < 1)
            throw invalidParam(`line_items[${index}][quantity]`, "Quantity must be at least 1.");
          return { price: item.requiredString("price"), quantity };
        });
        const clientReferenceId = p.string("client_reference_id") ?? null;
        if (clientReferenceId && clientReferenceId.length > 200) {
          throw invalidParam("client_reference_id", "client_reference_id must be at most 200 characters.");
        }
        const successUrl = p.url("success_url");
        if (!successUrl) throw missingParam("success_url");
        const subscriptionData = p.nested("subscription_data");
        const trialDays = subscriptionData?.integer("trial_period_days") ?? null;
        if (trialDays !== null && (trialDays < 1 || trialDays > 730)) {
          throw invalidParam(
            "subscription_data[trial_period_days]",
            "trial_period_days must be between 1 and 730.",
          );
        }
        return billing.createCheckoutSession({
          customer,
          customerEmail,
          lines,
          successUrl,
          cancelUrl: p.url("cancel_url") ?? null,
          clientReferenceId,
          metadata: p.metadata() ?? {},
          subscriptionMetadata: subscriptionData?.metadata() ?? {},
          trialDays,
          allowPromotionCodes: p.boolean("allow_promotion_codes") ?? null,
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/checkout\/sessions\/([\w]+)$/,
      accepts: ["expand"],
      run: (p, [, id = ""]) => {
        const { session, lines } = billing.checkout(id);
        // `line_items` is includable: present only when asked for.
        return p.strings("expand").includes("line_items")
          ? { ...session, line_items: buildCheckoutLineItems(session.id, lines) }
          : session;
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/checkout\/sessions\/([\w]+)\/line_items$/,
      accepts: LIST_PARAMS,
      run: (p, [, id = ""]) => {
        const { session, lines } = billing.checkout(id);
        const all = buildCheckoutLineItems(session.id, lines);
        return list(all.url, all.data, p);
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/billing_portal\/sessions$/,
      accepts: ["customer", "return_url", "expand"],
      run: (p) =>
        billing.createPortalSession({
          customer: p.requiredString("customer"),
          returnUrl: p.url("return_url") ?? null,
        }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/subscriptions$/,
      accepts: ["customer", "status", "price", ...LIST_PARAMS],
      run: (p) => {
        const status = p.oneOf("status", [
          "active",
          "all",
          "canceled",
          "ended",
          "incomplete",
          "incomplete_expired",
          "past_due",
          "paused",
          "trialing",
          "unpaid",
        ]);
        const found = billing.listSubscriptions({
          customer: p.string("customer"),
          status,
          price: p.string("price"),
        });
        return list("/v1/subscriptions", found, p);
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/subscriptions\/([\w]+)$/,
      accepts: ["expand"],
      run: (_p, [, id = ""]) => billing.subscription(id),
    },
    {
      method: "POST",
      pattern: /^\/v1\/subscriptions\/([\w]+)$/,
      accepts: ["items", "proration_behavior", "cancel_at_period_end", "metadata", "expand"],
      run: (p, [, id = ""], ctx) => {
        const items = p.list("items");
        if (items.length > 1)
          throw invalidParam("items", "The fake Stripe changes one subscription item at a time.");
        const first = items[0];
        let item: { id: string; price?: string; quantity?: number } | undefined;
        if (first) {
          const quantity = first.integer("quantity");
          if (quantity !== undefined && quantity < 1) {
            throw invalidParam("items[0][quantity]", "Quantity must be at least 1.");
          }
          item = { id: first.requiredString("id"), price: first.string("price"), quantity };
        }
        const current = billing.subscription(id);
        const metadata = p.metadata();
        return billing.updateSubscription(
          id,
          {
            item,
            prorationBehavior: p.oneOf("proration_behavior", ["create_prorations", "always_invoice", "none"]),
            cancelAtPeriodEnd: p.boolean("cancel_at_period_end"),
            metadata: metadata === undefined ? undefined : mergeMetadata(current.metadata, metadata),
          },
          ctx.idempotencyKey,
        );
      },
    },
    {
      method: "DELETE",
      pattern: /^\/v1\/subscriptions\/([\w]+)$/,
      accepts: ["expand", "invoice_now", "prorate"],
      run: (p, [, id = ""], ctx) =>
        billing.cancelSubscription(id, ctx.idempotencyKey, {
          prorate: p.boolean("prorate") ?? false,
          invoiceNow: p.boolean("invoice_now") ?? false,
        }),
    },
    {
      method: "GET",
      pattern: /^\/v1\/prices$/,
      accepts: ["active", "lookup_keys", "product", ...LIST_PARAMS],
      run: (p) => {
        const lookupKeys = p.strings("lookup_keys");
        const product = p.string("product");
        const active = p.boolean("active");
        const found = billing
          .prices()
          .filter(
            (price) =>
              (lookupKeys.length === 0 ||
                (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))) &&
              (!product || price.product === product) &&
              (active === undefined || price.active === active),
          )
          .reverse();
        return list("/v1/prices", found, p);
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/prices\/([\w]+)$/,
      accepts: ["expand"],
      run: (_p, [, id = ""]) => billing.price(id, "id"),
    },
    {
      method: "GET",
      pattern: /^\/v1\/invoices$/,
      accepts: ["customer", "subscription", "status", ...LIST_PARAMS],
      run: (p) =>
        list(
          "/v1/invoices",
          billing.listInvoices({
            customer: p.string("customer"),
            subscription: p.string("subscription"),
            status: p.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"]),
          }),
          p,
        ),
    },
    {
      method: "GET",
      pattern: /^\/v1\/invoices\/([\w]+)$/,
      accepts: ["expand"],
      run: (_p, [, id = ""]) => billing.invoice(id),
    },
    {
      method: "GET",
      pattern: /^\/v1\/invoiceitems$/,
      accepts: ["customer", "pending", ...LIST_PARAMS],
      run: (p) =>
        list(
          "/v1/invoiceitems",
          billing.listInvoiceItems({ customer: p.string("customer"), pending: p.boolean("pending") }),
          p,
        ),
    },
    {
      method: "POST",
      pattern: /^\/v1\/billing\/meter_events$/,
      accepts: ["event_name", "payload", "identifier", "timestamp", "expand"],
      run: (p) => {
        const payload = p.nested("payload");
        if (!payload) throw missingParam("payload");
        payload.requiredString("stripe_customer_id");
        const value = payload.requiredString("value");
        if (!/^\d+$/.test(value))
          throw invalidParam("payload[value]", `Invalid value: ${value} must be a whole number.`);
        const identifier = p.string("identifier") ?? null;
        if (identifier !== null && (identifier.length === 0 || identifier.length > 100)) {
          throw invalidParam("identifier", "identifier must be 1 to 100 characters.");
        }
        const entries: Record<string, string> = {};
        for (const key of ["stripe_customer_id", "value"]) entries[key] = payload.requiredString(key);
        return meterEvents.record({
          eventName: p.requiredString("event_name"),
          payload: entries,
          identifier,
          timestamp: p.integer("timestamp") ?? null,
        });
      },
    },
  ];
}

export function createApi(billing: Billing, meterEvents: MeterEvents) {
  const table = routes(billing, meterEvents);
  return function handle(
    method: string,
    path: string,
    form: Record<string, unknown>,
    ctx: { idempotencyKey: string | null },
  ): ApiResult {
    const matching = table.filter((route) => route.pattern.test(path));
    const route = matching.find((candidate) => candidate.method === method);
    if (!route) {
      throw new StripeApiError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const p = new Params(form as ConstructorParameters<typeof Params>[0]);
    for (const key of Object.keys(form)) {
      if (!route.accepts.includes(key)) {
        throw invalidParam(key, `Received unknown parameter: ${key}`, "parameter_unknown");
      }
    }
    const match = route.pattern.exec(path) ?? [];
    const result = route.run(p, [...match], ctx);
    const wire = JSON.parse(JSON.stringify(result));
    const expand = p.strings("expand").filter((path) => path !== "line_items");
    return { status: 200, body: expandObject(wire, expand, (id) => billing.byId(id)) };
  };
}
