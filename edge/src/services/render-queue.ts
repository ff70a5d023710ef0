import {
  ACTIVE_RENDER_STATES,
  ARTIFACT_CONTENT_TYPES,
  type ArtifactName,
  artifactKey,
  type BunnyUploadRequest,
  type ClaimResponse,
  type CompleteRequest,
  type FailRequest,
  type HeartbeatRequest,
  type HeartbeatResponse,
  isPublicArtifact,
  type MediaStorage,
  type RenderArtifacts,
  type RenderJob,
  type RenderState,
  SceneSpecSchema,
} from "@loom-lite/schema";
import { assets, campaigns, leads, renderEvents, renderNodes, renders } from "@loom-lite/schema/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { GateClient } from "../gate/client";
import type { Permit } from "../gate/types";
import type { Db } from "../lib/db";
import type { Logger } from "../lib/logger";
import { mediaKeys } from "../lib/media";
import { queueStaleBunnyObjects, recordBunnyObjects } from "./render-media";
import { getSystemSettings } from "./settings";

/** What the node-protocol operations work with; routes build it once per request. */
export interface QueueDeps {
  db: Db;
  gate: GateClient;
  media: R2Bucket;
  log: Logger;
  leaseMs: number;
  retryBaseMs: number;
  /**
   * The Bunny Storage zone the Worker can delete from (BUNNY_STORAGE_* all set), or null: then nodes
   * may not put anything in Bunny, since nothing could ever delete it.
   */
  bunnyZone: string | null;
  /** Runs work after the answer is sent (`executionCtx.waitUntil`). */
  defer(work: Promise<unknown>): void;
  /** Told which renders a lease sweep marked failed (their attempts ran out), for webhooks. */
  onFailed?: (renderIds: string[]) => void;
}

export const REQUIRED_ARTIFACTS: readonly ArtifactName[] = ["video.mp4", "poster.jpg"];

const ACTIVE: readonly RenderState[] = ACTIVE_RENDER_STATES;
const ACTIVE_SQL = sql.raw(ACTIVE_RENDER_STATES.map((s) => `'${s}'`).join(", "));
const NOTHING: ClaimResponse = { job: null, lease: null };
/** A claim retries this often when the gate refuses the render it found (workspace at its cap). */
const CLAIM_TRIES = 3;
const SWEEP_BATCH = 100;

type LeaseRow = {
  id: string;
  workspaceId: string;
  state: RenderState;
  fence: number;
  leaseId: string | null;
  nodeId: string | null;
  cancelRequested: boolean;
  artifacts: RenderArtifacts | null;
};

async function loadLease(db: Db, renderId: string): Promise<LeaseRow> {
  const [row] = await db
    .select({
      id: renders.id,
      workspaceId: renders.workspaceId,
      state: renders.state,
      fence: renders.fence,
      leaseId: renders.leaseId,
      nodeId: renders.nodeId,
      cancelRequested: renders.cancelRequested,
      artifacts: renders.artifacts,
    })
    .from(renders)
    .where(eq(renders.id, renderId));
  if (!row) throw new ApiError("NOT_FOUND", `Render ${renderId} does not exist`);
  return row;
}

/** Refuses a call from anyone but the current lease holder: an older fence, another node, a finished render. */
function assertHolds(
  row: LeaseRow,
  nodeId: string,
  fence: number,
): asserts row is LeaseRow & { leaseId: string } {
  if (fence !== row.fence) {
    throw new ApiError(
      "CONFLICT",
      `Stale lease: render ${row.id} is at fence ${row.fence}, this call carries ${fence}; stop working on it`,
    );
  }
  if (!ACTIVE.includes(row.state) || !row.leaseId) {
    throw new ApiError("CONFLICT", `Render ${row.id} is ${row.state}; it holds no lease any more`);
  }
  if (row.nodeId !== nodeId) {
    throw new ApiError("CONFLICT", `Render ${row.id} is leased to another node`);
  }
}

const holderIs = (row: LeaseRow & { leaseId: string }) =>
  and(
    eq(renders.id, row.id),
    eq(renders.fence, row.fence),
    eq(renders.leaseId, row.leaseId),
    inArray(renders.state, [...ACTIVE_RENDER_STATES]),
  );

/** Checks the gate still holds the permit; a lost permit means the slot may already be someone else's. */
async function assertPermit(deps: QueueDeps, row: LeaseRow & { leaseId: string }) {
  const renewal = await deps.gate.renew(row.leaseId, deps.leaseMs);
  if (!renewal) {
    throw new ApiError(
      "CONFLICT",
      `The lease on render ${row.id} expired; the render goes back to the queue, stop working on it`,
    );
  }
  return renewal;
}

// ---------------------------------------------------------------- lease expiry

/**
 * Ends every lease that ran out: the render is queued again (its attempt already counted), or failed when
 * it has used all its attempts, or cancelled when the user asked for that. One statement, events included.
 */
export async function sweepExpiredLeases(
  deps: Pick<QueueDeps, "db" | "gate" | "log" | "onFailed">,
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
    const failed = swept.filter((r) => r.state === "failed").map((r) => r.id);
    if (failed.length > 0) deps.onFailed?.(failed);
  }
  return swept.length;
}

const leaseExhaustedSql = sql`format(
  'The render stopped reporting back %s times in a row: the renderer crashed or lost its connection mid-render, which a page that keeps crashing the browser also causes. Check that the page opens in a normal browser, then render this lead again.',
  e.attempts)`;

// ---------------------------------------------------------------- claim

type ClaimedRow = {
  id: string;
  workspace_id: string;
  campaign_id: string;
  lead_id: string;
  fence: number;
  attempts: number;
  prev_lease_id: string | null;
  workspace_cap: number;
};

/**
 * The gate grants a permit first; then one statement takes the oldest claimable render (queued and due,
 * or holding a lease that ran out) outside the workspaces at their cap; then the gate binds the permit to
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
      claimed = await claimStatement(db, permit, node.id, load);
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
): Promise<ClaimedRow | undefined> {
  const result = await db.execute<ClaimedRow>(sql`
    WITH picked AS (
      SELECT id, state AS prev_state, lease_id AS prev_lease_id, node_id AS prev_node_id,
             lease_expires_at AS prev_expired_at
      FROM renders
      WHERE (
          (state = 'queued' AND run_after <= now())
          OR (state IN (${ACTIVE_SQL}) AND lease_expires_at < now()
              AND NOT cancel_requested AND attempts < max_attempts)
        )
        -- Only workspaces below their cap (live from the row; 0 pauses a workspace).
        AND EXISTS (
          SELECT 1 FROM workspaces w
          WHERE w.id = renders.workspace_id
            AND w.render_concurrency > coalesce((${JSON.stringify(load)}::jsonb ->> w.id)::int, 0)
        )
      ORDER BY run_after, created_at
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
        artifacts = NULL,
        storage = 'r2',
        cdn_base_url = NULL,
        updated_at = now()
      FROM picked p
      WHERE r.id = p.id
      RETURNING r.id, r.workspace_id, r.campaign_id, r.lead_id, r.fence, r.attempts,
        p.prev_state, p.prev_lease_id, p.prev_node_id, p.prev_expired_at,
        (SELECT w.render_concurrency FROM workspaces w WHERE w.id = r.workspace_id) AS workspace_cap
    ),
    reclaimed AS (
      INSERT INTO render_events (render_id, workspace_id, kind, fence, node_id, detail, at)
      SELECT id, workspace_id, 'lease_expired', fence - 1, prev_node_id,
             jsonb_build_object('next', 'claimed'), prev_expired_at
      FROM claimed WHERE prev_state <> 'queued'
    )
    SELECT id, workspace_id, campaign_id, lead_id, fence, attempts, prev_lease_id, workspace_cap FROM claimed
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

// ---------------------------------------------------------------- heartbeat

export async function heartbeat(
  deps: QueueDeps,
  nodeId: string,
  renderId: string,
  request: HeartbeatRequest,
): Promise<HeartbeatResponse> {
  const row = await loadLease(deps.db, renderId);
  assertHolds(row, nodeId, request.fence);
  const renewal = await assertPermit(deps, row);
  const [updated] = await deps.db
    .update(renders)
    .set({
      state: request.stage,
      progress: request.progress,
      leaseExpiresAt: new Date(renewal.expiresAt),
      updatedAt: new Date(),
    })
    .where(holderIs(row))
    .returning({ cancelRequested: renders.cancelRequested });
  if (!updated) {
    // The lease ended between the read and the write (expiry sweep); the renewed permit is not needed.
    await deps.gate.release(row.leaseId);
    throw new ApiError("CONFLICT", `Render ${renderId} lost its lease; stop working on it`);
  }
  return {
    cancel: renewal.cancel || updated.cancelRequested,
    leaseExpiresAt: new Date(renewal.expiresAt).toISOString(),
  };
}

// ---------------------------------------------------------------- artifacts

/**
 * Streams one artifact into R2 under a key that carries the fence, so an older lease still uploading can
 * never overwrite what the current one wrote; then records it on the render.
 */
export async function storeArtifact(
  deps: QueueDeps,
  nodeId: string,
  input: { renderId: string; name: ArtifactName; fence: number; body: ReadableStream },
): Promise<void> {
  const row = await loadLease(deps.db, input.renderId);
  assertHolds(row, nodeId, input.fence);
  const key = mediaKeys.artifact(row.workspaceId, row.id, `${row.fence}/${input.name}`);
  await deps.media.put(key, input.body, {
    httpMetadata: { contentType: ARTIFACT_CONTENT_TYPES[input.name] },
  });
  const [updated] = await deps.db
    .update(renders)
    .set({
      artifacts: sql`coalesce(${renders.artifacts}, '{}'::jsonb) || jsonb_build_object(${input.name}::text, ${key}::text)`,
      updatedAt: new Date(),
    })
    .where(holderIs(row))
    .returning({ id: renders.id });
  if (!updated) {
    await deps.media.delete(key);
    throw new ApiError(
      "CONFLICT",
      `Render ${input.renderId} lost its lease during the upload; stop working on it`,
    );
  }
}

/** Refuses Bunny uploads the Worker could never delete: no Bunny configured, or another zone. */
function assertBunnyDeletable(bunnyZone: string | null, zone: string | undefined, field: string) {
  if (bunnyZone === null) {
    throw new ApiError(
      "BAD_REQUEST",
      "storage: this platform takes no media in Bunny Storage, because the Worker could never delete them (BUNNY_STORAGE_HOST, BUNNY_STORAGE_ZONE and BUNNY_STORAGE_KEY are not set on it). Set them on the Worker, or unset the render node's BUNNY_* so it uploads to R2 through the edge",
    );
  }
  if (zone !== undefined && zone !== bunnyZone) {
    throw new ApiError(
      "BAD_REQUEST",
      `${field}: the node uploads to storage zone "${zone}" but the Worker deletes from "${bunnyZone}"; give both the same BUNNY_STORAGE_ZONE`,
    );
  }
}

/**
 * A node announces each object before it PUTs it in Bunny Storage: the key (this render's own, under the
 * current fence) is recorded first, so whatever happens after (the PUT lands and the node crashes, the
 * attempt fails, the lead is deleted) the object is found and deleted with its render.
 */
export async function announceBunnyUpload(
  deps: Pick<QueueDeps, "db" | "bunnyZone">,
  nodeId: string,
  renderId: string,
  request: BunnyUploadRequest,
): Promise<{ key: string }> {
  const row = await loadLease(deps.db, renderId);
  assertHolds(row, nodeId, request.fence);
  assertBunnyDeletable(deps.bunnyZone, request.zone, "zone");
  const key = artifactKey(row.workspaceId, row.id, row.fence, request.name);
  await recordBunnyObjects(deps.db, [
    { key, workspaceId: row.workspaceId, renderId: row.id, fence: row.fence, name: request.name },
  ]);
  return { key };
}

/** Artifacts left by earlier attempts (other fences) of a render that is now done. */
async function removeStaleArtifacts(
  media: R2Bucket,
  workspaceId: string,
  renderId: string,
  keep: Set<string>,
) {
  const prefix = mediaKeys.artifact(workspaceId, renderId, "");
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const listed = await media.list({ prefix, cursor });
    const stale = listed.objects.map((o) => o.key).filter((k) => !keep.has(k));
    if (stale.length > 0) await media.delete(stale);
    if (!listed.truncated) return;
    cursor = listed.cursor;
  }
}

// ---------------------------------------------------------------- complete / fail

/**
 * Where a completing render's artifacts are: in R2 as uploaded through the edge, or the public ones in
 * Bunny Storage as the node says and the private ones (report.json) in R2. Bunny keys must be this
 * render's own under the current fence (they are deleted with the lead, so a node may not point a
 * render at another workspace's objects), and only where the Worker can delete them.
 */
function completedArtifacts(
  row: { id: string; workspaceId: string; fence: number; artifacts: RenderArtifacts | null },
  request: CompleteRequest,
  bunnyZone: string | null,
): { artifacts: RenderArtifacts | null; storage: MediaStorage; cdnBaseUrl: string | null } {
  if (!request.storage) return { artifacts: row.artifacts, storage: "r2", cdnBaseUrl: null };
  const { artifacts, cdnBaseUrl, zone } = request.storage;
  assertBunnyDeletable(bunnyZone, zone, "storage.zone");
  for (const [name, key] of Object.entries(artifacts)) {
    if (!isPublicArtifact(name)) {
      throw new ApiError(
        "BAD_REQUEST",
        `storage.artifacts.${name}: ${name} is private and must not be on the CDN; upload it through the edge (PUT /nodes/v1/renders/${row.id}/artifacts/${name})`,
      );
    }
    const expected = artifactKey(row.workspaceId, row.id, row.fence, name);
    if (key !== expected) {
      throw new ApiError("BAD_REQUEST", `storage.artifacts.${name}: expected the key ${expected}`);
    }
  }
  const inR2 = Object.entries(row.artifacts ?? {}).filter(([name]) => !isPublicArtifact(name));
  return { artifacts: { ...Object.fromEntries(inR2), ...artifacts }, storage: "bunny", cdnBaseUrl };
}

export async function completeRender(
  deps: QueueDeps,
  nodeId: string,
  renderId: string,
  request: CompleteRequest,
): Promise<{ state: "done" }> {
  const row = await loadLease(deps.db, renderId);
  if (row.state === "done" && row.fence === request.fence) return { state: "done" };
  assertHolds(row, nodeId, request.fence);
  const stored = completedArtifacts(row, request, deps.bunnyZone);
  const missing = REQUIRED_ARTIFACTS.filter((name) => !stored.artifacts?.[name]);
  if (missing.length > 0) {
    throw new ApiError("BAD_REQUEST", `artifacts: upload ${missing.join(" and ")} before completing`);
  }
  await assertPermit(deps, row);

  const finished = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(renders)
      .set({
        state: "done",
        progress: 1,
        ...stored,
        durationMs: request.durationMs,
        timings: request.timings,
        errorCode: null,
        error: null,
        finishedAt: new Date(),
        leaseExpiresAt: null,
        updatedAt: new Date(),
      })
      .where(holderIs(row))
      .returning({ artifacts: renders.artifacts });
    if (!updated) return null;
    if (stored.storage === "bunny") {
      await recordBunnyObjects(
        tx,
        Object.entries(request.storage?.artifacts ?? {}).map(([name, key]) => ({
          key,
          workspaceId: row.workspaceId,
          renderId,
          fence: row.fence,
          name: name as ArtifactName,
        })),
      );
    }
    await queueStaleBunnyObjects(tx, { id: renderId, fence: row.fence });
    await tx.insert(renderEvents).values({
      renderId,
      workspaceId: row.workspaceId,
      kind: "done",
      fence: row.fence,
      nodeId,
      detail: { durationMs: request.durationMs, warnings: request.warnings },
    });
    return updated;
  });
  if (!finished) {
    const again = await loadLease(deps.db, renderId);
    if (again.state === "done" && again.fence === request.fence) return { state: "done" };
    throw new ApiError("CONFLICT", `Render ${renderId} lost its lease before completing`);
  }
  await deps.gate.release(row.leaseId);
  const keep = new Set(Object.values(finished.artifacts ?? {}));
  deps.defer(
    removeStaleArtifacts(deps.media, row.workspaceId, renderId, keep).catch((error) =>
      deps.log.warn("stale artifacts not removed", { renderId, error: String(error) }),
    ),
  );
  return { state: "done" };
}

export function retryDelayMs(retryBaseMs: number, attempts: number): number {
  return retryBaseMs * 2 ** Math.max(0, attempts - 1);
}

export async function failRender(
  deps: QueueDeps,
  nodeId: string,
  renderId: string,
  request: FailRequest,
): Promise<{ state: RenderState }> {
  const row = await loadLease(deps.db, renderId);
  // Repeating a fail that already landed answers the state it led to.
  if (row.fence === request.fence && !ACTIVE.includes(row.state) && row.state !== "done") {
    return { state: row.state };
  }
  assertHolds(row, nodeId, request.fence);
  await assertPermit(deps, row);

  const result = await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        attempts: renders.attempts,
        maxAttempts: renders.maxAttempts,
        cancelRequested: renders.cancelRequested,
      })
      .from(renders)
      .where(holderIs(row))
      .for("update");
    if (!current) return null;

    const detail = { code: request.code, message: request.message };
    if (request.cancelled || current.cancelRequested) {
      await tx
        .update(renders)
        .set({ state: "cancelled", finishedAt: new Date(), leaseExpiresAt: null, updatedAt: new Date() })
        .where(eq(renders.id, renderId));
      await event(tx, row, nodeId, "cancelled", detail);
      return "cancelled" as const;
    }
    if (request.retryable && current.attempts < current.maxAttempts) {
      const delayMs = retryDelayMs(deps.retryBaseMs, current.attempts);
      await tx
        .update(renders)
        .set({
          state: "queued",
          errorCode: request.code,
          error: request.message,
          runAfter: sql`now() + ${delayMs} * interval '1 millisecond'`,
          leaseExpiresAt: null,
          nodeId: null,
          updatedAt: new Date(),
        })
        .where(eq(renders.id, renderId));
      await event(tx, row, nodeId, "retry_scheduled", { ...detail, delayMs, attempts: current.attempts });
      return "queued" as const;
    }
    await tx
      .update(renders)
      .set({
        state: "failed",
        errorCode: request.code,
        error: request.message,
        finishedAt: new Date(),
        leaseExpiresAt: null,
        updatedAt: new Date(),
      })
      .where(eq(renders.id, renderId));
    await event(tx, row, nodeId, "failed", { ...detail, attempts: current.attempts });
    return "failed" as const;
  });
  if (!result) throw new ApiError("CONFLICT", `Render ${renderId} lost its lease before failing`);
  await deps.gate.release(row.leaseId);
  return { state: result };
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function event(
  tx: Tx,
  row: LeaseRow,
  nodeId: string,
  kind: "cancelled" | "retry_scheduled" | "failed",
  detail: Record<string, unknown>,
) {
  return tx
    .insert(renderEvents)
    .values({ renderId: row.id, workspaceId: row.workspaceId, kind, fence: row.fence, nodeId, detail });
}

// ---------------------------------------------------------------- assets for nodes

/**
 * The R2 key of an asset a node may read: only one that a render it currently holds needs (the
 * campaign's facecam), so a node token cannot browse every workspace's files.
 */
export async function assetKeyForNode(db: Db, nodeId: string, assetId: string): Promise<string> {
  const [row] = await db
    .select({ storageKey: assets.storageKey })
    .from(assets)
    .where(
      and(
        eq(assets.id, assetId),
        sql`EXISTS (
          SELECT 1 FROM ${renders} r JOIN ${campaigns} c ON c.id = r.campaign_id
          WHERE r.node_id = ${nodeId} AND r.state IN (${ACTIVE_SQL})
            AND r.workspace_id = ${assets.workspaceId} AND c.spec->>'facecam' = ${assets.id}
        )`,
      ),
    );
  if (!row) throw new ApiError("NOT_FOUND", `Asset ${assetId} is not needed by any render this node holds`);
  return row.storageKey;
}
