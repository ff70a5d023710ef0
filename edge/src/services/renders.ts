import {
  ACTIVE_RENDER_STATES,
  type ArtifactName,
  type FallbackScene,
  FINAL_RENDER_STATES,
  JOB_PRIORITIES,
  type JobKind,
  type RenderState,
  type SceneSpec,
} from "@loom-lite/schema";
import { campaigns, leads, renderEvents, renders } from "@loom-lite/schema/db";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { GateClient } from "../gate/client";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import { artifactUrls, cdnUrl } from "./artifacts";
import { admitRenders } from "./billing/admission";
import type { BillingConfig } from "./billing/config";
import { getCampaignRow } from "./campaigns";
import { isVideo } from "./job-kinds";
import type { WorkspaceScope } from "./workspace-scope";

export interface RenderView {
  id: string;
  leadId: string;
  campaignId: string;
  kind: JobKind;
  state: RenderState;
  /** The stage a node is in while the render is active; null otherwise. */
  stage: RenderState | null;
  progress: number;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  error: string | null;
  errorCode: string | null;
  /** Artifact name → URL on this API (streamed with Range support). */
  artifacts: Partial<Record<ArtifactName, string>>;
  /** Scenes the campaign's fallback page stood in for: the video is not of the lead's own site. */
  fallbacks: FallbackScene[];
  durationMs: number | null;
  timings: Record<string, number> | null;
  createdAt: string;
  runAfter: string;
  claimedAt: string | null;
  finishedAt: string | null;
}

type RenderRow = typeof renders.$inferSelect;

const ACTIVE = new Set<string>(ACTIVE_RENDER_STATES);
const FINAL = new Set<string>(FINAL_RENDER_STATES);
/** Jobs that still will, or may, produce their result: a lead with one of these is not enqueued again. */
export const PENDING_STATES: RenderState[] = ["queued", "blocked_quota", ...ACTIVE_RENDER_STATES];
/** Renders not started yet, which a cancel ends at once. */
const WAITING_STATES: RenderState[] = ["queued", "blocked_quota"];

export function toRenderView(row: RenderRow): RenderView {
  const artifacts = artifactUrls(row.id, row.artifacts, row);
  return {
    id: row.id,
    leadId: row.leadId,
    campaignId: row.campaignId,
    kind: row.kind,
    state: row.state,
    stage: ACTIVE.has(row.state) ? row.state : null,
    progress: row.progress,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    cancelRequested: row.cancelRequested,
    error: row.error,
    errorCode: row.errorCode,
    artifacts,
    fallbacks: row.fallbacks ?? [],
    durationMs: row.durationMs,
    timings: row.timings,
    createdAt: row.createdAt.toISOString(),
    runAfter: row.runAfter.toISOString(),
    claimedAt: row.claimedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/**
 * Queues a render for each given lead of the campaign (all its leads not excluded from it when none
 * are named), skipping leads that already have one queued, held or running. Leads of other campaigns or workspaces are 404.
 * With billing on, each render reserves its video's length against the period's minutes; those that
 * do not fit are held (`blocked_quota`, the reason in `error`) and start by themselves when room appears.
 */
export async function enqueueRenders(
  ws: WorkspaceScope,
  input: {
    campaignId: string;
    leadIds?: string[];
    /** `unrendered`: leads without a finished video; `failed`: leads whose newest render failed. */
    only?: EnqueueFilter;
    maxAttempts: number;
    /** env.billing: null when billing is off (nothing is limited). */
    billing: BillingConfig | null;
  },
): Promise<Array<{ id: string; leadId: string; state: RenderState; reason: string | null }>> {
  const { db, workspaceId } = ws;
  const { campaignId } = input;
  return db.transaction(async (tx) => {
    // Serialises enqueues of one campaign, so two clicks cannot queue a lead twice.
    const campaign = await getCampaignRowForUpdate(tx, workspaceId, campaignId);
    if (campaign.status === "archived") {
      throw new ApiError("CONFLICT", `Campaign ${campaignId} is archived; restore it before rendering`);
    }

    const wanted = input.leadIds ? [...new Set(input.leadIds)] : undefined;
    const campaignLeads = await tx
      .select({ id: leads.id })
      .from(leads)
      .where(
        and(
          eq(leads.workspaceId, workspaceId),
          eq(leads.campaignId, campaignId),
          wanted ? inArray(leads.id, wanted) : isNull(leads.excludedAt),
        ),
      )
      .orderBy(leads.createdAt, leads.id);
    if (wanted) {
      const found = new Set(campaignLeads.map((l) => l.id));
      const unknown = wanted.filter((id) => !found.has(id));
      if (unknown.length > 0) {
        throw new ApiError("NOT_FOUND", `Lead ${unknown.join(", ")} is not a lead of campaign ${campaignId}`);
      }
    }
    if (campaignLeads.length === 0) return [];

    const busy = await tx
      .select({ leadId: renders.leadId })
      .from(renders)
      .where(
        and(
          eq(renders.workspaceId, workspaceId),
          isVideo,
          inArray(
            renders.leadId,
            campaignLeads.map((l) => l.id),
          ),
          inArray(renders.state, PENDING_STATES),
        ),
      );
    const skip = new Set(busy.map((b) => b.leadId));
    if (input.only) {
      for (const leadId of await leadsToSkip(tx, workspaceId, input.only, campaignLeads)) skip.add(leadId);
    }
    const base = Date.now();
    const toQueue = campaignLeads.filter((l) => !skip.has(l.id));
    if (toQueue.length === 0) return [];
    const admission = await admitRenders(tx, input.billing, {
      workspaceId,
      spec: campaign.spec,
      count: toQueue.length,
    });
    const rows = toQueue.map((l, i) => {
      const held = i >= admission.admitted;
      return {
        id: newId("rnd"),
        workspaceId,
        campaignId,
        leadId: l.id,
        kind: "video" as const,
        priority: JOB_PRIORITIES.video,
        maxAttempts: input.maxAttempts,
        reservedMs: admission.reservedMs,
        ...(held
          ? { state: "blocked_quota" as const, errorCode: "quota_exceeded", error: admission.heldReason }
          : {}),
        // A millisecond apart, so the queue serves leads in the order they were added.
        runAfter: new Date(base + i),
        createdAt: new Date(base + i),
      };
    });
    const inserted = await tx
      .insert(renders)
      .values(rows)
      .returning({ id: renders.id, leadId: renders.leadId, state: renders.state, reason: renders.error });
    await tx.insert(renderEvents).values(
      inserted.map((r) => ({
        renderId: r.id,
        workspaceId,
        kind: r.state === "blocked_quota" ? ("held" as const) : ("queued" as const),
        fence: 0,
      })),
    );
    if (campaign.status === "draft") {
      await tx
        .update(campaigns)
        .set({ status: "active", updatedAt: new Date() })
        .where(and(eq(campaigns.id, campaignId), eq(campaigns.workspaceId, workspaceId)));
    }
    return inserted;
  });
}

export const ENQUEUE_FILTERS = ["unrendered", "failed"] as const;
export type EnqueueFilter = (typeof ENQUEUE_FILTERS)[number];

/** Leads the filter leaves out: those with a video (`unrendered`), or whose newest render did not fail. */
async function leadsToSkip(
  tx: Tx,
  workspaceId: string,
  only: EnqueueFilter,
  candidates: Array<{ id: string }>,
): Promise<string[]> {
  const ids = candidates.map((l) => l.id);
  if (only === "unrendered") {
    const withVideo = await tx
      .selectDistinct({ leadId: renders.leadId })
      .from(renders)
      .where(
        and(
          eq(renders.workspaceId, workspaceId),
          isVideo,
          inArray(renders.leadId, ids),
          eq(renders.state, "done"),
        ),
      );
    return withVideo.map((r) => r.leadId);
  }
  const latest = await tx
    .selectDistinctOn([renders.leadId], { leadId: renders.leadId, state: renders.state })
    .from(renders)
    .where(and(eq(renders.workspaceId, workspaceId), isVideo, inArray(renders.leadId, ids)))
    .orderBy(renders.leadId, desc(renders.createdAt), desc(renders.id));
  const failed = new Set(latest.filter((r) => r.state === "failed").map((r) => r.leadId));
  return ids.filter((id) => !failed.has(id));
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The campaign's row, locked: enqueues of one campaign (videos or checks) run one after another. */
export async function getCampaignRowForUpdate(tx: Tx, workspaceId: string, campaignId: string) {
  const locked = await tx.execute<{ id: string; status: string; spec: SceneSpec }>(
    sql`SELECT id, status, spec FROM campaigns WHERE id = ${campaignId} AND workspace_id = ${workspaceId} FOR UPDATE`,
  );
  const row = locked.rows[0];
  if (!row) throw new ApiError("NOT_FOUND", `Campaign ${campaignId} does not exist`);
  return row;
}

/** The campaign's videos, newest first. */
export async function listCampaignRenders(ws: WorkspaceScope, campaignId: string): Promise<RenderView[]> {
  const { db, workspaceId } = ws;
  await getCampaignRow(db, workspaceId, campaignId);
  const rows = await db
    .select()
    .from(renders)
    .where(and(eq(renders.workspaceId, workspaceId), eq(renders.campaignId, campaignId), isVideo))
    .orderBy(desc(renders.createdAt), desc(renders.id));
  return rows.map(toRenderView);
}

async function getRenderRow(db: Db, workspaceId: string, id: string): Promise<RenderRow> {
  const [row] = await db
    .select()
    .from(renders)
    .where(and(eq(renders.id, id), eq(renders.workspaceId, workspaceId)));
  if (!row) throw new ApiError("NOT_FOUND", `Render ${id} does not exist`);
  return row;
}

export async function getRender(ws: WorkspaceScope, id: string): Promise<RenderView> {
  const { db, workspaceId } = ws;
  return toRenderView(await getRenderRow(db, workspaceId, id));
}

/**
 * Where a stored artifact is: its R2 key, or (storage bunny) its CDN URL too; 404 when the render has
 * no such artifact (yet).
 */
export async function artifactKey(
  ws: WorkspaceScope,
  id: string,
  name: ArtifactName,
): Promise<{ key: string; cdnUrl: string | null }> {
  const { db, workspaceId } = ws;
  const row = await getRenderRow(db, workspaceId, id);
  const key = row.artifacts?.[name];
  if (!key) throw new ApiError("NOT_FOUND", `Render ${id} has no ${name}`);
  return { key, cdnUrl: cdnUrl(row, name, key) };
}

/**
 * A queued or held render is cancelled at once. An active one is flagged, in Postgres and in the gate, so the
 * node learns it on its next heartbeat, stops, and reports `cancelled`. A finished one cannot be.
 */
export async function cancelRender(
  ws: WorkspaceScope,
  gate: GateClient,
  id: string,
): Promise<{ id: string; state: RenderState; cancelRequested: boolean }> {
  const { db, workspaceId } = ws;
  // A render can move between the two updates (claimed just now); a second pass sees where it went.
  for (let pass = 0; pass < 3; pass++) {
    const row = await getRenderRow(db, workspaceId, id);
    if (FINAL.has(row.state)) {
      throw new ApiError("CONFLICT", `Render ${id} is already ${row.state}; there is nothing to cancel`);
    }
    if (WAITING_STATES.includes(row.state)) {
      const done = await db.transaction(async (tx) => {
        const [updated] = await tx
          .update(renders)
          .set({ state: "cancelled", cancelRequested: true, finishedAt: new Date(), updatedAt: new Date() })
          .where(and(eq(renders.id, id), eq(renders.workspaceId, workspaceId), eq(renders.state, row.state)))
          .returning({ fence: renders.fence });
        if (!updated) return false;
        await tx.insert(renderEvents).values({
          renderId: id,
          workspaceId,
          kind: "cancelled",
          fence: updated.fence,
          detail: { by: "user", while: row.state },
        });
        return true;
      });
      if (done) return { id, state: "cancelled", cancelRequested: true };
      continue;
    }
    const [flagged] = await db
      .update(renders)
      .set({ cancelRequested: true, updatedAt: new Date() })
      .where(
        and(
          eq(renders.id, id),
          eq(renders.workspaceId, workspaceId),
          inArray(renders.state, [...ACTIVE_RENDER_STATES]),
        ),
      )
      .returning({ state: renders.state });
    if (!flagged) continue;
    await gate.cancel(id);
    return { id, state: flagged.state, cancelRequested: true };
  }
  throw new ApiError("CONFLICT", `Render ${id} changed state while being cancelled; try again`);
}

/**
 * Cancels every unfinished job of a campaign, whatever its kind (site checks stop with the videos): queued and held ones at once, running ones by flag (their
 * nodes stop at the next heartbeat). Returns what was cancelled and what is stopping.
 */
export async function cancelCampaignRenders(
  ws: WorkspaceScope,
  gate: GateClient,
  campaignId: string,
): Promise<{ cancelled: string[]; stopping: string[] }> {
  const { db, workspaceId } = ws;
  await getCampaignRow(db, workspaceId, campaignId);
  const ofCampaign = and(eq(renders.campaignId, campaignId), eq(renders.workspaceId, workspaceId));
  const cancelled = await db.transaction(async (tx) => {
    const rows = await tx
      .update(renders)
      .set({ state: "cancelled", cancelRequested: true, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(ofCampaign, inArray(renders.state, WAITING_STATES)))
      .returning({ id: renders.id, fence: renders.fence });
    if (rows.length > 0) {
      await tx.insert(renderEvents).values(
        rows.map((r) => ({
          renderId: r.id,
          workspaceId,
          kind: "cancelled" as const,
          fence: r.fence,
          detail: { by: "user", while: "queued", all: true },
        })),
      );
    }
    return rows.map((r) => r.id);
  });
  const flagged = await db
    .update(renders)
    .set({ cancelRequested: true, updatedAt: new Date() })
    .where(
      and(ofCampaign, inArray(renders.state, [...ACTIVE_RENDER_STATES]), eq(renders.cancelRequested, false)),
    )
    .returning({ id: renders.id });
  await Promise.all(flagged.map((r) => gate.cancel(r.id)));
  return { cancelled, stopping: flagged.map((r) => r.id) };
}
