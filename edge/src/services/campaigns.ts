import {
  ACTIVE_RENDER_STATES,
  type LandingSettings,
  LandingSettingsSchema,
  type SceneSpec,
  type SceneSpecInput,
  SceneSpecSchema,
} from "@loom-lite/schema";
import { campaigns, renders } from "@loom-lite/schema/db";
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import { findAsset } from "./assets";
import { type Page, toPage } from "./pagination";

export const CAMPAIGN_STATUSES = ["draft", "active", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignView {
  id: string;
  name: string;
  status: CampaignStatus;
  spec: SceneSpec;
  landing: LandingSettings;
  createdAt: string;
  updatedAt: string;
}

type CampaignRow = typeof campaigns.$inferSelect;

function toView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    spec: row.spec,
    landing: row.landing,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
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

export async function createCampaign(
  db: Db,
  workspaceId: string,
  input: { name: string; spec: SceneSpecInput | SceneSpec; landing?: LandingSettings },
): Promise<CampaignView> {
  const spec = SceneSpecSchema.parse(input.spec);
  await checkFacecam(db, workspaceId, spec.facecam);
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

export async function getCampaignRow(db: Db, workspaceId: string, id: string): Promise<CampaignRow> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId)));
  if (!row) throw new ApiError("NOT_FOUND", `Campaign ${id} does not exist`);
  return row;
}

export async function getCampaign(db: Db, workspaceId: string, id: string): Promise<CampaignView> {
  return toView(await getCampaignRow(db, workspaceId, id));
}

/** Newest first; the cursor is the id of the last campaign of the previous page. */
export async function listCampaigns(
  db: Db,
  workspaceId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<CampaignView>> {
  let after: { createdAt: Date; id: string } | undefined;
  if (page.cursor) {
    const [row] = await db
      .select({ createdAt: campaigns.createdAt, id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.id, page.cursor), eq(campaigns.workspaceId, workspaceId)));
    if (!row) throw new ApiError("BAD_REQUEST", "cursor: does not name a campaign of this workspace");
    after = row;
  }
  const rows = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
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
  const { items, nextCursor } = toPage(rows, page.limit);
  return { items: items.map(toView), nextCursor };
}

export async function updateCampaign(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { name?: string; status?: CampaignStatus; landing?: LandingSettings },
): Promise<CampaignView> {
  const [row] = await db
    .update(campaigns)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId)))
    .returning();
  if (!row) throw new ApiError("NOT_FOUND", `Campaign ${id} does not exist`);
  return toView(row);
}

/** Deletes the campaign with its leads and renders; refused while a node is rendering one of them. */
export async function deleteCampaign(db: Db, workspaceId: string, id: string): Promise<void> {
  await getCampaignRow(db, workspaceId, id);
  const [active] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(renders)
    .where(
      and(
        eq(renders.campaignId, id),
        eq(renders.workspaceId, workspaceId),
        inArray(renders.state, [...ACTIVE_RENDER_STATES]),
      ),
    );
  if (active && active.count > 0) {
    throw new ApiError(
      "CONFLICT",
      `Campaign ${id} has ${active.count} render(s) in progress; cancel them or wait, then delete`,
    );
  }
  await db.delete(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.workspaceId, workspaceId)));
}
