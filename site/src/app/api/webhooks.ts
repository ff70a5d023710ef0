import { request } from "./client";

// Workspace webhooks (edge/src/routes/webhooks.ts): signed JSON POSTs, retried with backoff.

const enc = encodeURIComponent;

export const WEBHOOK_EVENTS = [
  "render.completed",
  "render.failed",
  "lead.viewed",
  "lead.played",
  "lead.cta_clicked",
  "lead.booked",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

/** The answer to a create: the only time the signing secret is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export type DeliveryState = "pending" | "succeeded" | "failed";

export interface WebhookDelivery {
  id: string;
  event: string;
  state: DeliveryState;
  attempts: number;
  /** HTTP status of the last attempt. */
  lastStatus: number | null;
  lastError: string | null;
  /** When the next retry is due, while pending. */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  body: string;
}

export const listWebhooks = () => request<{ webhooks: Webhook[] }>("GET", "/api/webhooks");
export const createWebhook = (input: { url: string; events: WebhookEvent[] }) =>
  request<CreatedWebhook>("POST", "/api/webhooks", input);
export const deleteWebhook = (id: string) => request<void>("DELETE", `/api/webhooks/${enc(id)}`);
export const listDeliveries = (id: string) =>
  request<{ deliveries: WebhookDelivery[] }>("GET", `/api/webhooks/${enc(id)}/deliveries?limit=50`);
export const testWebhook = (id: string) =>
  request<WebhookDelivery>("POST", `/api/webhooks/${enc(id)}/test`, {});
