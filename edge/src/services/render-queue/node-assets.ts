import { assets, campaigns, renders } from "@loom-lite/schema/db";
import { and, eq, sql } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { Db } from "../../lib/db";
import { ACTIVE_SQL } from "./lease";

/**
 * The R2 key of an asset a node may read: only one that a render it currently holds needs (the
 * campaign's facecam), so a node token cannot browse every workspace's files.
 */
export async function assetKeyForNode(db: Db, nodeId: string, assetId: string): Promise<string> {
  const [row] = await db
    .select({ storageKey: assets.storageKey })
    .from(assets)
    .where(
      and(
        eq(assets.id, assetId),
        sql`EXISTS (
          SELECT 1 FROM ${renders} r JOIN ${campaigns} c ON c.id = r.campaign_id
          WHERE r.node_id = ${nodeId} AND r.state IN (${ACTIVE_SQL})
            AND r.workspace_id = ${assets.workspaceId} AND c.spec->>'facecam' = ${assets.id}
        )`,
      ),
    );
  if (!row) throw new ApiError("NOT_FOUND", `Asset ${assetId} is not needed by any render this node holds`);
  return row.storageKey;
}
