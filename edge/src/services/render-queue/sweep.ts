import { sql } from "drizzle-orm";
import { ACTIVE_SQL, type QueueDeps } from "./lease";

const SWEEP_BATCH = 100;

/**
 * Ends every lease that ran out: the render is queued again (its attempt already counted), or failed when
 * it has used all its attempts, or cancelled when the user asked for that. One statement, events included.
 */
export async function sweepExpiredLeases(
  deps: Pick<QueueDeps, "db" | "gate" | "log" | "announceFinished">,
): Promise<number> {
  const result = await deps.db.execute<{ id: string; prev_lease_id: string | null; state: string }>(sql`
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
      WHERE r.id = e.id
      RETURNING r.id, r.workspace_id, r.state, r.fence, e.prev_lease_id, e.prev_node_id, e.expired_at
    ),
    events AS (
      INSERT INTO render_events (render_id, workspace_id, kind, fence, node_id, detail, at)
      SELECT id, workspace_id, 'lease_expired', fence, prev_node_id, jsonb_build_object('next', state), expired_at
      FROM updated
      UNION ALL
      SELECT id, workspace_id, state, fence, prev_node_id, jsonb_build_object('reason', 'lease_expired'), now()
      FROM updated WHERE state IN ('failed', 'cancelled')
    )
    SELECT id, prev_lease_id, state FROM updated
  `);
  const swept = result.rows;
  if (swept.length > 0) {
    deps.log.info("expired leases swept", { renders: swept.map((r) => r.id) });
    // The gate drops these permits by itself at the same instant; releasing again is harmless.
    await Promise.allSettled(
      swept.filter((r) => r.prev_lease_id).map((r) => deps.gate.release(r.prev_lease_id as string)),
    );
    for (const render of swept) if (render.state === "failed") deps.announceFinished(render.id);
  }
  return swept.length;
}

const leaseExhaustedSql = sql`format(
  'The render stopped reporting back %s times in a row: the renderer crashed or lost its connection mid-render, which a page that keeps crashing the browser also causes. Check that the page opens in a normal browser, then render this lead again.',
  e.attempts)`;
