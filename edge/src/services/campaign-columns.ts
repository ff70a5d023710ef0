import {
  campaignColumns,
  checkMergeFields,
  type LandingSettings,
  type MergeFieldUse,
  mergeFieldUses,
  normalizeFieldName,
  type SceneSpec,
} from "@loom-lite/schema";
import { sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";

/** The merge fields the leads of each campaign carry (normalised, sorted), in one query. */
export async function leadColumnsOf(
  db: Db,
  workspaceId: string,
  campaignIds: string[],
): Promise<Map<string, string[]>> {
  const columns = new Map<string, string[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return columns;
  const result = await db.execute<{ campaign_id: string; field: string }>(sql`
    SELECT DISTINCT l.campaign_id, key AS field
    FROM leads l, jsonb_object_keys(l.fields) AS key
    WHERE l.workspace_id = ${workspaceId}
      AND l.campaign_id IN (${sql.join(
        campaignIds.map((id) => sql`${id}`),
        sql`, `,
      )})
  `);
  for (const row of result.rows) {
    const field = normalizeFieldName(row.field);
    const list = columns.get(row.campaign_id) ?? [];
    if (!list.includes(field)) list.push(field);
    columns.set(row.campaign_id, list);
  }
  for (const list of columns.values()) list.sort();
  return columns;
}

/**
 * Refuses scenes or landing texts naming a merge field the campaign has no column for (a typo such as
 * `{{webiste}}` would otherwise surface only when leads are imported or rendered), naming each one
 * where it is written and the close column when there is one.
 */
export function assertKnownMergeFields(input: {
  spec?: Pick<SceneSpec, "scenes">;
  landing?: LandingSettings;
  leadColumns: string[];
  saved?: MergeFieldUse[];
  declared?: string[];
}): void {
  const columns = campaignColumns(input);
  const uses = mergeFieldUses({ spec: input.spec, landing: input.landing });
  const problems = checkMergeFields(uses, columns, input.leadColumns.length > 0);
  if (problems.length === 0) return;
  throw new ApiError("BAD_REQUEST", problems.map((p) => `${p.path.join(".")}: ${p.message}`).join("; "));
}
