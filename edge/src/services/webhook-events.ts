import type { LeadEventType, WebhookEvent } from "@loom-lite/schema/db";
import { leads, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { landingChanged } from "../landing/cache";
import type { Db } from "../lib/db";
import type { DeliveryPolicy } from "./webhook-deliveries";
import { deliverDue, enqueueWebhookEvent } from "./webhook-deliveries";
import { targetPolicy } from "./webhook-targets";

/** Which beacon events are announced to webhooks (watch progress is not). */
export const LEAD_EVENT_WEBHOOKS: Partial<Record<LeadEventType, WebhookEvent>> = {
  view: "lead.viewed",
  play: "lead.played",
  cta_click: "lead.cta_clicked",
  booked: "lead.booked",
};

/** Enqueues `type` for the workspace's subscribed endpoints and sends them at once. */
export async function announce(
  db: Db,
  policy: DeliveryPolicy,
  workspaceId: string,
  type: WebhookEvent,
  data: Record<string, unknown>,
): Promise<void> {
  const ids = await enqueueWebhookEvent(db, workspaceId, type, data);
  await deliverDue(db, policy, { ids });
}

/**
 * The webhook event for a render that just finished (`render.completed` or `render.failed`), with
 * the lead it was for; null when the render does not exist or made no video (a pre-flight check or a
 * sample is nobody's news: no webhook, no landing page change).
 */
export async function renderFinishedEvent(
  db: Db,
  renderId: string,
): Promise<{ workspaceId: string; type: WebhookEvent; data: Record<string, unknown> } | null> {
  const [row] = await db
    .select({
      workspaceId: renders.workspaceId,
      campaignId: renders.campaignId,
      leadId: renders.leadId,
      kind: renders.kind,
      state: renders.state,
      errorCode: renders.errorCode,
      error: renders.error,
      leadSlug: leads.slug,
      fields: leads.fields,
    })
    .from(renders)
    .innerJoin(leads, eq(leads.id, renders.leadId))
    .where(eq(renders.id, renderId));
  if (row?.kind !== "video" || (row.state !== "done" && row.state !== "failed")) return null;
  return {
    workspaceId: row.workspaceId,
    type: row.state === "done" ? "render.completed" : "render.failed",
    data: {
      renderId,
      campaignId: row.campaignId,
      leadId: row.leadId,
      leadSlug: row.leadSlug,
      fields: row.fields,
      ...(row.state === "failed" ? { errorCode: row.errorCode, error: row.error } : {}),
    },
  };
}

export function deliveryPolicy(
  env: { WEBHOOK_RETRY_BASE_MS: number; WEBHOOK_MAX_ATTEMPTS: number } & Parameters<typeof targetPolicy>[0],
): DeliveryPolicy {
  return {
    retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    targets: targetPolicy(env),
  };
}

/** A render finished: its landing page changes (cache), and subscribed endpoints hear of it. */
export async function renderFinished(db: Db, policy: DeliveryPolicy, renderId: string): Promise<void> {
  const event = await renderFinishedEvent(db, renderId);
  if (!event) return;
  await landingChanged(db, event.workspaceId);
  await announce(db, policy, event.workspaceId, event.type, event.data);
}
