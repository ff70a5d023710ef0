/** A typed client for the fake Stripe's test controls (see controls.ts). */
import type Stripe from "stripe";
import type { CardOutcome } from "./billing";
import type { RecordedRequest } from "./controls";
import type { DeliveryAttempt, FakeEvent, FakeEventType } from "./webhooks";

export function fakeStripeControls(fakeUrl: string) {
  const call = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${fakeUrl}/_fake/stripe/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok && res.status !== 402) {
      throw new Error(
        `fake stripe control ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`,
      );
    }
    return json;
  };
  return {
    /** The current period ends now: renewal, or the end of a subscription set to cancel, or past_due → unpaid. */
    advance: (subscriptionId: string) =>
      call<Stripe.Subscription>("POST", `subscriptions/${subscriptionId}/advance`),
    /** This subscription's charges fail from the next one on, until the customer updates the card. */
    failNextPayment: (subscriptionId: string) =>
      call<Stripe.Subscription>("POST", `subscriptions/${subscriptionId}/fail-next-payment`),
    /** Pays a Checkout Session as its hosted page does (default card 4242…). */
    completeCheckout: (sessionId: string, card?: string) =>
      call<CardOutcome>("POST", `checkout/${sessionId}/complete`, { card }),
    events: <T extends FakeEventType>(type?: T) =>
      call<FakeEvent<T>[]>("GET", `events${type ? `?type=${encodeURIComponent(type)}` : ""}`),
    redeliver: (eventId: string) => call<DeliveryAttempt[]>("POST", `events/${eventId}/redeliver`),
    /** Sends recorded events in this order (repeats allowed), each after the previous one was answered. */
    deliver: (eventIds: string[]) => call<DeliveryAttempt[]>("POST", "events/deliver", { ids: eventIds }),
    deliveries: () => call<DeliveryAttempt[]>("GET", "deliveries"),
    /** Waits until every event emitted so far had its first delivery attempt answered. */
    flushWebhooks: () => call<{ pendingRetries: number }>("POST", "webhooks/flush"),
    requests: () => call<RecordedRequest[]>("GET", "requests"),
    meterEvents: () => call<Stripe.Billing.MeterEvent[]>("GET", "meter-events"),
  };
}
