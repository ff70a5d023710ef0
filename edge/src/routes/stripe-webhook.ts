import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type Stripe from "stripe";
import type { App } from "../context";
import { ApiError } from "../errors";
import { verifyStripeEvent } from "../services/billing/stripe-client";
import { handleStripeEvent } from "../services/billing/webhook";
import { commonErrors } from "./openapi-common";

/** Stripe's events are a few kB; anything far larger is not from Stripe. */
const MAX_EVENT_BYTES = 512 * 1024;

const webhookRoute = createRoute({
  method: "post",
  path: "/api/stripe/webhook",
  operationId: "stripe.webhook",
  tags: ["Billing"],
  // Stripe's signature on the body (Stripe-Signature) is the credential, not a session or an API key.
  security: [],
  summary:
    "Stripe's events (signed with the endpoint's secret): each applied once, by re-reading the subscription from Stripe",
  middleware: bodyLimit({
    maxSize: MAX_EVENT_BYTES,
    onError: () => {
      throw new ApiError("BAD_REQUEST", `A Stripe event is at most ${MAX_EVENT_BYTES} bytes`);
    },
  }),
  request: { headers: z.object({ "stripe-signature": z.string().min(1).max(4096) }) },
  responses: {
    200: {
      description: "Applied, already applied, or a type Loom-Lite does not act on",
      content: {
        "application/json": { schema: z.object({ received: z.literal(true), outcome: z.string() }) },
      },
    },
    400: { ...commonErrors[400], description: "Bad signature (nothing is recorded)" },
    404: { ...commonErrors[404], description: "Billing is off on this deployment" },
    409: {
      ...commonErrors[404],
      description: "The event is being applied by another delivery; Stripe retries later",
    },
  },
});

export function registerStripeWebhook(app: App) {
  app.openapi(webhookRoute, async (c) => {
    const billing = c.get("services").billing;
    if (!billing) throw new ApiError("NOT_FOUND", "Billing is off on this deployment (no Stripe settings)");
    // The signature covers the exact bytes Stripe sent: read them before anything parses the body.
    const raw = await c.req.text();
    let event: Stripe.Event;
    try {
      event = await verifyStripeEvent(
        billing.stripe,
        raw,
        c.req.valid("header")["stripe-signature"],
        billing.config.webhookSecret,
      );
    } catch (error) {
      throw new ApiError(
        "BAD_REQUEST",
        `The Stripe-Signature does not match the body (${error instanceof Error ? error.message : "unverifiable"})`,
      );
    }
    const outcome = await handleStripeEvent(billing, event, new URL(c.req.url).origin);
    if (outcome === "busy") {
      throw new ApiError("CONFLICT", `Event ${event.id} is being applied by another delivery; retry later`);
    }
    return c.json({ received: true as const, outcome }, 200);
  });
}
