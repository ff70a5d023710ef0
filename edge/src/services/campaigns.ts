import {
  ACTIVE_RENDER_STATES,
  type LandingSettings,
  LandingSettingsSchema,
  mergeFieldUses,
  type SceneSpec,
  type SceneSpecInput,
  SceneSpecSchema,
} from "@loom-lite/schema";
import { campaigns, renders } from "@loom-lite/schema/db";
import { and, desc, eq, ilike, lt, or, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import { likePattern } from "../lib/like";
import { findAsset } from "./assets";
import { assertKnownMergeFields, leadColumnsOf } from "./campaign-columns";
import { type CampaignFigures, campaignFigures, NO_FIGURES } from "./campaign-figures";
import { type Page, toPage } from "./pagination";
import { type DeletionRun, deleteRowsWithMedia, type MediaStores } from "./render-media";
import type { WorkspaceScope } from "./workspace-scope";
import { checkImageAsset } from "./workspace-settings";

export const CAMPAIGN_STATUSES = ["draft", "active", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignView {
  id: string;
  name: string;
  status: CampaignStatus;
  spec: SceneSpec;
  landing: LandingSettings;
  figures: CampaignFigures;
  /** The merge fields its leads carry, normalised; empty while it has none. */
  leadColumns: string[];
  /** When the spec last changed what the videos show; null while it is the one created with. */
  specUpdatedAt: string | null;
  /** The platform's example campaign (services/example-campaign), not one the rep made. */
  example: boolean;
  createdAt: string;
  updatedAt: string;
}

type CampaignRow = typeof campaigns.$inferSelect;

function toView(row: CampaignRow, figures?: CampaignFigures, leadColumns: string[] = []): CampaignView {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    spec: row.spec,
    landing: row.landing,
    figures: figures ?? { ...NO_FIGURES },
    leadColumns,
    specUpdatedAt: row.specUpdatedAt?.toISOString() ?? null,
    example: row.example,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function withFigures(db: Db, workspaceId: string, rows: CampaignRow[]): Promise<CampaignView[]> {
  const ids = rows.map((r) => r.id);
  const [figures, columns] = await Promise.all([
    campaignFigures(db, workspaceId, ids),
    leadColumnsOf(db, workspaceId, ids),
  ]);
  return rows.map((r) => toView(r, figures.get(r.id), columns.get(r.id)));
}

/** The facecam must be a video this workspace uploaded; anything else cannot be rendered. */
async function checkFacecam(db: Db, workspaceId: string, facecam: string): Promise<void> {
  const asset = await findAsset(db, workspaceId, facecam);
  if (!asset) {
    throw new ApiError("BAD_REQUEST", `spec.facecam: ${facecam} is not an asset of this workspace`);
  }
  if (asset.kind !== "facecam") {
    throw new ApiError("BAD_REQUEST", `spec.facecam: ${facecam} is a ${asset.kind}, not a facecam video`);
  }
}

/** The logo and the rep's photo a landing page shows must be this workspace's images of that kind. */
export async function checkLandingImages(db: Db, workspaceId: string, landing: LandingSettings) {
  if (landing.logoAssetId) {
    await checkImageAsset(db, workspaceId, landing.logoAssetId, "logo", "landing.logoAssetId");
  }
  if (landing.repPhotoAssetId) {
    await checkImageAsset(db, workspaceId, landing.repPhotoAssetId, "photo", "landing.repPhotoAssetId");
  }
}

/**
 * `columns`: merge fields the rep's lead list will carry beyond the standard columns, so the scenes
 * and texts may name them before any lead is imported.
 */
export async function createCampaign(
  ws: WorkspaceScope,
  input: {
    name: string;
    spec: SceneSpecInput | SceneSpec;
    landing?: LandingSettings;
    columns?: string[];
  },
): Promise<CampaignView> {
  const { db, workspaceId } = ws;
  const spec = SceneSpecSchema.parse(input.spec);
  assertKnownMergeFields({ spec, landing: input.landing, leadColumns: [], declared: input.columns });
  await checkFacecam(db, workspaceId, spec.facecam);
  if (input.landing) await checkLandingImages(db, workspaceId, input.landing);
  const [row] = await db
    .insert(campaigns)
    .values({
      id: newId("cmp"),
      workspaceId,
      name: input.name,
      spec,
      landing: LandingSettingsSchema.parse(input.landing ?? {}),
    })
    .returning();
  return toView(row as CampaignRow);
}

/** Longest name a campaign takes (the API's and the copy's limit). */
const MAX_NAME = 200;

/**
 * A new draft campaign with the same video settings and landing page as `id`, named "<name> (copy)",
 * without its leads: the setup is reused for a new list of leads.
 */
export async function duplicateCampaign(ws: WorkspaceScope, id: string): Promise<CampaignView> {
  const source = await getCampaignRow(ws.db, ws.workspaceId, id);
  const suffix = " (copy)";
  return createCampaign(ws, {
    name: `${source.name.slice(0, MAX_NAME - suffix.length)}${suffix}`,
    spec: source.spec,
    landing: source.landing,
    // The copy has no leads yet: the columns the original's scenes name carry over as declared.
    columns: mergeFieldUses(source).map((u) => u.field),
  });
}

export async function getCampaignRow(db: Db, workspaceId: string, id: string): Promise<CampaignRow> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId)));
  if (!row) throw new ApiError("NOT_FOUND", `Campaign ${id} does not exist`);
  return row;
}

export async function getCampaign(ws: WorkspaceScope, id: string): Promise<CampaignView> {
  const { db, workspaceId } = ws;
  const [view] = await withFigures(db, workspaceId, [await getCampaignRow(db, workspaceId, id)]);
  return view as CampaignView;
}

export interface CampaignListQuery {
  limit: number;
  cursor?: string;
  /** Part of the name, any case. */
  q?: string;
  status?: CampaignStatus;
}

/**
 * Newest first, with each campaign's figures and the number of campaigns matching the filters; the
 * cursor is the id of the last campaign of the previous page.
 */
export async function listCampaigns(
  ws: WorkspaceScope,
  page: CampaignListQuery,
): Promise<Page<CampaignView> & { total: number }> {
  const { db, workspaceId } = ws;
  let after: { createdAt: Date; id: string } | undefined;
  if (page.cursor) {
    const [row] = await db
      .select({ createdAt: campaigns.createdAt, id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.id, page.cursor), eq(campaigns.workspaceId, workspaceId)));
    if (!row) throw new ApiError("BAD_REQUEST", "cursor: does not name a campaign of this workspace");
    after = row;
  }
  const q = page.q?.trim();
  const matching = and(
    eq(campaigns.workspaceId, workspaceId),
    q ? ilike(campaigns.name, likePattern(q)) : undefined,
    page.status ? eq(campaigns.status, page.status) : undefined,
  );
  const rows = await db
    .select()
    .from(campaigns)
    .where(
      and(
        matching,
        after
          ? or(
              lt(campaigns.createdAt, after.createdAt),
              and(eq(campaigns.createdAt, after.createdAt), lt(campaigns.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(page.limit + 1);
  const [counted] = await db.select({ total: sql<number>`count(*)::int` }).from(campaigns).where(matching);
  const { items, nextCursor } = toPage(rows, page.limit);
  return { items: await withFigures(db, workspaceId, items), nextCursor, total: counted?.total ?? 0 };
}

/** Spec keys that change what the export does, not what the videos show. */
const NOT_IN_VIDEO = ["fallbackVideos"];

/**
 * The new spec_updated_at: now when the spec differs from the stored one in what the videos show
 * (compared as jsonb, so key order does not matter), else unchanged.
 */
function specChangedAt(spec: SceneSpec) {
  const keys = sql.raw(`ARRAY[${NOT_IN_VIDEO.map((k) => `'${k}'`).join(", ")}]`);
  return sql`CASE WHEN (${campaigns.spec} - ${keys}::text[]) IS DISTINCT FROM (${JSON.stringify(spec)}::jsonb - ${keys}::text[])
    THEN now() ELSE ${campaigns.specUpdatedAt} END`;
}

export async function updateCampaign(
  ws: WorkspaceScope,
  id: string,
  patch: {
    name?: string;
    status?: CampaignStatus;
    landing?: LandingSettings;
    spec?: SceneSpecInput | SceneSpec;
    /** Merge fields the lead list will carry (see createCampaign). */
    columns?: string[];
  },
): Promise<CampaignView> {
  const { db, workspaceId } = ws;
  const current = await getCampaignRow(db, workspaceId, id);
  const spec = patch.spec ? SceneSpecSchema.parse(patch.spec) : undefined;
  if (spec || patch.landing) {
    const leadColumns = (await leadColumnsOf(db, workspaceId, [id])).get(id) ?? [];
    assertKnownMergeFields({
      spec,
      landing: patch.landing,
      leadColumns,
      saved: mergeFieldUses(current),
      declared: patch.columns,
    });
  }
  if (spec) await checkFacecam(db, workspaceId, spec.facecam);
  if (patch.landing) await checkLandingImages(db, workspaceId, patch.landing);
  const [row] = await db
    .update(campaigns)
    .set({
      name: patch.name,
      status: patch.status,
      landing: patch.landing,
      spec,
      ...(spec ? { specUpdatedAt: specChangedAt(spec) } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId)))
    .returning();
  if (!row) throw new ApiError("NOT_FOUND", `Campaign ${id} does not exist`);
  const [view] = await withFigures(db, workspaceId, [row]);
  return view as CampaignView;
}

/**
 * Deletes the campaign with its leads, renders and their media; refused while a node is rendering one
 * of them. Says how many media files were removed and how many are still queued.
 */
export async function deleteCampaign(
  ws: WorkspaceScope,
  stores: MediaStores,
  id: string,
): Promise<DeletionRun> {
  const { db, workspaceId } = ws;
  await getCampaignRow(db, workspaceId, id);
  const owned = await db
    .select({ state: renders.state })
    .from(renders)
    .where(and(eq(renders.campaignId, id), eq(renders.workspaceId, workspaceId)));
  const active = owned.filter((r) => (ACTIVE_RENDER_STATES as readonly string[]).includes(r.state)).length;
  if (active > 0) {
    throw new ApiError(
      "CONFLICT",
      `Campaign ${id} has ${active} render(s) in progress; cancel them or wait, then delete`,
    );
  }
  return deleteRowsWithMedia(db, stores, { workspaceId, campaignIds: [id] }, (tx) =>
    tx.delete(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId))),
  );
}
