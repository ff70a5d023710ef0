import { JOB_PRIORITIES, type RenderArtifacts, type RenderState } from "@loom-lite/schema";
import { campaigns, leads, renderEvents, renders } from "@loom-lite/schema/db";
import { and, asc, eq, inArray, lt, sql } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { Db } from "../../lib/db";
import { newId, unguessableToken } from "../../lib/ids";
import { type DeletionRun, deleteRowsWithMedia, type MediaStores } from "../render-media";
import { sampleSpec } from "./sample-spec";
import type { SampleWorkspace } from "./sample-workspace";

/** A sample and everything of it (rows, first frame, video) is deleted this long after it was asked for. */
export const SAMPLE_KEPT_FOR_MS = 24 * 3_600_000;
/** A sample gets a second try when a node dies under it, not more: the visitor is waiting. */
const SAMPLE_MAX_ATTEMPTS = 2;
/** What a visitor may fetch of their sample. */
export const SAMPLE_MEDIA = ["first-frame.jpg", "video.mp4", "poster.jpg"] as const;
export type SampleMedia = (typeof SAMPLE_MEDIA)[number];

export interface SampleView {
  id: string;
  state: RenderState;
  /** 0..1 over the whole render, as the node reports it. */
  progress: number;
  /** The page being filmed. */
  website: string;
  /** The page's first frame, as soon as the node has it (before the video). */
  firstFrameUrl: string | null;
  videoUrl: string | null;
  posterUrl: string | null;
  /** Why there is no video (the site could not be filmed, or the render failed). */
  error: string | null;
  /** Samples queued before this one (0 once it is being rendered). */
  ahead: number;
  /** When the sample and its media are deleted. */
  expiresAt: string;
}

/** Queues a sample of `website` in the platform workspace: a campaign, its one lead and a `sample` job. */
export async function createSample(
  db: Db,
  platform: SampleWorkspace,
  website: { url: string; host: string },
): Promise<{ id: string }> {
  const { workspaceId } = platform;
  const campaignId = newId("cmp");
  const leadId = newId("ld");
  const renderId = newId("rnd");
  await db.transaction(async (tx) => {
    await tx.insert(campaigns).values({
      id: campaignId,
      workspaceId,
      name: `Sample of ${website.host}`.slice(0, 200),
      status: "active",
      spec: sampleSpec(platform.facecamAssetId),
    });
    await tx.insert(leads).values({
      id: leadId,
      workspaceId,
      campaignId,
      fields: { website: website.url, company: website.host.replace(/^www\./, "") },
      slug: unguessableToken(),
    });
    await tx.insert(renders).values({
      id: renderId,
      workspaceId,
      campaignId,
      leadId,
      kind: "sample",
      priority: JOB_PRIORITIES.sample,
      maxAttempts: SAMPLE_MAX_ATTEMPTS,
    });
    await tx.insert(renderEvents).values({ renderId, workspaceId, kind: "queued", fence: 0 });
  });
  return { id: renderId };
}

const sampleUrl = (id: string, name: SampleMedia) => `/api/try/${encodeURIComponent(id)}/${name}`;

/** A sample of the platform workspace by id; anything else (a customer's render, a site check) is 404. */
async function sampleRow(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select({
      id: renders.id,
      state: renders.state,
      progress: renders.progress,
      artifacts: renders.artifacts,
      error: renders.error,
      createdAt: renders.createdAt,
      runAfter: renders.runAfter,
      fields: leads.fields,
    })
    .from(renders)
    .innerJoin(leads, eq(leads.id, renders.leadId))
    .where(and(eq(renders.id, id), eq(renders.workspaceId, workspaceId), eq(renders.kind, "sample")));
  if (!row)
    throw new ApiError("NOT_FOUND", `Sample ${id} does not exist (samples are deleted after 24 hours)`);
  return row;
}

export async function getSample(db: Db, workspaceId: string, id: string): Promise<SampleView> {
  const row = await sampleRow(db, workspaceId, id);
  const has = (name: SampleMedia) => Boolean((row.artifacts as RenderArtifacts | null)?.[name]);
  const done = row.state === "done";
  let ahead = 0;
  if (row.state === "queued") {
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(renders)
      .where(
        and(
          eq(renders.workspaceId, workspaceId),
          eq(renders.kind, "sample"),
          eq(renders.state, "queued"),
          sql`(${renders.runAfter}, ${renders.createdAt}) < (${row.runAfter.toISOString()}::timestamptz, ${row.createdAt.toISOString()}::timestamptz)`,
        ),
      );
    ahead = count?.n ?? 0;
  }
  return {
    id: row.id,
    state: row.state,
    progress: row.progress,
    website: row.fields.website ?? "",
    firstFrameUrl: has("first-frame.jpg") ? sampleUrl(row.id, "first-frame.jpg") : null,
    videoUrl: done && has("video.mp4") ? sampleUrl(row.id, "video.mp4") : null,
    posterUrl: done && has("poster.jpg") ? sampleUrl(row.id, "poster.jpg") : null,
    error:
      row.state === "failed" || row.state === "cancelled"
        ? (row.error ?? "The sample could not be made.")
        : null,
    ahead,
    expiresAt: new Date(row.createdAt.getTime() + SAMPLE_KEPT_FOR_MS).toISOString(),
  };
}

/** The R2 key of one of a sample's media; the video only once the sample is done. */
export async function sampleMediaKey(
  db: Db,
  workspaceId: string,
  id: string,
  name: SampleMedia,
): Promise<string> {
  const row = await sampleRow(db, workspaceId, id);
  const key = (row.artifacts as RenderArtifacts | null)?.[name];
  if (!key || (name !== "first-frame.jpg" && row.state !== "done")) {
    throw new ApiError("NOT_FOUND", `Sample ${id} has no ${name} yet`);
  }
  return key;
}

/**
 * Deletes samples asked for before `now - SAMPLE_KEPT_FOR_MS`: their campaigns (leads, renders and
 * events go with them) and every object under their renders in R2, a batch at a time.
 */
export async function deleteExpiredSamples(
  db: Db,
  stores: MediaStores,
  workspaceId: string,
  options: { now?: Date; limit?: number; leaseMs: number },
): Promise<{ samples: number } & Partial<DeletionRun>> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - SAMPLE_KEPT_FOR_MS);
  const expired = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), lt(campaigns.createdAt, cutoff)))
    .orderBy(asc(campaigns.createdAt))
    .limit(options.limit ?? 200);
  if (expired.length === 0) return { samples: 0 };
  const campaignIds = expired.map((c) => c.id);
  const run = await deleteRowsWithMedia(
    db,
    stores,
    { workspaceId, campaignIds },
    (tx) =>
      tx
        .delete(campaigns)
        .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, campaignIds))),
    // A node still uploading for a sample (it would be a day late) may put objects for one more lease.
    { activeDelayMs: options.leaseMs },
  );
  return { samples: campaignIds.length, ...run };
}
