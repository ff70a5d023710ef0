import { sql } from "drizzle-orm";
import { reportAlert } from "../../lib/error-tracking";
import { ACTIVE_SQL, type QueueDeps } from "./lease";

const SWEEP_BATCH = 100;
/** How stale a node's last_seen_at may be while it still calls (render-nodes.ts writes it at most this often). */
const LAST_SEEN_RESOLUTION = sql`interval '5 seconds'`;

/**
 * Ends every lease that ran out: the render is queued again (its attempt already counted), or failed when
 * it has used all its attempts, or cancelled when the user asked for that. One statement, events included.
 */
export async function sweepExpiredLeases(
  deps: Pick<QueueDeps, "db" | "gate" | "log" | "announceFinished">,
): Promise<number> {
  const result = await deps.db.execute<{
    id: string;
    prev_lease_id: string | null;
    prev_node_id: string | null;
    state: string;
    node_gone: boolean;
    last_seen_at: string | null;
  }>(sql`
    WITH expired AS (
      SELECT id, lease_id AS prev_lease_id, node_id AS prev_node_id, lease_expires_at AS expired_at,
             attempts, max_attempts, cancel_requested
      FROM renders
      WHERE state IN (${ACTIVE_SQL}) AND lease_expires_at < now()
      ORDER BY lease_expires_at
      LIMIT ${SWEEP_BATCH}
      FOR UPDATE SKIP LOCKED
    ),
    updated AS (
      UPDATE renders r SET
        state = CASE
          WHEN e.cancel_requested THEN 'cancelled'
          WHEN e.attempts >= e.max_attempts THEN 'failed'
          ELSE 'queued' END,
        error_code = CASE
          WHEN e.cancel_requested THEN r.error_code
          WHEN e.attempts >= e.max_attempts THEN 'lease_expired'
          ELSE r.error_code END,
        error = CASE
          WHEN e.cancel_requested THEN r.error
          WHEN e.attempts >= e.max_attempts THEN ${leaseExhaustedSql}
          ELSE r.error END,
        finished_at = CASE WHEN e.cancel_requested OR e.attempts >= e.max_attempts THEN now() END,
        node_id = CASE WHEN e.cancel_requested OR e.attempts >= e.max_attempts THEN r.node_id END,
        lease_expires_at = NULL,
        updated_at = now()
      FROM expired e
      LEFT JOIN render_nodes n ON n.id = e.prev_node_id
      WHERE r.id = e.id
      RETURNING r.id, r.workspace_id, r.state, r.fence, e.prev_lease_id, e.prev_node_id, e.expired_at,
        n.last_seen_at,
        -- The node made no call since well before the lease ran out (a live node calls every few seconds,
        -- claiming or beating for its other renders): it is gone, not just this render stuck on it.
        (n.id IS NOT NULL AND (n.last_seen_at IS NULL
          OR n.last_seen_at < e.expired_at - ${LAST_SEEN_RESOLUTION})) AS node_gone
    ),
    events AS (
      INSERT INTO render_events (render_id, workspace_id, kind, fence, node_id, detail, at)
      SELECT id, workspace_id, 'lease_expired', fence, prev_node_id, jsonb_build_object('next', state, 'nodeGone', node_gone), expired_at
      FROM updated
      UNION ALL
      SELECT id, workspace_id, state, fence, prev_node_id, jsonb_build_object('reason', 'lease_expired'), now()
      FROM updated WHERE state IN ('failed', 'cancelled')
    )
    SELECT id, prev_lease_id, prev_node_id, state, node_gone, last_seen_at FROM updated
  `);
  const swept = result.rows;
  if (swept.length > 0) {
    deps.log.info("expired leases swept", { renders: swept.map((r) => r.id) });
    // The gate drops these permits by itself at the same instant; releasing again is harmless.
    await Promise.allSettled(
      swept.filter((r) => r.prev_lease_id).map((r) => deps.gate.release(r.prev_lease_id as string)),
    );
    for (const render of swept) if (render.state === "failed") deps.announceFinished(render.id);
    alertGoneNodes(swept, deps.log);
  }
  return swept.length;
}

/**
 * A node that stopped calling while it held renders (killed, out of memory, cut off): one error per
 * node, in the log and to Sentry, naming the renders it dropped. The renders themselves are already
 * queued again or failed; the alert is for the fleet.
 */
function alertGoneNodes(
  swept: Array<{ id: string; prev_node_id: string | null; node_gone: boolean; last_seen_at: string | null }>,
  log: QueueDeps["log"],
) {
  const byNode = new Map<string, { renders: string[]; lastSeenAt: string | null }>();
  for (const render of swept) {
    if (!render.node_gone || !render.prev_node_id) continue;
    const entry = byNode.get(render.prev_node_id) ?? { renders: [], lastSeenAt: render.last_seen_at };
    entry.renders.push(render.id);
    byNode.set(render.prev_node_id, entry);
  }
  for (const [nodeId, { renders, lastSeenAt }] of byNode) {
    const lastSeen = lastSeenAt ? new Date(lastSeenAt).toISOString() : null;
    log.error("render node disappeared mid-render", {
      alert: "node_gone",
      nodeId,
      renders,
      lastSeenAt: lastSeen,
    });
    reportAlert(
      "render node disappeared mid-render",
      { node_id: nodeId, render_id: renders[0] },
      { renders, lastSeenAt: lastSeen },
    );
  }
}

const leaseExhaustedSql = sql`format(
  'The render stopped reporting back %s times in a row: the renderer crashed or lost its connection mid-render, which a page that keeps crashing the browser also causes. Check that the page opens in a normal browser, then render this lead again.',
  e.attempts)`;
