import { answer, api } from "./client";

// Viewer analytics: GET /api/campaigns/{id}/funnel, /api/leads/{id}/timeline, /api/analytics/watchers,
// /api/analytics/daily (edge/src/routes/analytics.ts). Bots and mail scanners are never counted.

export const getFunnel = (campaignId: string) =>
  answer(api.GET("/api/campaigns/{id}/funnel", { params: { path: { id: campaignId } } }));

export const getTimeline = (leadId: string) =>
  answer(api.GET("/api/leads/{id}/timeline", { params: { path: { id: leadId } } }));

/** Leads who opened their page since `since` (the start of today, UTC, when omitted). */
export const getWatchers = (since?: string) =>
  answer(api.GET("/api/analytics/watchers", { params: { query: { since } } }));

export const getDaily = (campaignId: string, days: number) =>
  answer(api.GET("/api/analytics/daily", { params: { query: { days, campaignId } } }));
