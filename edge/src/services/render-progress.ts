import { ACTIVE_RENDER_STATES, type RenderState } from "@loom-lite/schema";
import { renders, workspaces } from "@loom-lite/schema/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../lib/db";
import { getCampaignRow } from "./campaigns";
import { isVideo } from "./job-kinds";
import type { WorkspaceScope } from "./workspace-scope";

export interface PendingRenderProgress {
  renderId: string;
  leadId: string;
  state: RenderState;
  progress: number;
  /** Estimated milliseconds until this render is done; null while no estimate is possible. */
  etaMs: number | null;
}

export interface CampaignProgress {
  leads: number;
  /** Leads by the state of their newest render; `none` were never rendered. */
  states: Record<"none" | "queued" | "active" | "done" | "failed" | "cancelled", number>;
  /** Leads with a finished video. */
  rendered: number;
  /** 0..1 over the leads that have a render: finished ones count whole, running ones by progress. */
  fraction: number;
  /** Mean time from claim to finish of this workspace's recent renders (or the platform's). */
  averageRenderMs: number | null;
  /** Renders of this workspace that can run at once right now (its cap, bounded by what runs). */
  slots: number;
  /** Estimated milliseconds until every queued and running render of the campaign is done. */
  etaMs: number | null;
  pending: PendingRenderProgress[];
}

const SAMPLE = 20;
const ACTIVE = new Set<string>(ACTIVE_RENDER_STATES);
/** Below this progress a render's own pace says little; the average is used instead. */
const MIN_PROGRESS_FOR_PACE = 0.1;

async function averageRenderMs(db: Db, workspaceId: string): Promise<number | null> {
  const average = async (scope: ReturnType<typeof sql> | undefined) => {
    const result = await db.execute<{ avg: number | null }>(sql`
      SELECT avg(ms)::float8 AS avg FROM (
        SELECT extract(epoch FROM finished_at - claimed_at) * 1000 AS ms FROM renders
        WHERE state = 'done' AND kind = 'video' AND claimed_at IS NOT NULL AND finished_at IS NOT NULL
        ${scope ? sql`AND ${scope}` : sql``}
        ORDER BY finished_at DESC LIMIT ${SAMPLE}
      ) recent`);
    const value = result.rows[0]?.avg;
    return value === null || value === undefined ? null : Math.round(value);
  };
  // A first campaign has no history of its own; the platform's recent renders are the next best guess.
  return (await average(sql`workspace_id = ${workspaceId}`)) ?? (await average(undefined));
}

/** Where a campaign's renders stand, with an estimate of when the unfinished ones will be done. */
export async function campaignProgress(
  ws: WorkspaceScope,
  campaignId: string,
  now = Date.now(),
): Promise<CampaignProgress> {
  const { db, workspaceId } = ws;
  await getCampaignRow(db, workspaceId, campaignId);
  const counted = await db.execute<{ state: string | null; leads: number; rendered: number }>(sql`
    SELECT latest.state, count(*)::int AS leads,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM renders d WHERE d.lead_id = l.id AND d.kind = 'video' AND d.state = 'done'))::int AS rendered
    FROM leads l
    LEFT JOIN LATERAL (
      SELECT r.state FROM renders r WHERE r.lead_id = l.id AND r.kind = 'video' ORDER BY r.created_at DESC, r.id DESC LIMIT 1
    ) latest ON true
    WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId}
    GROUP BY latest.state`);
  const states: CampaignProgress["states"] = {
    none: 0,
    queued: 0,
    active: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
  };
  let leads = 0;
  let rendered = 0;
  for (const row of counted.rows) {
    leads += row.leads;
    rendered += row.rendered;
    // A held render (blocked_quota) waits like a queued one, for minutes instead of a slot.
    const waiting = row.state === "blocked_quota" ? "queued" : row.state;
    const bucket = waiting === null ? "none" : ACTIVE.has(waiting) ? "active" : waiting;
    if (bucket in states) states[bucket as keyof typeof states] += row.leads;
  }

  const pendingRows = await db
    .select({
      id: renders.id,
      leadId: renders.leadId,
      state: renders.state,
      progress: renders.progress,
      claimedAt: renders.claimedAt,
    })
    .from(renders)
    .where(
      and(
        eq(renders.workspaceId, workspaceId),
        eq(renders.campaignId, campaignId),
        isVideo,
        inArray(renders.state, ["queued", ...ACTIVE_RENDER_STATES]),
      ),
    )
    .orderBy(asc(renders.runAfter), asc(renders.id));

  const [workspace] = await db
    .select({ cap: workspaces.renderConcurrency })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  // Every kind holds one of the workspace's slots while it runs.
  const [running] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(renders)
    .where(and(eq(renders.workspaceId, workspaceId), inArray(renders.state, [...ACTIVE_RENDER_STATES])));
  const cap = workspace?.cap ?? 0;
  const slots = cap <= 0 ? 0 : Math.min(cap, Math.max(1, running?.count ?? 0));
  const average = await averageRenderMs(db, workspaceId);

  const active = pendingRows.filter((r) => ACTIVE.has(r.state));
  const queued = pendingRows.filter((r) => r.state === "queued");
  const remainingOf = (r: (typeof active)[number]): number | null => {
    const elapsed = r.claimedAt ? Math.max(0, now - r.claimedAt.getTime()) : 0;
    if (r.progress >= MIN_PROGRESS_FOR_PACE && elapsed > 0) {
      return Math.round((elapsed / r.progress) * (1 - r.progress));
    }
    return average === null ? null : Math.max(0, average - elapsed);
  };
  const pending: PendingRenderProgress[] = active.map((r) => ({
    renderId: r.id,
    leadId: r.leadId,
    state: r.state,
    progress: r.progress,
    etaMs: remainingOf(r),
  }));
  const activeEtas = pending.map((p) => p.etaMs).filter((e): e is number => e !== null);
  const firstFree = activeEtas.length > 0 ? Math.min(...activeEtas) : 0;
  queued.forEach((r, position) => {
    const etaMs =
      average === null || slots === 0
        ? null
        : Math.round(firstFree + Math.floor(position / slots) * average + average);
    pending.push({ renderId: r.id, leadId: r.leadId, state: r.state, progress: r.progress, etaMs });
  });

  const withRender = leads - states.none;
  const finished = states.done + states.failed + states.cancelled;
  const activeProgress = active.reduce((sum, r) => sum + r.progress, 0);
  const etas = pending.map((p) => p.etaMs);
  return {
    leads,
    states,
    rendered,
    fraction: withRender === 0 ? 0 : Math.min(1, (finished + activeProgress) / withRender),
    averageRenderMs: average,
    slots,
    etaMs: pending.length === 0 ? 0 : etas.some((e) => e === null) ? null : Math.max(...(etas as number[])),
    pending,
  };
}
