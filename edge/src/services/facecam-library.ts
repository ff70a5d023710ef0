import { assets, campaigns, mediaDeletions } from "@loom-lite/schema/db";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { AssetView } from "./assets";
import { toAssetView } from "./assets";
import { type MediaStores, runMediaDeletions } from "./render-media";
import type { WorkspaceScope } from "./workspace-scope";

/**
 * The workspace's facecam library: every facecam it uploaded or recorded, which campaigns use each,
 * renaming, and deleting one that no campaign uses any more.
 */

interface CampaignRef {
  id: string;
  name: string;
}

interface FacecamView extends AssetView {
  /** Campaigns whose scene spec renders with this facecam (archived ones too). */
  usedBy: CampaignRef[];
}

const MAX_LIBRARY = 500;

/** The spec's facecam id, as SQL (the spec is JSON; contracts/scene.ts). */
const specFacecam = sql<string>`${campaigns.spec}->>'facecam'`;

async function campaignsUsing(ws: WorkspaceScope, ids: string[]): Promise<Map<string, CampaignRef[]>> {
  const used = new Map<string, CampaignRef[]>();
  if (ids.length === 0) return used;
  const rows = await ws.db
    .select({ id: campaigns.id, name: campaigns.name, facecam: specFacecam })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, ws.workspaceId), inArray(specFacecam, ids)))
    .orderBy(asc(campaigns.name), asc(campaigns.id));
  for (const row of rows) {
    const list = used.get(row.facecam) ?? [];
    list.push({ id: row.id, name: row.name });
    used.set(row.facecam, list);
  }
  return used;
}

export async function listFacecams(ws: WorkspaceScope): Promise<FacecamView[]> {
  const rows = await ws.db
    .select()
    .from(assets)
    .where(and(eq(assets.workspaceId, ws.workspaceId), eq(assets.kind, "facecam")))
    .orderBy(desc(assets.createdAt), desc(assets.id))
    .limit(MAX_LIBRARY);
  const used = await campaignsUsing(
    ws,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...toAssetView(row), usedBy: used.get(row.id) ?? [] }));
}

/** Another workspace's id, a logo's or an unknown one: all "not in this library". */
function notFound(id: string): ApiError {
  return new ApiError("NOT_FOUND", `Facecam ${id} does not exist in this workspace`);
}

export async function renameFacecam(ws: WorkspaceScope, id: string, name: string): Promise<FacecamView> {
  const [row] = await ws.db
    .update(assets)
    .set({ name })
    .where(and(eq(assets.id, id), eq(assets.workspaceId, ws.workspaceId), eq(assets.kind, "facecam")))
    .returning();
  if (!row) throw notFound(id);
  const used = await campaignsUsing(ws, [id]);
  return { ...toAssetView(row), usedBy: used.get(id) ?? [] };
}

function quoteList(refs: CampaignRef[]): string {
  const names = refs.slice(0, 5).map((r) => `"${r.name}"`);
  const more = refs.length > 5 ? ` and ${refs.length - 5} more` : "";
  return `${names.join(", ")}${more}`;
}

/**
 * Deletes a facecam no campaign uses: the row goes and its file is queued for deletion in one
 * transaction (the asset row is locked, so a second delete waits), then the file is deleted at once
 * where R2 answers; the cron retries what it did not.
 */
export async function deleteFacecam(ws: WorkspaceScope, stores: MediaStores, id: string): Promise<void> {
  const queued = await ws.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(assets)
      .where(and(eq(assets.id, id), eq(assets.workspaceId, ws.workspaceId), eq(assets.kind, "facecam")))
      .for("update");
    if (!row) throw notFound(id);
    const users = await tx
      .select({ id: campaigns.id, name: campaigns.name })
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, ws.workspaceId), eq(specFacecam, id)))
      .orderBy(asc(campaigns.name), asc(campaigns.id));
    if (users.length > 0) {
      throw new ApiError(
        "CONFLICT",
        `Facecam ${id} is used by ${users.length === 1 ? "campaign" : `${users.length} campaigns:`} ${quoteList(users)}; pick another facecam there (or delete ${users.length === 1 ? "it" : "them"}) first`,
      );
    }
    const [deletion] = await tx
      .insert(mediaDeletions)
      .values({ workspaceId: ws.workspaceId, storage: "r2", key: row.storageKey, prefix: false })
      .onConflictDoUpdate({
        target: [mediaDeletions.storage, mediaDeletions.key, mediaDeletions.prefix],
        set: { runAfter: sql`now()` },
      })
      .returning({ id: mediaDeletions.id });
    await tx.delete(assets).where(eq(assets.id, id));
    return deletion ? [deletion.id] : [];
  });
  await runMediaDeletions(ws.db, stores, { ids: queued, limit: queued.length });
}
