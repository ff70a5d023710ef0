/**
 * Events and their delivery, as Stripe sends them: a JSON event object POSTed to the endpoint with a
 * `Stripe-Signature` header made by the SDK's own `webhooks.generateTestHeaderString`, retried with
 * backoff while the endpoint answers anything but 2xx (bounded: Stripe retries for days, the fake a few
 * times). Every attempt is kept for tests to read.
 */
import Stripe from "stripe";
import { nowSeconds, stripeId } from "./ids";

export type FakeEventType =
  | "checkout.session.completed"
  | "customer.subscription.created"
  | "customer.subscription.updated"
  | "customer.subscription.deleted"
  | "invoice.paid"
  | "invoice.payment_failed";

/** The SDK's event type for each type the fake sends (`data.object` is a Subscription, an Invoice…). */
export type FakeEvent<T extends FakeEventType = FakeEventType> = Extract<Stripe.Event, { type: T }>;

export interface DeliveryAttempt {
  eventId: string;
  type: FakeEventType;
  attempt: number;
  /** HTTP status, or 0 when the endpoint could not be reached. */
  status: number;
  at: number;
}

export interface WebhookSenderOptions {
  /** Where events go; without one they are only recorded. */
  url?: string;
  secret: string;
  /** Waits before each retry; the default is three retries after 0.2 s, 1 s and 3 s. */
  retryDelaysMs?: readonly number[];
}

export function createWebhookSender(options: WebhookSenderOptions) {
  const events = new Map<string, FakeEvent>();
  const attempts: DeliveryAttempt[] = [];
  const retryDelays = options.retryDelaysMs ?? [200, 1000, 3000];
  const timers = new Set<NodeJS.Timeout>();
  // The first attempts go out one after another, in the order the changes happened.
  let queue: Promise<unknown> = Promise.resolve();

  async function post(event: FakeEvent, attempt: number): Promise<number> {
    if (!options.url) return 0;
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret });
    let status = 0;
    try {
      const res = await fetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 0;
    }
    attempts.push({ eventId: event.id, type: event.type, attempt, status, at: Date.now() });
    return status;
  }

  /** One delivery with its retries; resolves after the first attempt (retries run in the background). */
  async function deliverWithRetries(event: FakeEvent) {
    const status = await post(event, 1);
    if (status >= 200 && status < 300) return status;
    const retry = (index: number) => {
      const delay = retryDelays[index];
      if (delay === undefined) return;
      const timer = setTimeout(async () => {
        const next = await post(event, index + 2);
        if (next < 200 || next >= 300) retry(index + 1);
        // Only now, so that a retry in flight still counts as pending.
        timers.delete(timer);
      }, delay);
      timers.add(timer);
    };
    retry(0);
    return status;
  }

  return {
    /** Records a new event for `object` and queues its delivery. */
    emit<T extends FakeEventType>(
      type: T,
      object: FakeEvent<T>["data"]["object"],
      request: { idempotencyKey?: string | null; previousAttributes?: Record<string, unknown> } = {},
    ): FakeEvent<T> {
      const base: Omit<Stripe.EventBase, "type" | "data"> = {
        id: stripeId("evt"),
        object: "event",
        api_version: Stripe.API_VERSION,
        created: nowSeconds(),
        livemode: false,
        pending_webhooks: options.url ? 1 : 0,
        request: {
          id: request.idempotencyKey ? stripeId("req") : null,
          idempotency_key: request.idempotencyKey ?? null,
        },
      };
      // A snapshot in wire form: later changes to the object do not rewrite what was sent.
      const data = {
        object: JSON.parse(JSON.stringify(object)),
        ...(request.previousAttributes
          ? { previous_attributes: JSON.parse(JSON.stringify(request.previousAttributes)) }
          : {}),
      };
      const event = { ...base, type, data } as FakeEvent<T>;
      events.set(base.id, event);
      queue = queue.then(() => deliverWithRetries(event));
      return event;
    },
    get: (id: string) => events.get(id),
    list: () => [...events.values()],
    attempts: () => [...attempts],
    /** Sends already-recorded events again, in the given order, each waiting for the previous answer. */
    async redeliver(ids: string[]): Promise<DeliveryAttempt[]> {
      const results: DeliveryAttempt[] = [];
      for (const id of ids) {
        const event = events.get(id);
        if (!event) continue;
        const status = await post(event, attempts.filter((a) => a.eventId === id).length + 1);
        results.push({ eventId: id, type: event.type, attempt: 0, status, at: Date.now() });
      }
      return results;
    },
    /** Resolves when every first attempt queued so far has been answered. */
    idle: () => queue.then(() => undefined),
    /** Retries scheduled and not yet made. */
    pendingRetries: () => timers.size,
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
