/**
 * The fake Stripe, driven through the official `stripe` SDK over real HTTP, with its webhooks received
 * by a local endpoint and verified with the SDK's `webhooks.constructEvent`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_FAKE_STRIPE_PRICES,
  type FakeStripe,
  fakeStripeVars,
  startFakeStripe,
  TEST_CARD_DECLINE_AFTER_ATTACH,
  TEST_CARD_SUCCESS,
} from "../src/fake-stripe/index";
import { waitFor } from "../src/wait";

interface Received {
  body: string;
  signature: string;
  event: Stripe.Event;
}

let fake: FakeStripe;
let stripe: Stripe;
let receiver: Server;
const received: Received[] = [];
/** How many of the next deliveries of events of type `failType` the receiver answers with 500. */
let failDeliveries = 0;
let failType = "";

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["stripe-signature"]), event: JSON.parse(body) });
      const fail = failDeliveries > 0 && (JSON.parse(body) as Stripe.Event).type === failType;
      if (fail) failDeliveries--;
      res.writeHead(fail ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  fake = await startFakeStripe({
    webhookUrl: `http://127.0.0.1:${port}/stripe/webhook`,
    webhookRetryDelaysMs: [20, 40],
  });
  stripe = new Stripe(fake.secretKey, {
    host: "127.0.0.1",
    port: fake.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
});

afterAll(async () => {
  await fake?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

beforeEach(() => {
  failDeliveries = 0;
  failType = "";
});

/** Events received for one object (a customer's, by its id somewhere in the payload). */
const eventsAbout = (id: string) => received.filter((r) => r.body.includes(`"${id}"`)).map((r) => r.event);

const typesAbout = (id: string) => eventsAbout(id).map((event) => event.type);

function monthLater(seconds: number, months = 1) {
  const date = new Date(seconds * 1000);
  date.setUTCMonth(date.getUTCMonth() + months);
  return Math.floor(date.getTime() / 1000);
}

/** Submits the hosted checkout page's form as a browser does. */
async function payOnHostedPage(url: string, card: string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card_number: card }).toString(),
    redirect: "manual",
  });
}

/** A customer subscribed through Checkout's hosted page with the 4242 card. */
async function subscribe(price: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const customer = await stripe.customers.create({
    email: "owner@example.com",
    metadata: { workspace: "ws_1" },
  });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price, quantity: 1 }],
    success_url: "http://127.0.0.1:9/billing?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://127.0.0.1:9/billing?canceled=1",
    ...extra,
  });
  const paid = await payOnHostedPage(session.url ?? "", TEST_CARD_SUCCESS);
  expect(paid.status).toBe(303);
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  const subscription = await stripe.subscriptions.retrieve(String(completed.subscription));
  await fake.controls.flushWebhooks();
  return { customer, session: completed, subscription };
}

describe("fake Stripe through the official SDK", () => {
  it("creates, retrieves and updates a customer with metadata", async () => {
    const created = await stripe.customers.create({
      email: "a@example.com",
      name: "Acme",
      metadata: { workspace: "w1" },
    });
    expect(created.id).toMatch(/^cus_\w{24}$/);
    expect(created).toMatchObject({
      object: "customer",
      email: "a@example.com",
      metadata: { workspace: "w1" },
    });
    const updated = await stripe.customers.update(created.id, {
      metadata: { plan: "growth", workspace: "" },
    });
    expect(updated.metadata).toEqual({ plan: "growth" });
    expect((await stripe.customers.retrieve(created.id)).id).toBe(created.id);
  });

  it("checkout: the hosted page takes the 4242 card, the subscription is active on the price for a month, signed webhooks arrive", async () => {
    const customer = await stripe.customers.create({ email: "buyer@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_growth_monthly", quantity: 1 }],
      success_url: "http://127.0.0.1:9/billing?session={CHECKOUT_SESSION_ID}",
      cancel_url: "http://127.0.0.1:9/billing?canceled=1",
      client_reference_id: "ws_42",
      metadata: { workspace: "ws_42" },
      subscription_data: { metadata: { workspace: "ws_42" } },
      allow_promotion_codes: true,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${fake.url}/checkout/${session.id}`);
    expect(session).toMatchObject({ status: "open", amount_total: 99_00, client_reference_id: "ws_42" });

    const page = await (await fetch(session.url ?? "")).text();
    expect(page).toContain("Growth monthly");
    expect(page).toContain("$99.00");
    expect(page).toContain('href="http://127.0.0.1:9/billing?canceled=1"');

    const paid = await payOnHostedPage(session.url ?? "", "4242 4242 4242 4242");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://127.0.0.1:9/billing?session=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription", "line_items"],
    });
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", customer: customer.id });
    expect(completed.line_items?.data[0]?.price?.id).toBe("price_growth_monthly");
    const expanded = completed.subscription as Stripe.Subscription;
    expect(expanded.object).toBe("subscription");

    const sub = await stripe.subscriptions.retrieve(expanded.id, {
      expand: ["items.data.price", "latest_invoice"],
    });
    expect(sub.id).toMatch(/^sub_/);
    expect(sub).toMatchObject({ status: "active", customer: customer.id, metadata: { workspace: "ws_42" } });
    const item = sub.items.data[0];
    expect(item?.id).toMatch(/^si_/);
    expect(item?.price).toMatchObject({
      id: "price_growth_monthly",
      unit_amount: 99_00,
      recurring: { interval: "month" },
    });
    expect(item?.current_period_end).toBe(monthLater(item?.current_period_start ?? 0));
    expect(Math.abs((item?.current_period_start ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      status: "paid",
      amount_paid: 99_00,
      billing_reason: "subscription_create",
    });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);

    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((i) => i.id)).toEqual([invoice.id]);

    const types = await waitFor(
      "the checkout's webhooks",
      () => {
        const seen = typesAbout(sub.id);
        return seen.includes("checkout.session.completed") && seen.includes("invoice.paid") && seen;
      },
      5_000,
      20,
    );
    expect(types).toEqual(["customer.subscription.created", "invoice.paid", "checkout.session.completed"]);
    for (const delivery of received.filter((r) => r.body.includes(sub.id))) {
      const event = stripe.webhooks.constructEvent(delivery.body, delivery.signature, fake.webhookSecret);
      expect(event.id).toMatch(/^evt_/);
      expect(event).toMatchObject({ object: "event", livemode: false, api_version: Stripe.API_VERSION });
    }
    const completedEvent = received.find(
      (r) => r.event.type === "checkout.session.completed" && r.body.includes(sub.id),
    );
    if (!completedEvent) throw new Error("no checkout.session.completed received");
    const object = (completedEvent.event as Stripe.CheckoutSessionCompletedEvent).data.object;
    expect(object).toMatchObject({ id: session.id, client_reference_id: "ws_42", subscription: sub.id });

    const tampered = completedEvent?.body.replace('"ws_42"', '"ws_43"') ?? "";
    expect(tampered).not.toBe(completedEvent?.body);
    expect(() =>
      stripe.webhooks.constructEvent(tampered, completedEvent?.signature ?? "", fake.webhookSecret),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() =>
      stripe.webhooks.constructEvent(
        completedEvent?.body ?? "",
        completedEvent?.signature ?? "",
        "whsec_other",
      ),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("a declined card completes nothing and the page says so", async () => {
    const customer = await stripe.customers.create({ email: "declined@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_starter_monthly", quantity: 1 }],
      success_url: "http://127.0.0.1:9/ok",
    });
    const declined = await payOnHostedPage(session.url ?? "", TEST_CARD_DECLINE_AFTER_ATTACH);
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    const invalid = await payOnHostedPage(session.url ?? "", "1234");
    expect(await invalid.text()).toContain("Your card number is invalid.");

    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toEqual([]);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toEqual([]);
    await fake.controls.flushWebhooks();
    expect(eventsAbout(customer.id)).toEqual([]);
  });

  it("a trial subscription starts trialing with a $0 invoice and becomes active when the trial ends", async () => {
    const { session, subscription } = await subscribe("price_starter_monthly", {
      subscription_data: { trial_period_days: 14 },
    });
    expect(session).toMatchObject({ amount_total: 0, payment_status: "no_payment_required" });
    expect(subscription.status).toBe("trialing");
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(14 * 24 * 3600);
    expect(subscription.items.data[0]?.current_period_end).toBe(subscription.trial_end);
    const advanced = await fake.controls.advance(subscription.id);
    expect(advanced.status).toBe("active");
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((i) => [i.billing_reason, i.amount_paid, i.status])).toEqual([
      ["subscription_cycle", 39_00, "paid"],
      ["subscription_create", 0, "paid"],
    ]);
  });

  it("replays an idempotent request and refuses the same key with other parameters", async () => {
    const key = `idem-${Date.now()}`;
    const first = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const again = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    await expect(
      stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: key }),
    ).rejects.toMatchObject({ type: "StripeIdempotencyError", statusCode: 400 });
    const logged = (await fake.controls.requests()).filter((r) => r.idempotencyKey === key);
    expect(logged.map((r) => [r.method, r.path, r.status, r.replayed])).toEqual([
      ["POST", "/v1/customers", 200, false],
      ["POST", "/v1/customers", 200, true],
      ["POST", "/v1/customers", 400, false],
    ]);
  });

  it("answers errors in Stripe's envelope, which the SDK raises as its own error classes", async () => {
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: "price_team_monthly", quantity: 1 }],
      }),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      param: "success_url",
      code: "parameter_missing",
    });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: "price_team_monthly", quantity: 1 }],
        success_url: "javascript:alert(1)",
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "success_url",
      message: expect.stringContaining("Not a valid URL"),
    });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        line_items: [{ price: "price_nope", quantity: 1 }],
        success_url: "http://127.0.0.1:9/ok",
      }),
    ).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", param: "line_items[0][price]" });
    const missing = stripe.subscriptions.retrieve("sub_doesnotexist");
    await expect(missing).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(missing).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    await expect(
      stripe.customers.create({ email: "x@example.com", colour: "red" } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({
      code: "parameter_unknown",
      param: "colour",
    });
    const wrongKey = new Stripe("sk_test_wrong", {
      host: "127.0.0.1",
      port: fake.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    await expect(wrongKey.customers.create({})).rejects.toMatchObject({
      type: "StripeAuthenticationError",
      statusCode: 401,
    });
  });

  it("an upgrade prorates into pending invoice items billed at renewal; always_invoice bills at once", async () => {
    const { customer, subscription } = await subscribe("price_growth_monthly");
    const item = subscription.items.data[0];
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item?.id, price: "price_team_monthly" }],
      proration_behavior: "create_prorations",
    });
    expect(updated.items.data[0]?.price.id).toBe("price_team_monthly");
    expect(updated.items.data[0]?.id).toBe(item?.id);
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    const amounts = pending.data.map((ii) => ii.amount).sort((a, b) => a - b);
    // Upgraded seconds after the period started: almost the whole month is credited and charged.
    expect(amounts[0]).toBeLessThanOrEqual(-98_00);
    expect(amounts[0]).toBeGreaterThanOrEqual(-99_00);
    expect(amounts[1]).toBeGreaterThanOrEqual(298_00);
    expect(amounts[1]).toBeLessThanOrEqual(299_00);
    expect(pending.data.every((ii) => ii.proration)).toBe(true);

    await fake.controls.flushWebhooks();
    const updatedEvent = eventsAbout(subscription.id).find((e) => e.type === "customer.subscription.updated");
    expect((updatedEvent as Stripe.CustomerSubscriptionUpdatedEvent).data.previous_attributes).toHaveProperty(
      "items",
    );

    await fake.controls.advance(subscription.id);
    const renewal = (await stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data[0];
    expect(renewal?.billing_reason).toBe("subscription_cycle");
    expect(renewal?.lines.data).toHaveLength(3);
    expect(renewal?.total).toBe(299_00 + (amounts[0] ?? 0) + (amounts[1] ?? 0));
    expect(renewal?.status).toBe("paid");
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);

    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item?.id, quantity: 2 }],
      proration_behavior: "always_invoice",
    });
    const immediate = (await stripe.invoices.list({ subscription: subscription.id, limit: 1 })).data[0];
    expect(immediate?.billing_reason).toBe("subscription_update");
    expect(immediate?.status).toBe("paid");
    // The renewal moved the period into the future, so the whole period is prorated: -1 seat + 2 seats.
    expect(immediate?.total).toBe(299_00);
  });

  it("cancel at period end keeps the subscription until the period ends, then deletes it", async () => {
    const { customer, subscription } = await subscribe("price_starter_yearly");
    const item = subscription.items.data[0];
    expect(item?.current_period_end).toBe(monthLater(item?.current_period_start ?? 0, 12));
    const canceling = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(canceling).toMatchObject({
      status: "active",
      cancel_at_period_end: true,
      cancel_at: item?.current_period_end,
    });
    const ended = await fake.controls.advance(subscription.id);
    expect(ended.status).toBe("canceled");
    await waitFor(
      "the deleted event",
      () => typesAbout(subscription.id).includes("customer.subscription.deleted"),
      5_000,
      20,
    );
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data[0]?.id).toBe(
      subscription.id,
    );
    await expect(
      stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false }),
    ).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "cancel_at_period_end" });
  });

  it("DELETE cancels at once", async () => {
    const { subscription } = await subscribe("price_team_monthly");
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).not.toBeNull();
    await fake.controls.flushWebhooks();
    expect(typesAbout(subscription.id)).toContain("customer.subscription.deleted");
  });

  it("DELETE with prorate and invoice_now credits the unused period, which the next invoice uses first", async () => {
    const { customer, subscription } = await subscribe("price_starter_monthly");
    await stripe.subscriptions.cancel(subscription.id, { prorate: true, invoice_now: true });
    const { balance } = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(balance).toBeLessThan(-3_900 * 0.99);
    expect(balance).toBeGreaterThanOrEqual(-3_900);

    const again = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_growth_monthly", quantity: 1 }],
      success_url: "http://127.0.0.1:9/billing",
      cancel_url: "http://127.0.0.1:9/billing",
    });
    expect(await fake.controls.completeCheckout(again.id)).toMatchObject({ ok: true });
    const sub = String((await stripe.checkout.sessions.retrieve(again.id)).subscription);
    const [first] = (await stripe.invoices.list({ subscription: sub })).data;
    expect(first).toMatchObject({ total: 9_900, amount_due: 9_900 + balance, starting_balance: balance });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
  });

  it("a failed renewal makes the subscription past_due, then unpaid; a new card pays it", async () => {
    const { customer, subscription } = await subscribe("price_growth_monthly");
    await fake.controls.failNextPayment(subscription.id);
    const pastDue = await fake.controls.advance(subscription.id);
    expect(pastDue.status).toBe("past_due");
    const open = (await stripe.invoices.list({ subscription: subscription.id, status: "open" })).data[0];
    expect(open).toMatchObject({ attempt_count: 1, amount_paid: 0, billing_reason: "subscription_cycle" });
    expect(typesAbout(subscription.id).filter((t) => t === "invoice.payment_failed")).toHaveLength(1);

    const unpaid = await fake.controls.advance(subscription.id);
    expect(unpaid.status).toBe("unpaid");
    expect((await stripe.invoices.retrieve(open?.id ?? "")).attempt_count).toBe(2);

    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://127.0.0.1:9/b",
    });
    const updated = await fetch(`${portal.url}/card`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `card_number=${TEST_CARD_SUCCESS}`,
    });
    expect(await updated.text()).toContain("Your card was updated.");
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    expect((await stripe.invoices.retrieve(open?.id ?? "")).status).toBe("paid");
    await fake.controls.flushWebhooks();
    expect(typesAbout(subscription.id).slice(-2)).toEqual(["invoice.paid", "customer.subscription.updated"]);
  });

  it("the portal page cancels, resumes and switches plan as the API does", async () => {
    const { customer, subscription } = await subscribe("price_starter_monthly");
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "http://127.0.0.1:9/b",
    });
    expect(portal.id).toMatch(/^bps_/);
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain("Starter monthly");
    expect(page).toContain('href="http://127.0.0.1:9/b"');
    const act = (what: string, body = "") =>
      fetch(`${portal.url}/subscriptions/${subscription.id}/${what}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
      });
    expect((await act("cancel")).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    await act("resume");
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    await act("switch", "price=price_growth_monthly");
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(
      "price_growth_monthly",
    );
    await fake.controls.flushWebhooks();
    expect(typesAbout(subscription.id).filter((t) => t === "customer.subscription.updated")).toHaveLength(3);

    const other = await subscribe("price_team_monthly");
    const foreign = await fetch(`${portal.url}/subscriptions/${other.subscription.id}/cancel`, {
      method: "POST",
    });
    expect(foreign.status).toBe(404);
    expect((await stripe.subscriptions.retrieve(other.subscription.id)).cancel_at_period_end).toBe(false);
  });

  it("records meter events and refuses a repeated identifier", async () => {
    const customer = await stripe.customers.create({});
    const identifier = `render_${Date.now()}`;
    const event = await stripe.billing.meterEvents.create({
      event_name: "render_minutes",
      identifier,
      payload: { stripe_customer_id: customer.id, value: "3" },
    });
    expect(event).toMatchObject({ object: "billing.meter_event", identifier, payload: { value: "3" } });
    await expect(
      stripe.billing.meterEvents.create({
        event_name: "render_minutes",
        identifier,
        payload: { stripe_customer_id: customer.id, value: "3" },
      }),
    ).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      param: "identifier",
      message: expect.stringContaining(`An event already exists with identifier ${identifier}`),
      headers: expect.objectContaining({ "stripe-should-retry": "false" }),
    });
    const metered = (await fake.controls.meterEvents()).filter(
      (e) => e.payload.stripe_customer_id === customer.id,
    );
    expect(metered.map((e) => [e.identifier, e.payload.value])).toEqual([[identifier, "3"]]);
  });

  it("delivers chosen events out of order and twice, and redelivers one by id", async () => {
    const { subscription } = await subscribe("price_starter_monthly");
    await stripe.subscriptions.update(subscription.id, { metadata: { note: "x" } });
    await fake.controls.flushWebhooks();
    const events = (await fake.controls.events()).filter((e) =>
      JSON.stringify(e.data.object).includes(subscription.id),
    );
    const created = events.find((e) => e.type === "customer.subscription.created");
    const updated = events.find((e) => e.type === "customer.subscription.updated");
    const before = received.length;
    const attempts = await fake.controls.deliver([updated?.id ?? "", created?.id ?? "", updated?.id ?? ""]);
    expect(attempts.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(received.slice(before).map((r) => r.event.id)).toEqual([updated?.id, created?.id, updated?.id]);
    for (const r of received.slice(before))
      stripe.webhooks.constructEvent(r.body, r.signature, fake.webhookSecret);

    await fake.controls.redeliver(created?.id ?? "");
    expect(received.at(-1)?.event.id).toBe(created?.id);
  });

  it("retries a delivery that was not answered 2xx, a bounded number of times", async () => {
    const deliveriesOf = async (type: string, customer: string) => {
      const event = (await fake.controls.events()).find(
        (e) => e.type === type && JSON.stringify(e.data.object).includes(customer),
      );
      return (await fake.controls.deliveries()).filter((a) => a.eventId === event?.id);
    };
    const checkout = async () => {
      const customer = await stripe.customers.create({});
      const session = await stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customer.id,
        line_items: [{ price: "price_starter_monthly", quantity: 1 }],
        success_url: "http://127.0.0.1:9/ok",
      });
      expect(await fake.controls.completeCheckout(session.id)).toEqual({ ok: true });
      return customer.id;
    };

    failType = "customer.subscription.created";
    failDeliveries = 2;
    const recovered = await checkout();
    const attempts = await waitFor(
      "the retried delivery",
      async () => {
        const all = await deliveriesOf("customer.subscription.created", recovered);
        return all.some((a) => a.status === 200) && all;
      },
      5_000,
      20,
    );
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);

    failType = "invoice.paid";
    failDeliveries = 100;
    const failing = await checkout();
    await waitFor(
      "the retries to run out",
      async () => (await fake.controls.flushWebhooks()).pendingRetries === 0,
      5_000,
      20,
    );
    expect((await deliveriesOf("invoice.paid", failing)).map((a) => a.status)).toEqual([500, 500, 500]);
  });

  it("works with the Workers configuration: the fetch HTTP client and constructEventAsync with SubtleCrypto", async () => {
    const workerStripe = new Stripe(fake.secretKey, {
      host: "127.0.0.1",
      port: fake.port,
      protocol: "http",
      httpClient: Stripe.createFetchHttpClient(),
    });
    const customer = await workerStripe.customers.create({ metadata: { workspace: "ws_fetch" } });
    const session = await workerStripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_team_yearly", quantity: 1 }],
      success_url: "http://127.0.0.1:9/ok",
    });
    await fake.controls.completeCheckout(session.id);
    const delivery = received.find((r) => r.event.type === "invoice.paid" && r.body.includes(customer.id));
    if (!delivery) throw new Error("no invoice.paid received");
    const event = await workerStripe.webhooks.constructEventAsync(
      delivery.body,
      delivery.signature,
      fake.webhookSecret,
      undefined,
      Stripe.createSubtleCryptoProvider(),
    );
    expect(event.type).toBe("invoice.paid");
    expect((event as Stripe.InvoicePaidEvent).data.object.amount_paid).toBe(2990_00);
  });

  it("lists and retrieves the configured prices, and names the Worker's variables", async () => {
    const prices = await stripe.prices.list({ limit: 100 });
    expect(prices.data.map((p) => p.id).sort()).toEqual(DEFAULT_FAKE_STRIPE_PRICES.map((p) => p.id).sort());
    const byLookup = await stripe.prices.list({ lookup_keys: ["team_yearly"] });
    expect(byLookup.data.map((p) => [p.id, p.unit_amount])).toEqual([["price_team_yearly", 2990_00]]);
    expect((await stripe.prices.retrieve("price_growth_yearly")).unit_amount).toBe(990_00);
    const vars = fakeStripeVars(fake.url);
    expect(vars).toMatchObject({
      STRIPE_API_BASE: fake.url,
      STRIPE_SECRET_KEY: fake.secretKey,
      STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
      STRIPE_PRICE_STARTER_MONTHLY: "price_starter_monthly",
      STRIPE_PRICE_TEAM_YEARLY: "price_team_yearly",
    });
    expect(Object.keys(vars).filter((k) => k.startsWith("STRIPE_PRICE_"))).toHaveLength(6);
    expect(vars.STRIPE_METER_EVENT_NAME).toBeTruthy();
  });
});
