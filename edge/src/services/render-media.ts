import { ACTIVE_RENDER_STATES, type ArtifactName, PUBLIC_ARTIFACTS } from "@loom-lite/schema";
import { bunnyObjects, mediaDeletions, renders } from "@loom-lite/schema/db";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type BunnyStorageClient, bunnyStorageFor } from "../lib/bunny-storage";
import type { Db } from "../lib/db";
import { deletePrefix } from "../lib/media";

/** The stores render media can be in. */
export interface MediaStores {
  media: R2Bucket;
  /** Null when BUNNY_STORAGE_* are not set on the Worker. */
  bunny: BunnyStorageClient | null;
}

/** This deployment's stores: the R2 binding, and Bunny Storage when BUNNY_STORAGE_* are set. */
export function mediaStoresOf(env: Parameters<typeof bunnyStorageFor>[0] & { MEDIA: R2Bucket }): MediaStores {
  return { media: env.MEDIA, bunny: bunnyStorageFor(env) };
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Queryable = Db | Tx;

/** Whose media to delete: a lead's renders, some campaigns' renders, or everything of a workspace. */
export type MediaScope =
  | { workspaceId: string; leadId: string }
  | { workspaceId: string; campaignIds: string[] }
  | { workspaceId: string; wholeWorkspace: true };

const ACTIVE_SQL = sql.raw(ACTIVE_RENDER_STATES.map((s) => `'${s}'`).join(", "));
const PUBLIC_SQL = sql.raw(PUBLIC_ARTIFACTS.map((s) => `'${s}'`).join(", "));
/** How long a run holds the rows it took; a runner that dies frees them after this. */
const HOLD = sql`interval '5 minutes'`;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;
const BUNNY_PARALLEL = 8;

function rendersIn(scope: MediaScope): SQL {
  const mine = eq(renders.workspaceId, scope.workspaceId);
  if ("leadId" in scope) return and(mine, eq(renders.leadId, scope.leadId)) as SQL;
  if ("campaignIds" in scope) {
    return scope.campaignIds.length > 0
      ? (and(mine, inArray(renders.campaignId, scope.campaignIds)) as SQL)
      : sql`false`;
  }
  return mine;
}

/**
 * Records, inside the caller's transaction, every object the scope's renders have: in R2 everything
 * under each render's prefix (the whole `ws/<id>/` for a workspace, assets included), in Bunny Storage
 * every key a node announced plus the keys on the render rows. Call it before deleting the rows, in the
 * same transaction, so rows never go while their media are unrecorded. Bunny objects of renders still
 * running wait `activeDelayMs`: their node may have a PUT in flight. Returns the queued rows' ids.
 */
export async function queueMediaDeletion(
  tx: Queryable,
  scope: MediaScope,
  options: { activeDelayMs?: number } = {},
): Promise<number[]> {
  const ws = scope.workspaceId;
  const delay = options.activeDelayMs ?? 0;
  const runAfter = sql`CASE WHEN renders.state IN (${ACTIVE_SQL}) THEN now() + ${delay} * interval '1 millisecond' ELSE now() END`;
  // Already queued (an older attempt's object, a failed try): due as soon as either says.
  const onConflict = sql`ON CONFLICT (storage, key, prefix)
    DO UPDATE SET run_after = least(media_deletions.run_after, excluded.run_after) RETURNING id`;

  const r2 =
    "wholeWorkspace" in scope
      ? await tx.execute<{ id: number }>(sql`
          INSERT INTO media_deletions (workspace_id, storage, key, prefix)
          VALUES (${ws}, 'r2', ${`ws/${ws}/`}, true) ${onConflict}`)
      : // mediaKeys.artifact(workspace, render, ""): the edge writes a render's R2 objects under it.
        await tx.execute<{ id: number }>(sql`
          INSERT INTO media_deletions (workspace_id, storage, key, prefix)
          SELECT workspace_id, 'r2', 'ws/' || workspace_id || '/renders/' || id || '/', true
          FROM renders WHERE ${rendersIn(scope)}
          ${onConflict}`);

  // Announced keys (every attempt, also failed ones), and the finished render's own keys.
  const ledger =
    "wholeWorkspace" in scope
      ? sql`bunny_objects.workspace_id = ${ws}`
      : sql`renders.id IS NOT NULL AND ${rendersIn(scope)}`;
  const bunny = await tx.execute<{ id: number }>(sql`
    INSERT INTO media_deletions (workspace_id, storage, key, prefix, run_after)
    SELECT DISTINCT ON (key) workspace_id, 'bunny', key, false, run_after FROM (
      SELECT bunny_objects.workspace_id, bunny_objects.key, ${runAfter} AS run_after
      FROM bunny_objects LEFT JOIN renders ON renders.id = bunny_objects.render_id
      WHERE ${ledger}
      UNION ALL
      SELECT renders.workspace_id, a.value, ${runAfter}
      FROM renders CROSS JOIN LATERAL jsonb_each_text(renders.artifacts) a
      WHERE renders.storage = 'bunny' AND a.key IN (${PUBLIC_SQL}) AND ${rendersIn(scope)}
    ) keys
    ORDER BY key, run_after DESC
    ${onConflict}`);
  return [...r2.rows, ...bunny.rows].map((r) => Number(r.id));
}

/** Records a key a node is about to put in Bunny Storage (or has put, at complete); repeats are fine. */
export async function recordBunnyObjects(
  tx: Queryable,
  rows: Array<{ key: string; workspaceId: string; renderId: string; fence: number; name: ArtifactName }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(bunnyObjects).values(rows).onConflictDoNothing();
}

/**
 * Queues the Bunny objects of a render's other attempts, for the cron: a render that just completed
 * keeps only its own. (A node still uploading for an older attempt is refused its next call and then
 * removes what it put itself.)
 */
export async function queueStaleBunnyObjects(
  tx: Queryable,
  render: { id: string; fence: number },
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO media_deletions (workspace_id, storage, key, prefix)
    SELECT workspace_id, 'bunny', key, false
    FROM bunny_objects WHERE render_id = ${render.id} AND fence <> ${render.fence}
    ON CONFLICT (storage, key, prefix) DO NOTHING`);
}

/**
 * Safety net for the cron: announced Bunny objects whose render no longer exists and that nobody
 * queued (an announcement that raced the deletion of its render). `graceMs` after the announcement,
 * so a PUT that was in flight has landed.
 */
export async function queueOrphanedBunnyObjects(db: Queryable, graceMs: number): Promise<number> {
  const result = await db.execute(sql`
    INSERT INTO media_deletions (workspace_id, storage, key, prefix, run_after)
    SELECT b.workspace_id, 'bunny', b.key, false, greatest(now(), b.created_at + ${graceMs} * interval '1 millisecond')
    FROM bunny_objects b
    WHERE NOT EXISTS (SELECT 1 FROM renders r WHERE r.id = b.render_id)
    ON CONFLICT (storage, key, prefix) DO NOTHING`);
  return result.rowCount ?? 0;
}

type Queued = Pick<typeof mediaDeletions.$inferSelect, "id" | "storage" | "key" | "prefix" | "attempts">;

export interface DeletionRun {
  /** Objects that were there and are gone now. */
  deleted: number;
  /** Queued deletions of this run (or of the given ids) that are not done yet; the cron retries them. */
  pending: number;
}

/**
 * Deletes queued media: the given rows (a request finishing what it queued) or the due ones (the cron).
 * Each row goes when its store confirms; a failure is kept with its reason and retried with backoff.
 */
export async function runMediaDeletions(
  db: Db,
  stores: MediaStores,
  which: { ids?: number[]; limit: number },
): Promise<DeletionRun> {
  if (which.ids && which.ids.length === 0) return { deleted: 0, pending: 0 };
  const only = which.ids ? sql`AND id IN ${which.ids}` : sql``;
  const taken = await db.execute<Queued>(sql`
    UPDATE media_deletions SET attempts = attempts + 1, run_after = now() + ${HOLD}
    WHERE id IN (
      SELECT id FROM media_deletions WHERE run_after <= now() ${only}
      ORDER BY run_after LIMIT ${which.limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING id, storage, key, prefix, attempts`);

  let deleted = 0;
  let done = 0;
  const run = async (row: Queued) => {
    try {
      const outcome = await deleteQueued(stores, row);
      if (!outcome.complete) {
        // A prefix with more objects than one pass takes: the next run goes on at once.
        await db.update(mediaDeletions).set({ runAfter: new Date() }).where(eq(mediaDeletions.id, row.id));
      } else {
        await db.transaction(async (tx) => {
          await tx.delete(mediaDeletions).where(eq(mediaDeletions.id, row.id));
          if (row.storage === "bunny") await tx.delete(bunnyObjects).where(eq(bunnyObjects.key, row.key));
        });
        done += 1;
      }
      deleted += outcome.deleted;
    } catch (error) {
      const delayMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, row.attempts - 1));
      await db
        .update(mediaDeletions)
        .set({
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
          runAfter: sql`now() + ${delayMs} * interval '1 millisecond'`,
        })
        .where(eq(mediaDeletions.id, row.id));
    }
  };
  const rows = taken.rows;
  // R2 calls go one by one (a prefix can be large); Bunny's one-object DELETEs a few at a time.
  for (const row of rows.filter((r) => r.storage === "r2")) await run(row);
  const bunny = rows.filter((r) => r.storage === "bunny");
  for (let i = 0; i < bunny.length; i += BUNNY_PARALLEL) {
    await Promise.all(bunny.slice(i, i + BUNNY_PARALLEL).map(run));
  }
  const asked = which.ids ? which.ids.length : rows.length;
  return { deleted, pending: asked - done };
}

async function deleteQueued(
  stores: MediaStores,
  row: Queued,
): Promise<{ deleted: number; complete: boolean }> {
  if (row.storage === "r2") {
    if (row.prefix) return deletePrefix(stores.media, row.key);
    await stores.media.delete(row.key);
    return { deleted: 1, complete: true };
  }
  if (!stores.bunny) {
    throw new Error(
      `Bunny Storage is not configured on this Worker (BUNNY_STORAGE_HOST, BUNNY_STORAGE_ZONE, BUNNY_STORAGE_KEY), so ${row.key} cannot be deleted; it stays queued until they are set`,
    );
  }
  if (row.prefix) throw new Error(`Bunny Storage deletions are per object; ${row.key} is a prefix`);
  return { deleted: (await stores.bunny.delete(row.key)) ? 1 : 0, complete: true };
}

/** Deletions a request runs itself before answering; the rest are the cron's. */
const INLINE_DELETIONS = 100;

/**
 * The one way rows with media go: in one transaction the scope's media are queued and the rows are
 * deleted (`deleteRows`), then the queued media are deleted at once where the stores answer. What
 * they do not (Bunny down) stays queued for the cron, so no media outlive their rows untracked.
 */
export async function deleteRowsWithMedia(
  db: Db,
  stores: MediaStores,
  scope: MediaScope,
  deleteRows: (tx: Tx) => Promise<unknown>,
  options: { activeDelayMs?: number } = {},
): Promise<DeletionRun> {
  const queued = await db.transaction(async (tx) => {
    const ids = await queueMediaDeletion(tx, scope, options);
    await deleteRows(tx);
    return ids;
  });
  return runMediaDeletions(db, stores, { ids: queued, limit: INLINE_DELETIONS });
}
