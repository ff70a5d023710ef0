import { ACTIVE_RENDER_STATES } from "@loom-lite/schema";
import { campaigns, leads, renders } from "@loom-lite/schema/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import type { BillingConfig } from "./billing/config";
import { deleteRowsWithMedia, type MediaStores } from "./render-media";
import { enqueueRenders } from "./renders";
import type { WorkspaceScope } from "./workspace-scope";

export const BULK_ACTIONS = ["archive", "restore", "delete", "rerender"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkResult {
  action: BulkAction;
  /** The campaigns acted on, in the order given. */
  ids: string[];
  /** Renders queued (`rerender`). */
  queued: number;
  /** Media files removed from storage (`delete`). */
  mediaFilesDeleted: number;
  /** Media files still queued for deletion (a store did not answer); present only when some are. */
  mediaFilesPending?: number;
}

/** Every id must name a campaign of the workspace, or nothing happens. */
async function checkOwned(db: Db, workspaceId: string, ids: string[]) {
  const rows = await db
    .select({ id: campaigns.id, status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, ids)));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new ApiError("NOT_FOUND", `Campaign ${missing.join(", ")} does not exist`);
  return rows;
}

/**
 * Archives, restores, deletes or re-renders several campaigns at once. The ids are checked first and a
 * delete is refused while any of them is being rendered, so a refused request changes nothing.
 */
export async function bulkCampaigns(
  ws: WorkspaceScope,
  deps: { stores: MediaStores; maxAttempts: number; billing: BillingConfig | null },
  input: { action: BulkAction; ids: string[] },
): Promise<BulkResult> {
  const { db, workspaceId } = ws;
  const ids = [...new Set(input.ids)];
  const owned = await checkOwned(db, workspaceId, ids);
  const result: BulkResult = { action: input.action, ids, queued: 0, mediaFilesDeleted: 0 };
  const mine = and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, ids));

  switch (input.action) {
    case "archive":
      await db.update(campaigns).set({ status: "archived", updatedAt: new Date() }).where(mine);
      return result;
    case "restore": {
      // Back to where it was: active when it has leads, a draft otherwise.
      await db
        .update(campaigns)
        .set({
          status: sql`CASE WHEN EXISTS (SELECT 1 FROM ${leads} WHERE ${leads.campaignId} = ${campaigns.id})
                      THEN 'active' ELSE 'draft' END`,
          updatedAt: new Date(),
        })
        .where(and(mine, eq(campaigns.status, "archived")));
      return result;
    }
    case "rerender": {
      const archived = owned.filter((c) => c.status === "archived").map((c) => c.id);
      if (archived.length > 0) {
        throw new ApiError(
          "CONFLICT",
          `Campaign ${archived.join(", ")} is archived; restore it before rendering`,
        );
      }
      for (const id of ids) {
        const queued = await enqueueRenders(ws, {
          campaignId: id,
          maxAttempts: deps.maxAttempts,
          billing: deps.billing,
        });
        result.queued += queued.length;
      }
      return result;
    }
    case "delete": {
      const owning = and(eq(renders.workspaceId, workspaceId), inArray(renders.campaignId, ids));
      const states = await db.select({ state: renders.state }).from(renders).where(owning);
      const busy = states.filter((r) => (ACTIVE_RENDER_STATES as readonly string[]).includes(r.state));
      if (busy.length > 0) {
        throw new ApiError(
          "CONFLICT",
          `${busy.length} render(s) of these campaigns are in progress; cancel them or wait, then delete`,
        );
      }
      const media = await deleteRowsWithMedia(db, deps.stores, { workspaceId, campaignIds: ids }, (tx) =>
        tx.delete(campaigns).where(mine),
      );
      result.mediaFilesDeleted = media.deleted;
      if (media.pending > 0) result.mediaFilesPending = media.pending;
      return result;
    }
  }
}
