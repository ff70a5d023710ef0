import { type WebhookEvent, webhooks } from "@loom-lite/schema/db";
import { and, desc, eq } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import { assertWebhookTarget, type TargetPolicy } from "./webhook-targets";
import type { WorkspaceScope } from "./workspace-scope";

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

type Row = typeof webhooks.$inferSelect;

const toView = (row: Row): WebhookView => ({
  id: row.id,
  url: row.url,
  events: row.events,
  createdAt: row.createdAt.toISOString(),
});

/** Creates an endpoint; the answer is the only time its signing secret is shown. */
export async function createWebhook(
  ws: WorkspaceScope,
  input: { url: string; events: WebhookEvent[] },
  targets: TargetPolicy,
): Promise<WebhookView & { secret: string }> {
  const { db, workspaceId } = ws;
  await assertWebhookTarget(db, input.url, targets);
  const secret = `whsec_${unguessableToken(32)}`;
  const [row] = await db
    .insert(webhooks)
    .values({ id: newId("whk"), workspaceId, url: input.url, events: [...new Set(input.events)], secret })
    .returning();
  if (!row) throw new ApiError("INTERNAL", "The webhook was not stored");
  return { ...toView(row), secret };
}

export async function listWebhooks(ws: WorkspaceScope): Promise<WebhookView[]> {
  const { db, workspaceId } = ws;
  const rows = await db
    .select()
    .from(webhooks)
    .where(eq(webhooks.workspaceId, workspaceId))
    .orderBy(desc(webhooks.createdAt));
  return rows.map(toView);
}

/** The row with its secret, for signing; 404 when it is not this workspace's. */
export async function getWebhookRow(db: Db, workspaceId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.workspaceId, workspaceId)));
  if (!row) throw new ApiError("NOT_FOUND", `Webhook ${id} does not exist`);
  return row;
}

export async function getWebhook(ws: WorkspaceScope, id: string): Promise<WebhookView> {
  const { db, workspaceId } = ws;
  return toView(await getWebhookRow(db, workspaceId, id));
}

export async function updateWebhook(
  ws: WorkspaceScope,
  id: string,
  patch: { url?: string; events?: WebhookEvent[] },
  targets: TargetPolicy,
): Promise<WebhookView> {
  const { db, workspaceId } = ws;
  if (patch.url !== undefined) await assertWebhookTarget(db, patch.url, targets);
  const [row] = await db
    .update(webhooks)
    .set({ url: patch.url, events: patch.events ? [...new Set(patch.events)] : undefined })
    .where(and(eq(webhooks.id, id), eq(webhooks.workspaceId, workspaceId)))
    .returning();
  if (!row) throw new ApiError("NOT_FOUND", `Webhook ${id} does not exist`);
  return toView(row);
}

/** Removes the endpoint and its delivery log. */
export async function deleteWebhook(ws: WorkspaceScope, id: string): Promise<void> {
  const { db, workspaceId } = ws;
  const removed = await db
    .delete(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.workspaceId, workspaceId)))
    .returning({ id: webhooks.id });
  if (removed.length === 0) throw new ApiError("NOT_FOUND", `Webhook ${id} does not exist`);
}
