import {
  ACTIVE_RENDER_STATES,
  type ArtifactName,
  type FallbackScene,
  type RenderState,
} from "@loom-lite/schema";
import { leads, renders } from "@loom-lite/schema/db";
import { and, asc, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db, Tx } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import { likePattern } from "../lib/like";
import { artifactUrls } from "./artifacts";
import { getCampaignRow } from "./campaigns";
import { isVideo } from "./job-kinds";
import { checkLeadFields } from "./lead-fields";
import { type Page, toPage } from "./pagination";
import { type DeletionRun, deleteRowsWithMedia, type MediaStores } from "./render-media";
import type { WorkspaceScope } from "./workspace-scope";

export const MAX_LEADS_PER_REQUEST = 1000;
const MAX_PROBLEMS_REPORTED = 20;

export interface LeadRenderView {
  id: string;
  state: RenderState;
  progress: number;
  /** The stage a node is in while the render is active; null otherwise. */
  stage: string | null;
  error: string | null;
  errorCode: string | null;
  /** Artifact name → URL on this API. */
  artifacts: Partial<Record<ArtifactName, string>>;
  /** Scenes the campaign's fallback page stood in for: the video is not of the lead's own site. */
  fallbacks: FallbackScene[];
  finishedAt: string | null;
}

export interface LeadView {
  id: string;
  slug: string;
  fields: Record<string, string>;
  /** Left out of "Render all" (from the contact sheet). */
  excluded: boolean;
  createdAt: string;
}

export interface LeadWithRender extends LeadView {
  render: LeadRenderView | null;
}

type LeadRow = typeof leads.$inferSelect;

function toView(row: LeadRow): LeadView {
  return {
    id: row.id,
    slug: row.slug,
    fields: row.fields,
    excluded: row.excludedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Adds leads to a campaign, all or nothing: every row is checked against the campaign's scene URLs
 * first, and one bad row rejects the request with each problem named by row index and field.
 */
export async function addLeads(
  ws: WorkspaceScope,
  campaignId: string,
  input: Array<{ fields: Record<string, string> }>,
): Promise<LeadView[]> {
  const { db, workspaceId } = ws;
  const campaign = await getCampaignRow(db, workspaceId, campaignId);
  const problems: string[] = [];
  const accepted: Array<Record<string, string>> = [];
  input.forEach((lead, i) => {
    const checked = checkLeadFields(campaign.spec, lead.fields);
    if ("problems" in checked) {
      for (const p of checked.problems) problems.push(`leads.${i}.fields.${p.field}: ${p.message}`);
    } else {
      accepted.push(checked.fields);
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_REPORTED).join("; ");
    const more =
      problems.length > MAX_PROBLEMS_REPORTED ? ` (and ${problems.length - MAX_PROBLEMS_REPORTED} more)` : "";
    throw new ApiError("BAD_REQUEST", `No leads were added. ${shown}${more}`);
  }
  return insertLeads(db, workspaceId, campaignId, accepted);
}

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement. */
const INSERT_CHUNK = 2000;

/** Inserts already-checked leads in one transaction, keeping the order they were given in. */
export async function insertLeads(
  db: Db | Tx,
  workspaceId: string,
  campaignId: string,
  fieldsList: Array<Record<string, string>>,
): Promise<LeadView[]> {
  if (fieldsList.length === 0) return [];
  // One timestamp per lead, a millisecond apart, so listing keeps the order they were sent in.
  const base = Date.now();
  const rows = fieldsList.map((fields, i) => ({
    id: newId("ld"),
    workspaceId,
    campaignId,
    fields,
    slug: unguessableToken(),
    createdAt: new Date(base + i),
  }));
  const inserted = await db.transaction(async (tx) => {
    const out: LeadRow[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      out.push(
        ...(await tx
          .insert(leads)
          .values(rows.slice(i, i + INSERT_CHUNK))
          .returning()),
      );
    }
    return out;
  });
  return inserted.map(toView);
}

export async function getLeadRow(db: Db, workspaceId: string, id: string): Promise<LeadRow> {
  const [row] = await db
    .select()
    .from(leads)
    .where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId)));
  if (!row) throw new ApiError("NOT_FOUND", `Lead ${id} does not exist`);
  return row;
}

export async function getLead(ws: WorkspaceScope, id: string): Promise<LeadWithRender> {
  const { db, workspaceId } = ws;
  const row = await getLeadRow(db, workspaceId, id);
  const latest = await latestRenders(db, workspaceId, [row.id]);
  return { ...toView(row), render: latest.get(row.id) ?? null };
}

/** `none` is a lead never rendered; `active` is any state in which a node holds the render. */
export const LEAD_STATE_FILTERS = ["none", "queued", "active", "done", "failed", "cancelled"] as const;
export type LeadStateFilter = (typeof LEAD_STATE_FILTERS)[number];

const latestStateSql = sql`(SELECT r.state FROM renders r WHERE r.lead_id = ${leads.id} AND r.kind = 'video'
  ORDER BY r.created_at DESC, r.id DESC LIMIT 1)`;

function stateCondition(filter: LeadStateFilter | undefined) {
  if (!filter) return undefined;
  if (filter === "none") return sql`${latestStateSql} IS NULL`;
  if (filter === "active") {
    return sql`${latestStateSql} IN (${sql.join(
      ACTIVE_RENDER_STATES.map((s) => sql`${s}`),
      sql`, `,
    )})`;
  }
  return sql`${latestStateSql} = ${filter}`;
}

/** Oldest first (the order they were added), each with its latest render; filtered by state or text. */
export async function listLeads(
  ws: WorkspaceScope,
  campaignId: string,
  page: { limit: number; cursor?: string; state?: LeadStateFilter; q?: string },
): Promise<Page<LeadWithRender>> {
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
  const q = page.q?.trim();
  const rows = await db
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        eq(leads.campaignId, campaignId),
        after
          ? or(
              gt(leads.createdAt, after.createdAt),
              and(eq(leads.createdAt, after.createdAt), gt(leads.id, after.id)),
            )
          : undefined,
        q
          ? sql`EXISTS (SELECT 1 FROM jsonb_each_text(${leads.fields}) f WHERE f.value ILIKE ${likePattern(q)})`
          : undefined,
        stateCondition(page.state),
      ),
    )
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = toPage(rows, page.limit);
  const latest = await latestRenders(
    db,
    workspaceId,
    items.map((l) => l.id),
  );
  return {
    items: items.map((l) => ({ ...toView(l), render: latest.get(l.id) ?? null })),
    nextCursor,
  };
}

const ACTIVE = new Set<string>(ACTIVE_RENDER_STATES);

/** Each lead's newest video render (a pre-flight check is never a lead's render). */
export async function latestRenders(
  db: Db,
  workspaceId: string,
  leadIds: string[],
): Promise<Map<string, LeadRenderView>> {
  if (leadIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([renders.leadId], {
      leadId: renders.leadId,
      id: renders.id,
      state: renders.state,
      progress: renders.progress,
      error: renders.error,
      errorCode: renders.errorCode,
      artifacts: renders.artifacts,
      storage: renders.storage,
      cdnBaseUrl: renders.cdnBaseUrl,
      fallbacks: renders.fallbacks,
      finishedAt: renders.finishedAt,
    })
    .from(renders)
    .where(and(eq(renders.workspaceId, workspaceId), isVideo, inArray(renders.leadId, leadIds)))
    .orderBy(renders.leadId, desc(renders.createdAt), desc(renders.id));
  return new Map(
    rows.map((r) => [
      r.leadId,
      {
        id: r.id,
        state: r.state,
        progress: r.progress,
        stage: ACTIVE.has(r.state) ? r.state : null,
        error: r.error,
        errorCode: r.errorCode,
        artifacts: artifactUrls(r.id, r.artifacts, r),
        fallbacks: r.fallbacks ?? [],
        finishedAt: r.finishedAt?.toISOString() ?? null,
      },
    ]),
  );
}

/**
 * Changes a lead: its fields (replaced, checked against the campaign's scene URLs like new leads are)
 * and whether it is left out of "Render all" (its existing videos stay).
 */
export async function updateLead(
  ws: WorkspaceScope,
  id: string,
  patch: { fields?: Record<string, string> | undefined; excluded?: boolean | undefined },
): Promise<LeadWithRender> {
  const { db, workspaceId } = ws;
  const lead = await getLeadRow(db, workspaceId, id);
  if (patch.fields) await replaceFields(ws, lead, patch.fields);
  if (patch.excluded !== undefined) {
    await db
      .update(leads)
      .set({ excludedAt: patch.excluded ? sql`coalesce(${leads.excludedAt}, now())` : null })
      .where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId)));
  }
  return getLead(ws, id);
}

async function replaceFields(ws: WorkspaceScope, lead: LeadRow, input: Record<string, string>) {
  const { db, workspaceId } = ws;
  const { id } = lead;
  const campaign = await getCampaignRow(db, workspaceId, lead.campaignId);
  const checked = checkLeadFields(campaign.spec, input);
  if ("problems" in checked) {
    throw new ApiError(
      "BAD_REQUEST",
      checked.problems.map((p) => `fields.${p.field}: ${p.message}`).join("; "),
    );
  }
  await db
    .update(leads)
    // A pre-flight check made before this change saw another website.
    .set({ fields: checked.fields, fieldsUpdatedAt: sql`now()` })
    .where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId)));
}

/**
 * Deletes a lead with its renders and their media (every attempt's, in R2 and Bunny Storage); refused
 * while a node is rendering it (cancel first). Says how many media files were removed, and how many
 * are still queued (a store did not answer; the cron finishes them).
 */
export async function deleteLead(ws: WorkspaceScope, stores: MediaStores, id: string): Promise<DeletionRun> {
  const { db, workspaceId } = ws;
  await getLeadRow(db, workspaceId, id);
  const owned = await db
    .select({ state: renders.state })
    .from(renders)
    .where(and(eq(renders.leadId, id), eq(renders.workspaceId, workspaceId)));
  if (owned.some((r) => ACTIVE.has(r.state))) {
    throw new ApiError("CONFLICT", `Lead ${id} is being rendered right now; cancel the render, then delete`);
  }
  return deleteRowsWithMedia(db, stores, { workspaceId, leadId: id }, (tx) =>
    tx.delete(leads).where(and(eq(leads.id, id), eq(leads.workspaceId, workspaceId))),
  );
}
