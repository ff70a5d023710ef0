import { type LeadEventAudience, type LeadEventType, leadEvents, leads } from "@loom-lite/schema/db";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../lib/db";
import { getCampaignRow } from "./campaigns";
import { getLeadRow } from "./leads";
import type { WorkspaceScope } from "./workspace-scope";

export interface NewLeadEvent {
  /** `team` when the browser carries the workspace's team mark; `prospect` by default. */
  audience?: LeadEventAudience;
  workspaceId: string;
  campaignId: string;
  leadId: string;
  type: LeadEventType;
  percent?: number;
  visitId: string;
  /** The calendar's own id of a booking (Calendly's event URI, Cal.com's booking uid), when it gave one. */
  calendarEventId?: string;
}

/**
 * What makes two reports the same event for one lead: a view, play or click once per visit, each
 * progress milestone once per visit, a booking once per calendar event (once per visit when the
 * calendar names none).
 */
export function dedupeKeyOf(event: NewLeadEvent): string {
  switch (event.type) {
    case "progress":
      return `progress:${event.percent}:${event.visitId}`;
    case "booked":
      return event.calendarEventId
        ? `booked:event:${event.calendarEventId}`
        : `booked:visit:${event.visitId}`;
    default:
      return `${event.type}:${event.visitId}`;
  }
}

/** Records the event unless the lead already has it (see dedupeKeyOf); true when it is new. */
export async function recordLeadEvent(db: Db, event: NewLeadEvent): Promise<boolean> {
  const inserted = await db
    .insert(leadEvents)
    .values({
      workspaceId: event.workspaceId,
      campaignId: event.campaignId,
      leadId: event.leadId,
      type: event.type,
      audience: event.audience ?? "prospect",
      percent: event.type === "progress" ? (event.percent ?? null) : null,
      visitId: event.visitId,
      dedupeKey: dedupeKeyOf(event),
    })
    .onConflictDoNothing({ target: [leadEvents.leadId, leadEvents.dedupeKey] })
    .returning({ id: leadEvents.id });
  return inserted.length > 0;
}

export interface Funnel {
  /** Leads of the campaign. */
  leads: number;
  /** Leads with a finished video: their link can be sent. */
  sent: number;
  viewed: number;
  played: number;
  /** Leads who watched at least half of their video. */
  watchedHalf: number;
  clicked: number;
  booked: number;
}

/** Distinct leads at each step of one campaign's funnel: what prospects did, never the team. */
export async function campaignFunnel(ws: WorkspaceScope, campaignId: string): Promise<Funnel> {
  const { db, workspaceId } = ws;
  await getCampaignRow(db, workspaceId, campaignId);
  const result = await db.execute<{
    leads: number;
    sent: number;
    viewed: number;
    played: number;
    watched_half: number;
    clicked: number;
    booked: number;
  }>(sql`
    SELECT
      (SELECT count(*) FROM leads l WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId})::int AS leads,
      (SELECT count(*) FROM leads l WHERE l.workspace_id = ${workspaceId} AND l.campaign_id = ${campaignId}
         AND EXISTS (SELECT 1 FROM renders r WHERE r.lead_id = l.id AND r.kind = 'video' AND r.state = 'done'))::int AS sent,
      count(DISTINCT e.lead_id) FILTER (WHERE e.type = 'view')::int AS viewed,
      count(DISTINCT e.lead_id) FILTER (WHERE e.type = 'play')::int AS played,
      count(DISTINCT e.lead_id) FILTER (WHERE e.type = 'progress' AND e.percent >= 50)::int AS watched_half,
      count(DISTINCT e.lead_id) FILTER (WHERE e.type = 'cta_click')::int AS clicked,
      count(DISTINCT e.lead_id) FILTER (WHERE e.type = 'booked')::int AS booked
    FROM lead_events e
    WHERE e.workspace_id = ${workspaceId} AND e.campaign_id = ${campaignId} AND e.audience = 'prospect'
  `);
  const row = result.rows[0];
  return {
    leads: row?.leads ?? 0,
    sent: row?.sent ?? 0,
    viewed: row?.viewed ?? 0,
    played: row?.played ?? 0,
    watchedHalf: row?.watched_half ?? 0,
    clicked: row?.clicked ?? 0,
    booked: row?.booked ?? 0,
  };
}

export interface TimelineEvent {
  type: LeadEventType;
  /** `team`: a member of the workspace opened the page (from the dashboard), not the prospect. */
  audience: LeadEventAudience;
  percent: number | null;
  visitId: string | null;
  occurredAt: string;
}

/** Everything that happened on one lead's page, oldest first, the team's visits marked as such. */
export async function leadTimeline(ws: WorkspaceScope, leadId: string): Promise<TimelineEvent[]> {
  const { db, workspaceId } = ws;
  await getLeadRow(db, workspaceId, leadId);
  const rows = await db
    .select({
      type: leadEvents.type,
      audience: leadEvents.audience,
      percent: leadEvents.percent,
      visitId: leadEvents.visitId,
      occurredAt: leadEvents.occurredAt,
    })
    .from(leadEvents)
    .where(and(eq(leadEvents.workspaceId, workspaceId), eq(leadEvents.leadId, leadId)))
    .orderBy(asc(leadEvents.occurredAt), asc(leadEvents.id))
    .limit(1000);
  return rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }));
}

export interface Watcher {
  leadId: string;
  campaignId: string;
  slug: string;
  fields: Record<string, string>;
  firstSeenAt: string;
  lastSeenAt: string;
  played: boolean;
  /** Furthest watch progress reported, in percent (0 when none). */
  maxPercent: number;
  clicked: boolean;
  booked: boolean;
}

/** Leads who opened their page since `since`, most recent first (the team's own visits left out). */
export async function watchersSince(ws: WorkspaceScope, since: Date): Promise<Watcher[]> {
  const { db, workspaceId } = ws;
  const result = await db.execute<{
    lead_id: string;
    campaign_id: string;
    slug: string;
    fields: Record<string, string>;
    first_seen_at: string;
    last_seen_at: string;
    played: boolean;
    max_percent: number;
    clicked: boolean;
    booked: boolean;
  }>(sql`
    SELECT e.lead_id, l.campaign_id, l.slug, l.fields,
           min(e.occurred_at) AS first_seen_at, max(e.occurred_at) AS last_seen_at,
           bool_or(e.type = 'play') AS played,
           coalesce(max(e.percent), 0)::int AS max_percent,
           bool_or(e.type = 'cta_click') AS clicked,
           bool_or(e.type = 'booked') AS booked
    FROM lead_events e
    JOIN ${leads} l ON l.id = e.lead_id AND l.workspace_id = e.workspace_id
    WHERE e.workspace_id = ${workspaceId} AND e.audience = 'prospect'
      AND e.occurred_at >= ${since.toISOString()}
    GROUP BY e.lead_id, l.campaign_id, l.slug, l.fields
    HAVING bool_or(e.type = 'view')
    ORDER BY max(e.occurred_at) DESC
    LIMIT 500
  `);
  return result.rows.map((r) => ({
    leadId: r.lead_id,
    campaignId: r.campaign_id,
    slug: r.slug,
    fields: r.fields,
    firstSeenAt: new Date(r.first_seen_at).toISOString(),
    lastSeenAt: new Date(r.last_seen_at).toISOString(),
    played: r.played,
    maxPercent: r.max_percent,
    clicked: r.clicked,
    booked: r.booked,
  }));
}

export interface DayCounts {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  views: number;
  plays: number;
  clicks: number;
  booked: number;
}

/** Prospects' event counts per UTC day for the last `days` days (today included), every day present. */
export async function countsByDay(
  ws: WorkspaceScope,
  opts: { days: number; campaignId?: string },
): Promise<DayCounts[]> {
  const { db, workspaceId } = ws;
  if (opts.campaignId) await getCampaignRow(db, workspaceId, opts.campaignId);
  const campaignFilter = opts.campaignId ? sql`AND e.campaign_id = ${opts.campaignId}` : sql``;
  const result = await db.execute<{
    date: string;
    views: number;
    plays: number;
    clicks: number;
    booked: number;
  }>(sql`
    SELECT to_char(d, 'YYYY-MM-DD') AS date,
           count(e.id) FILTER (WHERE e.type = 'view')::int AS views,
           count(e.id) FILTER (WHERE e.type = 'play')::int AS plays,
           count(e.id) FILTER (WHERE e.type = 'cta_click')::int AS clicks,
           count(e.id) FILTER (WHERE e.type = 'booked')::int AS booked
    FROM generate_series(
           date_trunc('day', now() AT TIME ZONE 'UTC') - (${opts.days - 1} * interval '1 day'),
           date_trunc('day', now() AT TIME ZONE 'UTC'),
           interval '1 day') AS d
    LEFT JOIN lead_events e
      ON e.workspace_id = ${workspaceId} ${campaignFilter} AND e.audience = 'prospect'
     AND e.occurred_at >= (d AT TIME ZONE 'UTC') AND e.occurred_at < ((d + interval '1 day') AT TIME ZONE 'UTC')
    GROUP BY d
    ORDER BY d
  `);
  return result.rows.map((r) => ({
    date: r.date,
    views: r.views,
    plays: r.plays,
    clicks: r.clicks,
    booked: r.booked,
  }));
}
