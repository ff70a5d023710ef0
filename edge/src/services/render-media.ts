import type { MediaStorage, RenderArtifacts } from "@loom-lite/schema";
import { type BunnyStorageClient, bunnyStorageFor } from "../lib/bunny-storage";
import { deleteObjects } from "../lib/media";

/** Renders' stored objects, and the stores they can be in. */
export interface RenderMediaRow {
  artifacts: RenderArtifacts | null;
  storage: MediaStorage;
}
export interface MediaStores {
  media: R2Bucket;
  /** Null when BUNNY_STORAGE_* are not set on the Worker. */
  bunny: BunnyStorageClient | null;
}

/** This deployment's stores: the R2 binding, and Bunny Storage when BUNNY_STORAGE_* are set. */
export function mediaStoresOf(env: Parameters<typeof bunnyStorageFor>[0] & { MEDIA: R2Bucket }): MediaStores {
  return { media: env.MEDIA, bunny: bunnyStorageFor(env) };
}

const BUNNY_PARALLEL = 8;

function keysOf(rows: RenderMediaRow[], storage: MediaStorage): string[] {
  return rows.filter((r) => r.storage === storage).flatMap((r) => Object.values(r.artifacts ?? {}));
}

/**
 * Refuses (before anything is deleted) when some renders' media are in Bunny Storage but the Worker
 * cannot reach it: deleting the rows would leave those objects behind for good.
 */
export function assertCanDeleteMedia(stores: MediaStores, rows: RenderMediaRow[]): void {
  if (!stores.bunny && keysOf(rows, "bunny").length > 0) {
    throw new Error(
      "Media of these renders are in Bunny Storage: set BUNNY_STORAGE_HOST, BUNNY_STORAGE_ZONE and BUNNY_STORAGE_KEY on the Worker to delete them",
    );
  }
}

/** Deletes the renders' objects from R2 and from Bunny Storage; returns how many there were. */
export async function deleteRenderMedia(stores: MediaStores, rows: RenderMediaRow[]): Promise<number> {
  assertCanDeleteMedia(stores, rows);
  const r2 = keysOf(rows, "r2");
  const bunny = keysOf(rows, "bunny");
  await deleteObjects(stores.media, r2);
  const client = stores.bunny;
  if (client) {
    for (let i = 0; i < bunny.length; i += BUNNY_PARALLEL) {
      await Promise.all(bunny.slice(i, i + BUNNY_PARALLEL).map((key) => client.delete(key)));
    }
  }
  return r2.length + bunny.length;
}
