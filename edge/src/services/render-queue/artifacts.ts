import {
  ARTIFACT_CONTENT_TYPES,
  type ArtifactName,
  artifactKey,
  type BunnyUploadRequest,
} from "@loom-lite/schema";
import { renders } from "@loom-lite/schema/db";
import { sql } from "drizzle-orm";
import { ApiError } from "../../errors";
import { mediaKeys } from "../../lib/media";
import { recordBunnyObjects } from "../render-media";
import { assertHolds, holderIs, loadLease, type QueueDeps } from "./lease";

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
export function assertBunnyDeletable(bunnyZone: string | null, zone: string | undefined, field: string) {
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
export async function removeStaleArtifacts(
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
