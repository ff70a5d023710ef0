import { ACTIVE_RENDER_STATES } from "@loom-lite/schema";
import { sql } from "drizzle-orm";
import type { Db } from "../lib/db";

export interface CampaignFigures {
  leads: number;
  /** Leads with a finished video (their newest render may be a re-render in progress). */
  rendered: number;
  /** Leads whose newest render failed. */
  failed: number;
  /** Leads whose newest render is queued or running. */
  rendering: number;
  /** Prospects' landing page views recorded by the pages' beacons (the team's own, link-preview bots and mail scanners excluded). */
  views: number;
  /** Leads whose newest render is held until the workspace has minutes (blocked_quota). */
  held: number;
  /** Seconds of delivered video the campaign used, from the usage ledger (all periods). */
  usedSeconds: number;
  /**
   * Leads whose video was made with an older spec (its render claimed, so the spec read, before the
   * spec last changed) and which have no newer video and no render on its way.
   */
  outdated: number;
}

export const NO_FIGURES: CampaignFigures = {
  leads: 0,
  rendered: 0,
  failed: 0,
  rendering: 0,
  views: 0,
  held: 0,
  usedSeconds: 0,
  outdated: 0,
};
const PENDING_SQL = sql.raw(["queued", ...ACTIVE_RENDER_STATES].map((s) => `'${s}'`).join(", "));

/** Figures per campaign, for the given campaigns of one workspace, in one query. */
export async function campaignFigures(
  db: Db,
  workspaceId: string,
  campaignIds: string[],
): Promise<Map<string, CampaignFigures>> {
  const figures = new Map<string, CampaignFigures>(campaignIds.map((id) => [id, { ...NO_FIGURES }]));
  if (campaignIds.length === 0) return figures;
  const result = await db.execute<{
    campaign_id: string;
    leads: number;
    rendered: number;
    failed: number;
    rendering: number;
    views: number;
    held: number;
    used_seconds: number;
    outdated: number;
  }>(sql`
    SELECT l.campaign_id,
           count(*)::int AS leads,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM renders d WHERE d.lead_id = l.id AND d.kind = 'video' AND d.state = 'done'))::int AS rendered,
           count(*) FILTER (WHERE latest.state = 'failed')::int AS failed,
           count(*) FILTER (WHERE latest.state IN (${PENDING_SQL}))::int AS rendering,
           count(*) FILTER (WHERE latest.state = 'blocked_quota')::int AS held,
           count(*) FILTER (WHERE c.spec_updated_at IS NOT NULL
             AND (latest.state IS NULL OR latest.state NOT IN (${PENDING_SQL}))
             AND last_video.made_at < c.spec_updated_at)::int AS outdated,
           (SELECT coalesce(sum(u.video_ms), 0) / 1000 FROM usage_ledger u
             WHERE u.workspace_id = ${workspaceId} AND u.campaign_id = l.campaign_id)::int AS used_seconds,
           (SELECT count(*) FROM lead_events ev
             WHERE ev.workspace_id = ${workspaceId} AND ev.campaign_id = l.campaign_id
               AND ev.type = 'view' AND ev.audience = 'prospect')::int AS views
    FROM leads l
    JOIN campaigns c ON c.id = l.campaign_id
    LEFT JOIN LATERAL (
      SELECT coalesce(v.claimed_at, v.created_at) AS made_at FROM renders v
      WHERE v.lead_id = l.id AND v.state = 'done' AND v.kind = 'video' ORDER BY v.created_at DESC, v.id DESC LIMIT 1
    ) last_video ON true
    LEFT JOIN LATERAL (
      SELECT r.state FROM renders r WHERE r.lead_id = l.id AND r.kind = 'video' ORDER BY r.created_at DESC, r.id DESC LIMIT 1
    ) latest ON true
    WHERE l.workspace_id = ${workspaceId}
      AND l.campaign_id IN (${sql.join(
        campaignIds.map((id) => sql`${id}`),
        sql`, `,
      )})
    GROUP BY l.campaign_id
  `);
  for (const row of result.rows) {
    figures.set(row.campaign_id, {
      leads: row.leads,
      rendered: row.rendered,
      failed: row.failed,
      rendering: row.rendering,
      views: row.views,
      held: row.held,
      usedSeconds: row.used_seconds,
      outdated: row.outdated,
    });
  }
  return figures;
}
