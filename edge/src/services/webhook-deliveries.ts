import { type WebhookEvent, webhookDeliveries, webhooks } from "@loom-lite/schema/db";
import { and, desc, eq, sql } from "drizzle-orm";
import { type Db, onlyIds } from "../lib/db";
import { newId } from "../lib/ids";
import { SIGNATURE_HEADER, signatureHeader } from "../lib/webhook-signature";
import { type TargetPolicy, webhookTargetProblem } from "./webhook-targets";
import { getWebhookRow } from "./webhooks";
import type { WorkspaceScope } from "./workspace-scope";

export interface DeliveryPolicy {
  /** First retry delay; doubles with every failed attempt. */
  retryBaseMs: number;
  /** Attempts before a delivery is given up as failed. */
  maxAttempts: number;
  timeoutMs?: number;
  /** Where deliveries may go; checked again before every attempt (rows may predate the rules). */
  targets: TargetPolicy;
}

/**
 * What the delivery log says when no HTTP answer came. One sentence for every network failure:
 * refused, reset, timed out, DNS or TLS. Telling them apart would let a tenant map which ports of a
 * host are open.
 */
export const NO_ANSWER = "Could not connect to the endpoint, or it did not answer in time";

/** The JSON every endpoint receives. */
export interface WebhookBody {
  id: string;
  type: WebhookEvent | "webhook.test";
  createdAt: string;
  workspaceId: string;
  data: Record<string, unknown>;
}

/**
 * Stores one pending delivery per endpoint of the workspace subscribed to `type`; returns their ids
 * so the caller can send them at once (the cron sends whatever is left or due again).
 */
export async function enqueueWebhookEvent(
  db: Db,
  workspaceId: string,
  type: WebhookEvent | "webhook.test",
  data: Record<string, unknown>,
  onlyWebhookId?: string,
): Promise<string[]> {
  const targets = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.workspaceId, workspaceId),
        onlyWebhookId
          ? eq(webhooks.id, onlyWebhookId)
          : sql`${webhooks.events} @> ${JSON.stringify([type])}::jsonb`,
      ),
    );
  if (targets.length === 0) return [];
  const body: WebhookBody = {
    id: newId("evt"),
    type,
    createdAt: new Date().toISOString(),
    workspaceId,
    data,
  };
  const text = JSON.stringify(body);
  const rows = await db
    .insert(webhookDeliveries)
    .values(targets.map((t) => ({ id: newId("whd"), workspaceId, webhookId: t.id, event: type, body: text })))
    .returning({ id: webhookDeliveries.id });
  return rows.map((r) => r.id);
}

interface Claimed {
  id: string;
  event: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries (all due ones, or just `ids`) for a minute, so a cron run and a request's
 * background send never post the same delivery twice at once.
 */
async function claimDue(db: Db, limit: number, ids?: string[]): Promise<Claimed[]> {
  const result = await db.execute<{
    id: string;
    event: string;
    body: string;
    attempts: number;
    url: string;
    secret: string;
  }>(sql`
    WITH claimed AS (
      UPDATE webhook_deliveries SET locked_until = now() + interval '60 seconds'
      WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE state = 'pending' AND next_attempt_at <= now()
          AND (locked_until IS NULL OR locked_until < now()) ${onlyIds(ids)}
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, webhook_id, event, body, attempts)
    SELECT c.id, c.event, c.body, c.attempts, w.url, w.secret
    FROM claimed c JOIN webhooks w ON w.id = c.webhook_id
  `);
  return result.rows;
}

export function backoffMs(policy: DeliveryPolicy, attempts: number): number {
  return policy.retryBaseMs * 2 ** Math.max(0, attempts - 1);
}

/** One POST; the outcome is written to the delivery (succeeded, retry scheduled, or failed). */
async function attempt(db: Db, d: Claimed, policy: DeliveryPolicy): Promise<void> {
  const refused = await webhookTargetProblem(db, d.url, policy.targets);
  if (refused) {
    // Nothing is sent, and retrying cannot help: the endpoint's URL has to change.
    await db
      .update(webhookDeliveries)
      .set({
        state: "failed",
        attempts: d.attempts + 1,
        lastStatus: null,
        lastError: `Not sent: the endpoint's URL ${refused}; change it`,
        lockedUntil: null,
      })
      .where(eq(webhookDeliveries.id, d.id));
    return;
  }
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(d.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Loom-Lite-Webhooks/1",
        "loom-event": d.event,
        "loom-delivery": d.id,
        [SIGNATURE_HEADER]: await signatureHeader(d.secret, d.body, Math.floor(Date.now() / 1000)),
      },
      body: d.body,
      redirect: "manual",
      signal: AbortSignal.timeout(policy.timeoutMs ?? 10_000),
    });
    status = res.status;
    await res.body?.cancel();
    if (status < 200 || status >= 300) error = `The endpoint answered ${status}`;
  } catch {
    error = NO_ANSWER;
  }
  const attempts = d.attempts + 1;
  const common = { attempts, lastStatus: status, lastError: error, lockedUntil: null };
  if (!error) {
    await db
      .update(webhookDeliveries)
      .set({ ...common, state: "succeeded", deliveredAt: new Date() })
      .where(eq(webhookDeliveries.id, d.id));
  } else if (attempts >= policy.maxAttempts) {
    await db
      .update(webhookDeliveries)
      .set({ ...common, state: "failed" })
      .where(eq(webhookDeliveries.id, d.id));
  } else {
    await db
      .update(webhookDeliveries)
      .set({
        ...common,
        nextAttemptAt: sql`now() + ${backoffMs(policy, attempts)} * interval '1 millisecond'`,
      })
      .where(eq(webhookDeliveries.id, d.id));
  }
}

/** Sends what is due (or the given deliveries, if due); returns how many were attempted. */
export async function deliverDue(
  db: Db,
  policy: DeliveryPolicy,
  opts: { ids?: string[]; limit?: number } = {},
): Promise<number> {
  if (opts.ids && opts.ids.length === 0) return 0;
  const claimed = await claimDue(db, opts.limit ?? 50, opts.ids);
  await Promise.all(claimed.map((d) => attempt(db, d, policy)));
  return claimed.length;
}

export interface DeliveryView {
  id: string;
  event: string;
  state: "pending" | "succeeded" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  body: string;
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect;

const toView = (r: DeliveryRow): DeliveryView => ({
  id: r.id,
  event: r.event,
  state: r.state,
  attempts: r.attempts,
  lastStatus: r.lastStatus,
  lastError: r.lastError,
  nextAttemptAt: r.state === "pending" ? r.nextAttemptAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
  deliveredAt: r.deliveredAt?.toISOString() ?? null,
  body: r.body,
});

/** The newest deliveries of one endpoint of the workspace. */
export async function listDeliveries(
  ws: WorkspaceScope,
  webhookId: string,
  limit: number,
): Promise<DeliveryView[]> {
  const { db, workspaceId } = ws;
  await getWebhookRow(db, workspaceId, webhookId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.webhookId, webhookId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  return rows.map(toView);
}

/** Sends a `webhook.test` event to one endpoint now and answers how it went. */
export async function sendTestEvent(
  ws: WorkspaceScope,
  webhookId: string,
  policy: DeliveryPolicy,
): Promise<DeliveryView> {
  const { db, workspaceId } = ws;
  await getWebhookRow(db, workspaceId, webhookId);
  const ids = await enqueueWebhookEvent(
    db,
    workspaceId,
    "webhook.test",
    { message: "A test event from Loom-Lite" },
    webhookId,
  );
  await deliverDue(db, policy, { ids });
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, ids[0] ?? ""));
  if (!row) throw new Error("test delivery vanished");
  return toView(row);
}
