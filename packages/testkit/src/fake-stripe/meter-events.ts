/**
 * Billing meter events (`POST /v1/billing/meter_events`), kept for tests to read. Stripe enforces a
 * unique `identifier` over a rolling 24 hours and refuses a repeat with a 400 that says the event
 * already exists (and `Stripe-Should-Retry: false`); the timestamp must lie within the past 35 days or
 * up to 5 minutes ahead.
 */
import type Stripe from "stripe";
import { invalidParam, StripeApiError } from "./errors";
import { nowSeconds, stripeId } from "./ids";

const MAX_AGE_SECONDS = 35 * 24 * 3600;

export function createMeterEvents() {
  const recorded: Stripe.Billing.MeterEvent[] = [];
  return {
    record(params: {
      eventName: string;
      payload: Record<string, string>;
      identifier: string | null;
      timestamp: number | null;
    }): Stripe.Billing.MeterEvent {
      const now = nowSeconds();
      const timestamp = params.timestamp ?? now;
      if (timestamp < now - MAX_AGE_SECONDS || timestamp > now + 300) {
        throw invalidParam(
          "timestamp",
          "The timestamp must be within the past 35 calendar days or up to 5 minutes in the future.",
        );
      }
      const identifier = params.identifier ?? stripeId("mev");
      if (recorded.some((event) => event.identifier === identifier)) {
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `An event already exists with identifier ${identifier}.`,
          undefined,
          "identifier",
          { "Stripe-Should-Retry": "false" },
        );
      }
      const event: Stripe.Billing.MeterEvent = {
        object: "billing.meter_event",
        created: now,
        event_name: params.eventName,
        identifier,
        livemode: false,
        payload: params.payload,
        timestamp,
      };
      recorded.push(event);
      return event;
    },
    list: () => [...recorded],
  };
}

export type MeterEvents = ReturnType<typeof createMeterEvents>;
