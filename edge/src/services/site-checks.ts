import {
  JOB_PRIORITIES,
  PREFLIGHT_VERDICTS,
  type PreflightVerdictName,
  type RenderState,
} from "@loom-lite/schema";
import { leads, renderEvents, renders } from "@loom-lite/schema/db";
import { and, eq, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import { newId } from "../lib/ids";
import { artifactUrl } from "./artifacts";
import { getCampaignRow } from "./campaigns";
import { type Page, toPage } from "./pagination";
import { getCampaignRowForUpdate, PENDING_STATES } from "./renders";
import type { WorkspaceScope } from "./workspace-scope";

// The campaign's contact sheet: a pre-flight-only job per lead (kind `preflight`, below videos in the
// queue, never billed or announced) films the lead's first scene page and says whether it is usable.

export interface SiteCheckView {
  id: string;
  state: RenderState;
  verdict: PreflightVerdictName | null;
  /** Why the page cannot be used (a verdict other than usable), or why the check itself failed. */
  reason: string | null;
  /** The page that was checked. */
  url: string | null;
  /** The first frame (JPEG) on this API, when the page showed anything. */
  frameUrl: string | null;
  finishedAt: string | null;
}

export interface SheetLead {
  id: string;
  fields: Record<string, string>;
  /** Left out of "Render all". */
  excluded: boolean;
  /** The newest check; null when never checked. */
  check: SiteCheckView | null;
  /** The lead's website changed after its newest check: that check saw another site. */
  stale: boolean;
}

export interface SheetSummary {
  leads: number;
  excluded: number;
  /** Leads whose newest check is queued or running. */
  pending: number;
  /** Checks that could not run (the node failed, cancelled). */
  failed: number;
  verdicts: Record<PreflightVerdictName, number>;
}

type Row = {
  id: string;
  fields: Record<string, string>;
  excluded_at: string | null;
  created_at: string;
  check_id: string | null;
  check_state: RenderState | null;
  check_preflight: { verdict: PreflightVerdictName; url: string; reason: string | null } | null;
  check_error: string | null;
  check_artifacts: Record<string, string> | null;
  check_finished_at: string | null;
  stale: boolean;
};

/** Each lead's newest check, for the lead alias `l`. */
const newestCheck = sql`LEFT JOIN LATERAL (
    SELECT r.id, r.state, r.preflight, r.error, r.artifacts, r.created_at, r.finished_at
    FROM renders r WHERE r.lead_id = l.id AND r.kind = 'preflight'
    ORDER BY r.created_at DESC, r.id DESC LIMIT 1
  ) c ON true`;

/** A check still tells the truth about the lead: waiting or running, or done on the lead's current fields. */
const currentSql = sql`(c.state IN (${sql.join(
  PENDING_STATES.map((s) => sql`${s}`),
  sql`, `,
)}) OR (c.state = 'done' AND c.created_at >= l.fields_updated_at))`;

/**
 * Queues a check of each named lead of the campaign (every lead not excluded when none are named),
 * skipping leads whose newest check is current, so repeating the request queues nothing twice. Leads
 * of another campaign or workspace are 404.
 */
export async function queueSiteChecks(
  ws: WorkspaceScope,
  input: { campaignId: string; leadIds?: string[]; maxAttempts: number },
): Promise<{ queued: number; current: number }> {
  const { db, workspaceId } = ws;
  const { campaignId } = input;
  return db.transaction(async (tx) => {
    const campaign = await getCampaignRowForUpdate(tx, workspaceId, campaignId);
    if (campaign.status === "archived") {
      throw new ApiError(
        "CONFLICT",
        `Campaign ${campaignId} is archived; restore it before checking its sites`,
      );
    }
    const wanted = input.leadIds ? [...new Set(input.leadIds)] : undefined;
    const result = await tx.execute<{ id: string; current: boolean }>(sql`
      SELECT l.id, coalesce(${currentSql}, false) AS current
      FROM leads l ${newestCheck}
      WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId}
        AND ${
          wanted
            ? sql`l.id IN (${sql.join(
                wanted.map((id) => sql`${id}`),
                sql`, `,
              )})`
            : sql`l.excluded_at IS NULL`
        }
      ORDER BY l.created_at, l.id`);
    if (wanted) {
      const found = new Set(result.rows.map((r) => r.id));
      const unknown = wanted.filter((id) => !found.has(id));
      if (unknown.length > 0) {
        throw new ApiError("NOT_FOUND", `Lead ${unknown.join(", ")} is not a lead of campaign ${campaignId}`);
      }
    }
    const toCheck = result.rows.filter((r) => !r.current);
    if (toCheck.length === 0) return { queued: 0, current: result.rows.length };
    const base = Date.now();
    const inserted = await tx
      .insert(renders)
      .values(
        toCheck.map((l, i) => ({
          id: newId("rnd"),
          workspaceId,
          campaignId,
          leadId: l.id,
          kind: "preflight" as const,
          priority: JOB_PRIORITIES.preflight,
          maxAttempts: input.maxAttempts,
          // A millisecond apart, so the sheet fills in the order of the leads.
          runAfter: new Date(base + i),
          createdAt: new Date(base + i),
        })),
      )
      .returning({ id: renders.id });
    await tx
      .insert(renderEvents)
      .values(inserted.map((r) => ({ renderId: r.id, workspaceId, kind: "queued" as const, fence: 0 })));
    return { queued: inserted.length, current: result.rows.length - inserted.length };
  });
}

/** One page of the contact sheet (leads in the order they were added) and the whole campaign's tally. */
export async function siteCheckSheet(
  ws: WorkspaceScope,
  campaignId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SheetLead> & { summary: SheetSummary }> {
  const { db, workspaceId } = ws;
  await getCampaignRow(db, workspaceId, campaignId);
  let after: { createdAt: Date; id: string } | undefined;
  if (page.cursor) {
    const [row] = await db
      .select({ createdAt: leads.createdAt, id: leads.id })
      .from(leads)
      .where(
        and(eq(leads.id, page.cursor), eq(leads.campaignId, campaignId), eq(leads.workspaceId, workspaceId)),
      );
    if (!row) throw new ApiError("BAD_REQUEST", "cursor: does not name a lead of this campaign");
    after = row;
  }
  const rows = await db.execute<Row>(sql`
    SELECT l.id, l.fields, l.excluded_at, l.created_at,
           c.id AS check_id, c.state AS check_state, c.preflight AS check_preflight, c.error AS check_error,
           c.artifacts AS check_artifacts, c.finished_at AS check_finished_at,
           coalesce(c.created_at < l.fields_updated_at, false) AS stale
    FROM leads l ${newestCheck}
    WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId}
      ${after ? sql`AND (l.created_at, l.id) > (${after.createdAt.toISOString()}::timestamptz, ${after.id})` : sql``}
    ORDER BY l.created_at, l.id
    LIMIT ${page.limit + 1}`);
  const { items, nextCursor } = toPage(rows.rows, page.limit);
  return { items: items.map(toSheetLead), nextCursor, summary: await sheetSummary(ws, campaignId) };
}

async function sheetSummary(ws: WorkspaceScope, campaignId: string): Promise<SheetSummary> {
  const { db, workspaceId } = ws;
  const result = await db.execute<{
    verdict: string | null;
    state: string | null;
    excluded: boolean;
    n: number;
  }>(sql`
    SELECT c.preflight ->> 'verdict' AS verdict, c.state, l.excluded_at IS NOT NULL AS excluded, count(*)::int AS n
    FROM leads l ${newestCheck}
    WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId}
    GROUP BY 1, 2, 3`);
  const summary: SheetSummary = {
    leads: 0,
    excluded: 0,
    pending: 0,
    failed: 0,
    verdicts: Object.fromEntries(PREFLIGHT_VERDICTS.map((v) => [v, 0])) as SheetSummary["verdicts"],
  };
  for (const row of result.rows) {
    summary.leads += row.n;
    if (row.excluded) summary.excluded += row.n;
    if (row.state && (PENDING_STATES as string[]).includes(row.state)) summary.pending += row.n;
    else if (row.state === "failed" || row.state === "cancelled") summary.failed += row.n;
    else if (row.state === "done" && row.verdict && row.verdict in summary.verdicts) {
      summary.verdicts[row.verdict as PreflightVerdictName] += row.n;
    }
  }
  return summary;
}

function toSheetLead(row: Row): SheetLead {
  const check: SiteCheckView | null = row.check_id
    ? {
        id: row.check_id,
        state: row.check_state as RenderState,
        verdict: row.check_preflight?.verdict ?? null,
        reason: row.check_preflight?.reason ?? row.check_error ?? null,
        url: row.check_preflight?.url ?? null,
        frameUrl: row.check_artifacts?.["first-frame.jpg"]
          ? artifactUrl(row.check_id, "first-frame.jpg")
          : null,
        finishedAt: row.check_finished_at ? new Date(row.check_finished_at).toISOString() : null,
      }
    : null;
  return {
    id: row.id,
    fields: row.fields,
    excluded: row.excluded_at !== null,
    check,
    stale: row.stale,
  };
}
