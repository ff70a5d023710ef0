import { answer, api, done } from "./client";
import type { WebhookEvent } from "./schema";

// Workspace webhooks (edge/src/routes/webhooks.ts): signed JSON POSTs, retried with backoff.

/** The events, in the order the form lists them; the contract's WebhookEvent checks each name. */
export const WEBHOOK_EVENTS = [
  "render.completed",
  "render.failed",
  "lead.viewed",
  "lead.played",
  "lead.cta_clicked",
  "lead.booked",
] as const satisfies readonly WebhookEvent[];

const byId = (id: string) => ({ params: { path: { id } } });

export const listWebhooks = () => answer(api.GET("/api/webhooks"));
export const createWebhook = (input: { url: string; events: WebhookEvent[] }) =>
  answer(api.POST("/api/webhooks", { body: input }));
export const deleteWebhook = (id: string) => done(api.DELETE("/api/webhooks/{id}", byId(id)));
export const listDeliveries = (id: string) =>
  answer(api.GET("/api/webhooks/{id}/deliveries", { params: { path: { id }, query: { limit: 50 } } }));
export const testWebhook = (id: string) => answer(api.POST("/api/webhooks/{id}/test", byId(id)));
