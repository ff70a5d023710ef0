import * as tables from "@loom-lite/schema/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { billingConfig } from "../src/services/billing/config";
import { stripeClient } from "../src/services/billing/stripe-client";
import { signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { seedCampaign } from "./helpers/render-world";
import {
  billingRow,
  billingWorker,
  checkout,
  deliver,
  deliverAll,
  deliverNew,
  eventsOf,
  fakeStripe,
  sessionIdOf,
  stripeVars,
  subscribe,
  workspacePlan,
} from "./helpers/stripe";

const config = billingConfig(stripeVars as never);
if (!config) throw new Error("stripeVars do not turn billing on");
/** The test's own view of the fake Stripe, through the same SDK the Worker uses. */
const stripe = stripeClient(config);

async function customerOf(account: TestAccount): Promise<string> {
  return (await billingRow(account.workspaceId))?.stripeCustomerId as string;
}

async function eventRow(id: string) {
  const [row] = await withDb((db) =>
    db.select().from(tables.stripeEvents).where(eq(tables.stripeEvents.id, id)),
  );
  return row;
}

describe("subscribing through Stripe Checkout", () => {
  it("puts the plan in force once the checkout's events arrive", async () => {
    const owner = await signUp("Subscriber");
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("trial");
    const answer = await checkout(owner, "growth", "monthly");
    expect(answer.kind).toBe("checkout");
    expect(answer.url).toMatch(/\/checkout\/cs_test_/);
    // Nothing changes before the payment.
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("trial");
    const session = await stripe.checkout.sessions.retrieve(sessionIdOf(answer.url as string));
    expect(session.mode).toBe("subscription");
    expect(session.client_reference_id).toBe(owner.workspaceId);
    expect(session.success_url).toBe("http://localhost/app#/settings/billing?checkout=success");

    expect(await fakeStripe.completeCheckout(session.id)).toEqual({ ok: true });
    await deliverAll(await eventsOf(await customerOf(owner)));

    expect(await workspacePlan(owner.workspaceId)).toEqual({ plan: "growth", renderConcurrency: 4 });
    const row = await billingRow(owner.workspaceId);
    expect(row).toMatchObject({
      subscriptionStatus: "active",
      stripePriceId: config.prices.growth.monthly,
      interval: "monthly",
      cancelAtPeriodEnd: false,
      pastDueSince: null,
    });
    expect(row?.periodEnd?.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    // Seats are included in the plan: one unit of the plan's price, whatever the member count.
    const sub = await stripe.subscriptions.retrieve(row?.stripeSubscriptionId as string);
    expect(sub.items.data.map((item) => item.quantity)).toEqual([1]);
  });

  it("starts the renders the old plan held as soon as the new plan is in force, and rebuilds the landing pages", async () => {
    const owner = await signUp("Held back");
    const seeded = await seedCampaign({ workspaceId: owner.workspaceId, leads: 2 });
    const [landingBefore] = await withDb((db) =>
      db
        .select({ version: tables.workspaces.landingVersion })
        .from(tables.workspaces)
        .where(eq(tables.workspaces.id, owner.workspaceId)),
    );
    // What the trial's minutes did not cover waits as blocked_quota with its reservation.
    await withDb((db) =>
      db
        .update(tables.renders)
        .set({ state: "blocked_quota", reservedMs: 2_000, errorCode: "quota_exceeded" })
        .where(inArray(tables.renders.id, seeded.renderIds)),
    );

    const answer = await checkout(owner, "growth", "monthly");
    await fakeStripe.completeCheckout(sessionIdOf(answer.url as string));
    await deliverAll(await eventsOf(await customerOf(owner)));

    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("growth");
    const rows = await withDb((db) =>
      db
        .select({ state: tables.renders.state })
        .from(tables.renders)
        .where(inArray(tables.renders.id, seeded.renderIds)),
    );
    expect(rows.map((r) => r.state)).toEqual(["queued", "queued"]);
    const [landingAfter] = await withDb((db) =>
      db
        .select({ version: tables.workspaces.landingVersion })
        .from(tables.workspaces)
        .where(eq(tables.workspaces.id, owner.workspaceId)),
    );
    expect(landingAfter?.version).toBeGreaterThan(landingBefore?.version ?? 0);
  });

  it("creates one customer per workspace, even for two first checkouts at once", async () => {
    const owner = await signUp("Racer");
    const [a, b] = await Promise.all([checkout(owner, "starter"), checkout(owner, "team")]);
    const customer = await customerOf(owner);
    const [sa, sb] = await Promise.all([
      stripe.checkout.sessions.retrieve(sessionIdOf(a.url as string)),
      stripe.checkout.sessions.retrieve(sessionIdOf(b.url as string)),
    ]);
    expect(sa.customer).toBe(customer);
    expect(sb.customer).toBe(customer);
    const created = (await fakeStripe.requests()).filter(
      (r) =>
        r.method === "POST" &&
        r.path === "/v1/customers" &&
        r.params.metadata &&
        (r.params.metadata as Record<string, string>).workspace_id === owner.workspaceId,
    );
    // Both asked with one idempotency key; Stripe made one customer.
    expect(new Set(created.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(created.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it("ends two raced checkouts with one live subscription, the older one, whatever order the events come in", async () => {
    const owner = await signUp("Double payer");
    const [first, second] = [await checkout(owner, "starter"), await checkout(owner, "growth")];
    expect(first.kind).toBe("checkout");
    expect(second.kind).toBe("checkout");
    await fakeStripe.completeCheckout(sessionIdOf(first.url as string));
    await fakeStripe.completeCheckout(sessionIdOf(second.url as string));
    const customer = await customerOf(owner);
    // The newer checkout's events first.
    const events = await eventsOf(customer);
    const completed = events.filter((e) => e.type === "checkout.session.completed");
    expect(completed).toHaveLength(2);
    await deliverAll([...completed].reverse());
    await deliverAll(events);

    const subs = await stripe.subscriptions.list({ customer, status: "all" });
    const live = subs.data.filter((s) => ["active", "trialing", "past_due"].includes(s.status));
    expect(live).toHaveLength(1);
    const older = [...subs.data].sort((x, y) => x.created - y.created || (x.id < y.id ? -1 : 1))[0];
    expect(live[0]?.id).toBe(older?.id);
    const row = await billingRow(owner.workspaceId);
    expect(row?.stripeSubscriptionId).toBe(live[0]?.id);
    expect(row?.subscriptionStatus).toBe("active");
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe(
      live[0]?.items.data[0]?.price.id === config.prices.starter.monthly ? "starter" : "growth",
    );
    // The cancellation's own event leaves the kept subscription in force.
    await deliverNew(customer, new Set(events.map((e) => e.id)));
    expect((await billingRow(owner.workspaceId))?.stripeSubscriptionId).toBe(live[0]?.id);
    // The cancelled duplicate's first payment comes back as credit for the kept subscription's invoices.
    const cancelled = subs.data.find((sub) => sub.id !== live[0]?.id);
    const paidForNothing = cancelled?.items.data[0]?.price.unit_amount ?? 0;
    const { balance } = (await stripe.customers.retrieve(customer)) as Stripe.Customer;
    expect(paidForNothing).toBeGreaterThan(0);
    expect(-balance).toBeGreaterThan(paidForNothing * 0.99);
    expect(-balance).toBeLessThanOrEqual(paidForNothing);
  });
});

describe("webhook deliveries", () => {
  it("applies a redelivered event once and answers 200 to the repeat", async () => {
    const owner = await signUp("Redelivered");
    await subscribe(owner, "starter");
    const [event] = (await eventsOf(await customerOf(owner))).filter((e) => e.type === "invoice.paid");
    const again = await deliver(event);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await eventRow(event?.id as string)).toMatchObject({ state: "processed", attempts: 1 });
  });

  it("does not regress the plan when an older subscription event arrives after a newer one", async () => {
    const owner = await signUp("Out of order");
    const subId = await subscribe(owner, "starter");
    const customer = await customerOf(owner);
    const seen = new Set((await eventsOf(customer)).map((e) => e.id));
    expect((await checkout(owner, "team")).kind).toBe("upgraded");
    const fresh = (await eventsOf(customer)).filter((e) => !seen.has(e.id));
    const updated = fresh.filter((e) => e.type === "customer.subscription.updated");
    expect(updated.length).toBeGreaterThan(0);
    // A stale copy of the first state (Starter), as a late delivery of an older event would carry it.
    const created = (await eventsOf(customer)).find((e) => e.type === "customer.subscription.created");
    const stale = { ...created, id: `evt_stale_${subId}`, type: "customer.subscription.updated" };
    await deliverAll([...fresh].reverse());
    const res = await deliver(stale);
    expect(res.status).toBe(200);
    expect(await workspacePlan(owner.workspaceId)).toEqual({ plan: "team", renderConcurrency: 8 });
    expect((await billingRow(owner.workspaceId))?.stripePriceId).toBe(config.prices.team.monthly);
  });

  it("applies one event delivered three times at once exactly once", async () => {
    const owner = await signUp("Concurrent");
    const subId = await subscribe(owner, "starter");
    const customer = await customerOf(owner);
    const seen = new Set((await eventsOf(customer)).map((e) => e.id));
    await fakeStripe.failNextPayment(subId);
    await fakeStripe.advance(subId);
    const failed = (await eventsOf(customer)).find(
      (e) => e.type === "invoice.payment_failed" && !seen.has(e.id),
    );
    expect(failed).toBeDefined();
    const answers = await Promise.all([deliver(failed), deliver(failed), deliver(failed)]);
    const statuses = answers.map((r) => r.status).sort();
    // One applies it; the others see it processing (409, Stripe retries) or processed (200).
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const outcomes = await Promise.all(answers.filter((r) => r.status === 200).map((r) => r.json()));
    expect(outcomes.filter((o) => (o as { outcome: string }).outcome === "applied")).toHaveLength(1);
    const mails = await withDb((db) =>
      db
        .select()
        .from(tables.outboxEmails)
        .where(and(eq(tables.outboxEmails.to, owner.email), eq(tables.outboxEmails.kind, "payment_failed"))),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain("http://localhost/app#/settings/billing");
    expect(await eventRow(failed?.id as string)).toMatchObject({ state: "processed", attempts: 1 });
  });

  it("takes over an event stuck in processing past the timeout, and answers 409 to a fresh one", async () => {
    const owner = await signUp("Stuck");
    const answer = await checkout(owner, "growth");
    await fakeStripe.completeCheckout(sessionIdOf(answer.url as string));
    const events = await eventsOf(await customerOf(owner));
    const completed = events.find((e) => e.type === "checkout.session.completed");
    const id = completed?.id as string;
    // A worker began it a moment ago and is still at it: Stripe must come back later.
    await withDb((db) => db.insert(tables.stripeEvents).values({ id, type: "checkout.session.completed" }));
    const busy = await deliver(completed);
    expect(busy.status).toBe(409);
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("trial");
    // That worker died ten minutes ago.
    await withDb((db) =>
      db
        .update(tables.stripeEvents)
        .set({ lockedAt: sql`now() - interval '10 minutes'` })
        .where(eq(tables.stripeEvents.id, id)),
    );
    const taken = await deliver(completed);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toEqual({ received: true, outcome: "applied" });
    expect(await eventRow(id)).toMatchObject({ state: "processed", attempts: 2 });
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("growth");
  });

  it("refuses a bad signature with 400 and records nothing (attack)", async () => {
    const owner = await signUp("Forger");
    const before = await workspacePlan(owner.workspaceId);
    const forged = {
      id: `evt_forged_${owner.workspaceId}`,
      object: "event",
      type: "customer.subscription.updated",
      data: { object: { id: "sub_forged", object: "subscription", customer: "cus_x", status: "active" } },
    };
    const res = await deliver(forged, "whsec_attackers_own_secret_0123456789");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    expect(await eventRow(forged.id)).toBeUndefined();
    // Signed right but the body changed afterwards.
    const payload = JSON.stringify(forged);
    const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: stripeVars.STRIPE_WEBHOOK_SECRET as string,
    });
    const tampered = await deliverRaw(payload.replace("sub_forged", "sub_other"), signature);
    expect(tampered.status).toBe(400);
    const unsigned = await deliverRaw(payload, null);
    expect(unsigned.status).toBe(400);
    expect(await eventRow(forged.id)).toBeUndefined();
    expect(await workspacePlan(owner.workspaceId)).toEqual(before);
  });

  it("answers 200 to an event type it does not act on", async () => {
    const event = {
      id: `evt_unknown_${Date.now()}`,
      object: "event",
      type: "customer.tax_id.created",
      data: { object: {} },
    };
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: "ignored" });
    expect(await eventRow(event.id)).toMatchObject({ state: "processed" });
  });
});

function deliverRaw(body: string, signature: string | null): Promise<Response> {
  return billingWorker("/api/stripe/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
    body,
  });
}

describe("subscription states", () => {
  it("marks a failed payment past due, then unpaid drops the workspace to Free", async () => {
    const owner = await signUp("Declined");
    const subId = await subscribe(owner, "growth");
    const customer = await customerOf(owner);
    const seen = new Set((await eventsOf(customer)).map((e) => e.id));
    await fakeStripe.failNextPayment(subId);
    await fakeStripe.advance(subId);
    await deliverNew(customer, seen);
    const pastDue = await billingRow(owner.workspaceId);
    expect(pastDue?.subscriptionStatus).toBe("past_due");
    expect(pastDue?.pastDueSince).toBeInstanceOf(Date);
    // Grace: the plan stays while Stripe retries.
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("growth");
    // A later event does not move the start of the grace days.
    await deliverAll([
      (await eventsOf(customer)).filter((e) => e.type === "customer.subscription.updated").at(-1),
    ] as never);
    expect((await billingRow(owner.workspaceId))?.pastDueSince).toEqual(pastDue?.pastDueSince);

    await fakeStripe.advance(subId);
    await deliverNew(customer, seen);
    expect((await billingRow(owner.workspaceId))?.subscriptionStatus).toBe("unpaid");
    expect(await workspacePlan(owner.workspaceId)).toEqual({ plan: "free", renderConcurrency: 1 });
  });

  it("clears past_due_since once the payment goes through", async () => {
    const owner = await signUp("Recovered");
    const subId = await subscribe(owner, "starter");
    const customer = await customerOf(owner);
    const seen = new Set((await eventsOf(customer)).map((e) => e.id));
    await fakeStripe.failNextPayment(subId);
    await fakeStripe.advance(subId);
    await deliverNew(customer, seen);
    expect((await billingRow(owner.workspaceId))?.pastDueSince).not.toBeNull();
    // The owner opens the Customer Portal from the billing screen and gives a card that pays.
    const portal = await billingWorker("/api/billing/portal", { method: "POST", cookie: owner.cookie });
    const { url } = (await portal.json()) as { url: string };
    expect(portal.status).toBe(200);
    expect(url).toMatch(/\/portal\/bps_/);
    const paid = await fetch(`${url}/card`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "card_number=4242424242424242",
      redirect: "manual",
    });
    expect(paid.status).toBeLessThan(400);
    await fakeStripe.flushWebhooks();
    await deliverNew(customer, seen);
    expect(await billingRow(owner.workspaceId)).toMatchObject({
      subscriptionStatus: "active",
      pastDueSince: null,
    });
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("starter");
  });

  it("keeps the plan until the end of a period set to cancel, then Free", async () => {
    const owner = await signUp("Leaver");
    const subId = await subscribe(owner, "team");
    const customer = await customerOf(owner);
    const seen = new Set((await eventsOf(customer)).map((e) => e.id));
    // What the Customer Portal does when the owner cancels.
    await stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    await deliverNew(customer, seen);
    expect((await billingRow(owner.workspaceId))?.cancelAtPeriodEnd).toBe(true);
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("team");
    await fakeStripe.advance(subId);
    await deliverNew(customer, seen);
    expect((await billingRow(owner.workspaceId))?.subscriptionStatus).toBe("canceled");
    expect(await workspacePlan(owner.workspaceId)).toEqual({ plan: "free", renderConcurrency: 1 });
  });
});
