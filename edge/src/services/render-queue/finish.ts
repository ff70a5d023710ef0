import {
  type ArtifactName,
  artifactKey,
  type CompleteRequest,
  type FailRequest,
  isPublicArtifact,
  type JobKind,
  type MediaStorage,
  type RenderArtifacts,
  type RenderState,
} from "@loom-lite/schema";
import { renderEvents, renders } from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import { ApiError } from "../../errors";
import { recordUsage } from "../billing/ledger";
import { queueStaleBunnyObjects, recordBunnyObjects } from "../render-media";
import { assertBunnyDeletable, removeStaleArtifacts } from "./artifacts";
import {
  ACTIVE,
  assertHolds,
  assertPermit,
  holderIs,
  type LeaseRow,
  loadLease,
  type QueueDeps,
  type Tx,
} from "./lease";

export const REQUIRED_ARTIFACTS: readonly ArtifactName[] = ["video.mp4", "poster.jpg"];

/**
 * What a complete must carry for the job's kind: a video job its video, poster and length; a preflight
 * job its verdict, and the first frame unless the page showed nothing (unreachable). Only video jobs
 * are delivered videos, so only they are billed (usage ledger).
 */
function checkCompletion(kind: JobKind, request: CompleteRequest, stored: RenderArtifacts | null) {
  if (kind !== "preflight" && request.preflight) {
    throw new ApiError(
      "BAD_REQUEST",
      `preflight: only a preflight job carries a verdict, this is a ${kind} job`,
    );
  }
  if (kind === "preflight") {
    if (!request.preflight)
      throw new ApiError("BAD_REQUEST", "preflight: a preflight job completes with its verdict");
    const needsFrame = request.preflight.verdict === "usable" || request.preflight.verdict === "fallback";
    if (needsFrame && !stored?.["first-frame.jpg"]) {
      throw new ApiError("BAD_REQUEST", "artifacts: upload first-frame.jpg before completing");
    }
    return;
  }
  const missing = REQUIRED_ARTIFACTS.filter((name) => !stored?.[name]);
  if (missing.length > 0) {
    throw new ApiError("BAD_REQUEST", `artifacts: upload ${missing.join(" and ")} before completing`);
  }
  if (request.durationMs < 1) throw new ApiError("BAD_REQUEST", "durationMs: a video lasts at least 1 ms");
}

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

/**
 * What a `complete` or `fail` led to; `transitioned` is true only for the call whose write moved the
 * render (a repeated call, or the loser of two concurrent ones, answers the same state without it).
 */
export interface Finished<S extends RenderState = RenderState> {
  state: S;
  transitioned: boolean;
}

export async function completeRender(
  deps: QueueDeps,
  nodeId: string,
  renderId: string,
  request: CompleteRequest,
): Promise<Finished<"done">> {
  const row = await loadLease(deps.db, renderId);
  if (row.state === "done" && row.fence === request.fence) return { state: "done", transitioned: false };
  assertHolds(row, nodeId, request.fence);
  const stored = completedArtifacts(row, request, deps.bunnyZone);
  checkCompletion(row.kind, request, stored.artifacts);
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
        fallbacks: request.fallbacks.length > 0 ? request.fallbacks : null,
        preflight: request.preflight ?? null,
        errorCode: null,
        error: null,
        finishedAt: new Date(),
        leaseExpiresAt: null,
        updatedAt: new Date(),
      })
      .where(holderIs(row))
      .returning({ artifacts: renders.artifacts, campaignId: renders.campaignId });
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
    // The delivered video's usage replaces its reservation (the render is no longer queued or running).
    if (row.kind === "video") {
      await recordUsage(
        tx,
        deps.billingOn,
        { ...row, campaignId: updated.campaignId },
        { videoMs: request.durationMs, fallback: request.fallbacks.length > 0 },
      );
    }
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
    if (again.state === "done" && again.fence === request.fence) {
      return { state: "done", transitioned: false };
    }
    throw new ApiError("CONFLICT", `Render ${renderId} lost its lease before completing`);
  }
  await deps.gate.release(row.leaseId);
  deps.announceFinished(renderId);
  const keep = new Set(Object.values(finished.artifacts ?? {}));
  deps.defer(
    removeStaleArtifacts(deps.media, row.workspaceId, renderId, keep).catch((error) =>
      deps.log.warn("stale artifacts not removed", { renderId, error: String(error) }),
    ),
  );
  return { state: "done", transitioned: true };
}

export function retryDelayMs(retryBaseMs: number, attempts: number): number {
  return retryBaseMs * 2 ** Math.max(0, attempts - 1);
}

export async function failRender(
  deps: QueueDeps,
  nodeId: string,
  renderId: string,
  request: FailRequest,
): Promise<Finished> {
  const row = await loadLease(deps.db, renderId);
  // Repeating a fail that already landed answers the state it led to.
  if (row.fence === request.fence && !ACTIVE.includes(row.state) && row.state !== "done") {
    return { state: row.state, transitioned: false };
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
  // Retries and cancels are not announced; only the end of the road is.
  if (result === "failed") deps.announceFinished(renderId);
  return { state: result, transitioned: true };
}

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
