import * as tables from "@loom-lite/schema/db";
import { fakeStripeControls } from "@loom-lite/testkit/fake-stripe/control-client";
import type { FakeEvent } from "@loom-lite/testkit/fake-stripe/webhooks";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { expect, inject } from "vitest";
import type { TestAccount } from "./accounts";
import { withDb } from "./db";
import { type WorkerFetch, workerWith } from "./worker-with";

export const stripeVars = inject("stripeVars");
/** The Worker with billing on, against the fake Stripe. */
export const billingWorker: WorkerFetch = workerWith(stripeVars);
export const fakeStripe = fakeStripeControls(inject("fakeStripeUrl"));

const WEBHOOK_SECRET = stripeVars.STRIPE_WEBHOOK_SECRET as string;

/** POSTs an event to the webhook endpoint as Stripe does: its JSON, signed with the endpoint's secret. */
export async function deliver(event: unknown, secret = WEBHOOK_SECRET): Promise<Response> {
  const payload = JSON.stringify(event, null, 2);
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret });
  return billingWorker("/api/stripe/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
    // Stripe's servers send no Origin.
  });
}

/** Delivers events in the given order, each answered 200. */
export async function deliverAll(events: FakeEvent[]): Promise<void> {
  for (const event of events) {
    const res = await deliver(event);
    expect(res.status, `${event.type} ${event.id}: ${await res.clone().text()}`).toBe(200);
  }
}

export const customerOfEvent = (event: FakeEvent): string | null => {
  const customer = (event.data.object as { customer?: string | { id: string } | null }).customer;
  return customer == null ? null : typeof customer === "string" ? customer : customer.id;
};

/** The fake's events about this customer, oldest first (all of them, delivered or not). */
export async function eventsOf(customerId: string): Promise<FakeEvent[]> {
  return (await fakeStripe.events()).filter((event) => customerOfEvent(event) === customerId);
}

export async function billingRow(workspaceId: string) {
  const [row] = await withDb((db) =>
    db.select().from(tables.workspaceBilling).where(eq(tables.workspaceBilling.workspaceId, workspaceId)),
  );
  return row;
}

export async function workspacePlan(workspaceId: string) {
  const [row] = await withDb((db) =>
    db
      .select({ plan: tables.workspaces.plan, renderConcurrency: tables.workspaces.renderConcurrency })
      .from(tables.workspaces)
      .where(eq(tables.workspaces.id, workspaceId)),
  );
  return row;
}

export type CheckoutAnswer = {
  kind: string;
  url?: string;
  plan?: string;
  interval?: string;
  at?: string;
};

/** The owner asks for a plan; answers the API's result. */
export async function checkout(
  owner: TestAccount,
  plan: string,
  interval = "monthly",
): Promise<CheckoutAnswer> {
  const res = await billingWorker("/api/billing/checkout", {
    method: "POST",
    cookie: owner.cookie,
    json: { plan, interval },
  });
  const body = (await res.json()) as CheckoutAnswer;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

export const sessionIdOf = (url: string) => /\/(cs_test_\w+)/.exec(url)?.[1] as string;

/**
 * Subscribes the owner's workspace to `plan` through Checkout: the session, paid with the test card
 * at the fake, and every event it caused delivered in order. Answers the subscription id.
 */
export async function subscribe(owner: TestAccount, plan: string, interval = "monthly"): Promise<string> {
  const answer = await checkout(owner, plan, interval);
  expect(answer.kind).toBe("checkout");
  const outcome = await fakeStripe.completeCheckout(sessionIdOf(answer.url as string));
  expect(outcome).toEqual({ ok: true });
  const customer = (await billingRow(owner.workspaceId))?.stripeCustomerId as string;
  await deliverAll(await eventsOf(customer));
  const row = await billingRow(owner.workspaceId);
  return row?.stripeSubscriptionId as string;
}

/** Delivers this customer's events that came after `seen` (event ids already handled). */
export async function deliverNew(customerId: string, seen: Set<string>): Promise<FakeEvent[]> {
  const fresh = (await eventsOf(customerId)).filter((event) => !seen.has(event.id));
  await deliverAll(fresh);
  for (const event of fresh) seen.add(event.id);
  return fresh;
}
