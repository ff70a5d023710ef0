import { ACTIVE_RENDER_STATES, type RenderState } from "@loom-lite/schema";
import { leads, renders } from "@loom-lite/schema/db";
import { and, asc, desc, eq, gt, inArray, or } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import { getCampaignRow } from "./campaigns";
import { checkLeadFields } from "./lead-fields";
import { type Page, toPage } from "./pagination";

export const MAX_LEADS_PER_REQUEST = 1000;
const MAX_PROBLEMS_REPORTED = 20;

export interface LeadRenderView {
  id: string;
  state: RenderState;
  progress: number;
  /** The stage a node is in while the render is active; null otherwise. */
  stage: string | null;
  error: string | null;
}

export interface LeadView {
  id: string;
  slug: string;
  fields: Record<string, string>;
  createdAt: string;
}

export interface LeadWithRender extends LeadView {
  render: LeadRenderView | null;
}

type LeadRow = typeof leads.$inferSelect;

function toView(row: LeadRow): LeadView {
  return { id: row.id, slug: row.slug, fields: row.fields, createdAt: row.createdAt.toISOString() };
}

/**
 * Adds leads to a campaign, all or nothing: every row is checked against the campaign's scene URLs
 * first, and one bad row rejects the request with each problem named by row index and field.
 */
export async function addLeads(
  db: Db,
  workspaceId: string,
  campaignId: string,
  input: Array<{ fields: Record<string, string> }>,
): Promise<LeadView[]> {
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

  // One timestamp per lead, a millisecond apart, so listing keeps the order they were sent in.
  const base = Date.now();
  const rows = accepted.map((fields, i) => ({
    id: newId("ld"),
    workspaceId,
    campaignId,
    fields,
    slug: unguessableToken(),
    createdAt: new Date(base + i),
  }));
  const inserted = rows.length > 0 ? await db.insert(leads).values(rows).returning() : [];
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

/** Oldest first (the order they were added), each with its latest render. */
export async function listLeads(
  db: Db,
  workspaceId: string,
  campaignId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<LeadWithRender>> {
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

async function latestRenders(
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
    })
    .from(renders)
    .where(and(eq(renders.workspaceId, workspaceId), inArray(renders.leadId, leadIds)))
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
      },
    ]),
  );
}
