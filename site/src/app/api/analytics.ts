import { request } from "./client";

// Viewer analytics: GET /api/campaigns/{id}/funnel, /api/leads/{id}/timeline, /api/analytics/watchers,
// /api/analytics/daily (edge/src/routes/analytics.ts). Bots and mail scanners are never counted.

const enc = encodeURIComponent;

/** Distinct leads at each step of a campaign's funnel. */
export interface CampaignFunnel {
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

export type LeadEventType = "view" | "play" | "progress" | "cta_click" | "booked";

export interface LeadEvent {
  type: LeadEventType;
  /** For `progress`: 25, 50, 75 or 100. */
  percent: number | null;
  visitId: string | null;
  occurredAt: string;
}

export interface Watcher {
  leadId: string;
  campaignId: string;
  slug: string;
  fields: Record<string, string>;
  firstSeenAt: string;
  lastSeenAt: string;
  played: boolean;
  maxPercent: number;
  clicked: boolean;
  booked: boolean;
}

export interface DayCounts {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  views: number;
  plays: number;
  clicks: number;
  booked: number;
}

export const getFunnel = (campaignId: string) =>
  request<CampaignFunnel>("GET", `/api/campaigns/${enc(campaignId)}/funnel`);

export const getTimeline = (leadId: string) =>
  request<{ events: LeadEvent[] }>("GET", `/api/leads/${enc(leadId)}/timeline`);

/** Leads who opened their page since `since` (the start of today, UTC, when omitted). */
export const getWatchers = (since?: string) =>
  request<{ since: string; watchers: Watcher[] }>(
    "GET",
    `/api/analytics/watchers${since ? `?since=${enc(since)}` : ""}`,
  );

export const getDaily = (campaignId: string, days: number) =>
  request<{ days: DayCounts[] }>("GET", `/api/analytics/daily?days=${days}&campaignId=${enc(campaignId)}`);
