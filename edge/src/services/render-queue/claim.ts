import { type ClaimResponse, type JobKind, type RenderJob, SceneSpecSchema } from "@loom-lite/schema";
import { campaigns, leads, renderEvents, renderNodes, renders } from "@loom-lite/schema/db";
import { and, eq, sql } from "drizzle-orm";
import type { Permit } from "../../gate/types";
import type { Db } from "../../lib/db";
import { getSystemSettings } from "../settings";
import { ACTIVE_SQL, type QueueDeps } from "./lease";
import { sweepExpiredLeases } from "./sweep";

const NOTHING: ClaimResponse = { job: null, lease: null };
/** A claim retries this often when the gate refuses the render it found (workspace at its cap). */
const CLAIM_TRIES = 3;

type ClaimedRow = {
  id: string;
  workspace_id: string;
  campaign_id: string;
  lead_id: string;
  kind: JobKind;
  fence: number;
  attempts: number;
  prev_lease_id: string | null;
  workspace_cap: number;
};

/**
 * The gate grants a permit first; then one statement takes the claimable job (queued and due, or holding
 * a lease that ran out) of the highest priority, the oldest due among equals (JOB_PRIORITIES: videos
 * before pre-flight checks before samples), outside the workspaces at their cap; then the gate binds the permit to
 * that render's workspace, which may still refuse when another claim got there first.
 */
export async function claimRender(
  deps: QueueDeps,
  node: { id: string; version?: string | undefined },
): Promise<ClaimResponse> {
  const { db, gate } = deps;
  await sweepExpiredLeases(deps);
  if (node.version) await recordNodeVersion(db, node.id, node.version);
  const { globalRenderCap } = await getSystemSettings(db);

  for (let attempt = 0; attempt < CLAIM_TRIES; attempt++) {
    const permit = await gate.acquire({ globalCap: globalRenderCap, leaseMs: deps.leaseMs });
    if (!permit) return NOTHING;

    let claimed: ClaimedRow | undefined;
    try {
      const load = await gate.activeByWorkspace();
      claimed = await claimStatement(db, permit, node.id, load, deps.billingOn);
    } catch (error) {
      await gate.release(permit.leaseId);
      throw error;
    }
    if (!claimed) {
      await gate.release(permit.leaseId);
      return NOTHING;
    }
    if (claimed.prev_lease_id) await gate.release(claimed.prev_lease_id);

    const assigned = await gate.assign({
      leaseId: permit.leaseId,
      renderId: claimed.id,
      workspaceId: claimed.workspace_id,
      workspaceCap: claimed.workspace_cap,
    });
    if (!assigned.ok) {
      await unclaim(db, claimed, permit.leaseId);
      await gate.release(permit.leaseId);
      if (assigned.reason === "lease_gone") return NOTHING;
      continue;
    }

    const job = await buildJob(db, claimed);
    if ("problem" in job) {
      await finishUnrenderable(deps, claimed, permit.leaseId, node.id, job.problem);
      continue;
    }
    await db.insert(renderEvents).values({
      renderId: claimed.id,
      workspaceId: claimed.workspace_id,
      kind: "claimed",
      fence: claimed.fence,
      nodeId: node.id,
      detail: { attempt: claimed.attempts, leaseId: permit.leaseId },
    });
    return {
      job: job.job,
      lease: {
        id: permit.leaseId,
        fence: claimed.fence,
        expiresAt: new Date(permit.expiresAt).toISOString(),
      },
    };
  }
  return NOTHING;
}

async function claimStatement(
  db: Db,
  permit: Permit,
  nodeId: string,
  load: Record<string, number>,
  billingOn: boolean,
): Promise<ClaimedRow | undefined> {
  // With billing off nothing is limited: a render held while billing was on runs like a queued one.
  const heldRuns = billingOn ? sql`false` : sql`true`;
  const result = await db.execute<ClaimedRow>(sql`
    WITH picked AS (
      SELECT id, state AS prev_state, lease_id AS prev_lease_id, node_id AS prev_node_id,
             lease_expires_at AS prev_expired_at
      FROM renders
      WHERE (
          (state = 'queued' AND run_after <= now())
          OR (state = 'blocked_quota' AND ${heldRuns})
          OR (state IN (${ACTIVE_SQL}) AND lease_expires_at < now()
              AND NOT cancel_requested AND attempts < max_attempts)
        )
        -- Only workspaces below their cap (live from the row; 0 pauses a workspace).
        AND EXISTS (
          SELECT 1 FROM workspaces w
          WHERE w.id = renders.workspace_id
            AND w.render_concurrency > coalesce((${JSON.stringify(load)}::jsonb ->> w.id)::int, 0)
        )
      ORDER BY priority DESC, run_after, created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    ),
    claimed AS (
      UPDATE renders r SET
        state = 'claimed',
        fence = r.fence + 1,
        attempts = r.attempts + 1,
        lease_id = ${permit.leaseId},
        lease_expires_at = ${new Date(permit.expiresAt).toISOString()}::timestamptz,
        node_id = ${nodeId},
        claimed_at = now(),
        progress = 0,
        error_code = CASE WHEN r.state = 'blocked_quota' THEN NULL ELSE r.error_code END,
        error = CASE WHEN r.state = 'blocked_quota' THEN NULL ELSE r.error END,
        artifacts = NULL,
        storage = 'r2',
        cdn_base_url = NULL,
        updated_at = now()
      FROM picked p
      WHERE r.id = p.id
      RETURNING r.id, r.workspace_id, r.campaign_id, r.lead_id, r.kind, r.fence, r.attempts,
        p.prev_state, p.prev_lease_id, p.prev_node_id, p.prev_expired_at,
        (SELECT w.render_concurrency FROM workspaces w WHERE w.id = r.workspace_id) AS workspace_cap
    ),
    reclaimed AS (
      INSERT INTO render_events (render_id, workspace_id, kind, fence, node_id, detail, at)
      SELECT id, workspace_id, 'lease_expired', fence - 1, prev_node_id,
             jsonb_build_object('next', 'claimed'), prev_expired_at
      FROM claimed WHERE prev_state NOT IN ('queued', 'blocked_quota')
    )
    SELECT id, workspace_id, campaign_id, lead_id, kind, fence, attempts, prev_lease_id, workspace_cap FROM claimed
  `);
  return result.rows[0];
}

/** Gives a render back after the gate refused it; the fence stays raised, which only makes it safer. */
async function unclaim(db: Db, claimed: ClaimedRow, leaseId: string) {
  await db
    .update(renders)
    .set({
      state: "queued",
      attempts: sql`${renders.attempts} - 1`,
      leaseId: null,
      leaseExpiresAt: null,
      nodeId: null,
      claimedAt: null,
      updatedAt: new Date(),
    })
    .where(and(eq(renders.id, claimed.id), eq(renders.fence, claimed.fence), eq(renders.leaseId, leaseId)));
}

async function buildJob(db: Db, claimed: ClaimedRow): Promise<{ job: RenderJob } | { problem: string }> {
  const [row] = await db
    .select({ fields: leads.fields, spec: campaigns.spec })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(eq(leads.id, claimed.lead_id), eq(campaigns.id, claimed.campaign_id)));
  if (!row) return { problem: "The lead or its campaign was deleted before the render started." };
  const spec = SceneSpecSchema.safeParse(row.spec);
  if (!spec.success) {
    return {
      problem: `The campaign's scene spec is invalid (${spec.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}); fix the campaign, then render again.`,
    };
  }
  return {
    job: {
      renderId: claimed.id,
      kind: claimed.kind,
      workspaceId: claimed.workspace_id,
      campaignId: claimed.campaign_id,
      leadId: claimed.lead_id,
      attempt: claimed.attempts,
      fields: row.fields,
      spec: spec.data,
      facecamPath: `/nodes/v1/assets/${encodeURIComponent(spec.data.facecam)}`,
    },
  };
}

/** A render that no node could ever do (its spec is broken): failed at once, its permit returned. */
async function finishUnrenderable(
  deps: QueueDeps,
  claimed: ClaimedRow,
  leaseId: string,
  nodeId: string,
  problem: string,
) {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(renders)
      .set({
        state: "failed",
        errorCode: "invalid_job",
        error: problem,
        finishedAt: new Date(),
        leaseExpiresAt: null,
        updatedAt: new Date(),
      })
      .where(and(eq(renders.id, claimed.id), eq(renders.fence, claimed.fence), eq(renders.leaseId, leaseId)))
      .returning({ id: renders.id });
    if (row) {
      await tx.insert(renderEvents).values({
        renderId: claimed.id,
        workspaceId: claimed.workspace_id,
        kind: "failed",
        fence: claimed.fence,
        nodeId,
        detail: { code: "invalid_job", message: problem },
      });
    }
  });
  await deps.gate.release(leaseId);
}

async function recordNodeVersion(db: Db, nodeId: string, version: string) {
  await db
    .update(renderNodes)
    .set({ version })
    .where(and(eq(renderNodes.id, nodeId), sql`${renderNodes.version} IS DISTINCT FROM ${version}`));
}
