import { assets, workspaces } from "@loom-lite/schema/db";
import { and, asc, eq } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { Db } from "../../lib/db";
import { newId } from "../../lib/ids";
import { mediaKeys } from "../../lib/media";
import { SAMPLE_SECONDS } from "./sample-spec";

/** The demo facecam the site ships (npm run site:demo-facecams writes it); copied into R2 once. */
export const DEMO_FACECAM_PATH = "/try/demo-facecam.mp4";

export interface SampleWorkspaceConfig {
  /** TRY_IT_WORKSPACE_ID: the platform workspace that owns every sample. */
  workspaceId: string;
  /** TRY_IT_CONCURRENCY: samples rendering at once, fleet-wide (the workspace's cap in the RenderGate). */
  concurrency: number;
}

export interface SampleWorkspace {
  workspaceId: string;
  facecamAssetId: string;
}

/**
 * The platform workspace samples live in, created on first use; its render cap is set from the
 * configuration every time, so changing TRY_IT_CONCURRENCY takes effect with the next sample. Its slug
 * carries an underscore, which no customer's slug can (slugify), so it never takes a customer's name.
 */
export async function ensureSampleWorkspace(
  db: Db,
  media: R2Bucket,
  site: Fetcher | undefined,
  config: SampleWorkspaceConfig,
): Promise<SampleWorkspace> {
  const { workspaceId, concurrency } = config;
  await db
    .insert(workspaces)
    .values({
      id: workspaceId,
      name: "Loom-Lite samples (platform)",
      slug: `_${workspaceId.toLowerCase()}`,
      renderConcurrency: concurrency,
    })
    .onConflictDoUpdate({ target: workspaces.id, set: { renderConcurrency: concurrency } });
  const [facecam] = await db
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.workspaceId, workspaceId), eq(assets.kind, "facecam")))
    .orderBy(asc(assets.createdAt), asc(assets.id))
    .limit(1);
  if (facecam) return { workspaceId, facecamAssetId: facecam.id };
  return { workspaceId, facecamAssetId: await copyDemoFacecam(db, media, site, workspaceId) };
}

async function copyDemoFacecam(
  db: Db,
  media: R2Bucket,
  site: Fetcher | undefined,
  workspaceId: string,
): Promise<string> {
  const clip = site ? await site.fetch(new URL(DEMO_FACECAM_PATH, "http://site.invalid")) : null;
  if (!clip?.ok) {
    throw new ApiError(
      "INTERNAL",
      `Samples are unavailable: the site's ${DEMO_FACECAM_PATH} was not found (build the site: npm run build -w site)`,
    );
  }
  const bytes = new Uint8Array(await clip.arrayBuffer());
  const id = newId("ast");
  const storageKey = mediaKeys.asset(workspaceId, id);
  await media.put(storageKey, bytes, { httpMetadata: { contentType: "video/mp4" } });
  await db.insert(assets).values({
    id,
    workspaceId,
    kind: "facecam",
    storageKey,
    contentType: "video/mp4",
    bytes: bytes.byteLength,
    name: "Demo facecam",
    durationMs: SAMPLE_SECONDS * 1000,
  });
  // Two first samples at once may each copy it: the oldest is used, the other is deleted with the workspace.
  return id;
}
