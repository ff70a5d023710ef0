import { useQuery } from "@tanstack/react-query";
import * as api from "./analytics";

/** Analytics are live: every figure is asked for again this often while its screen is open. */
export const ANALYTICS_POLL_MS = 10_000;

export const analyticsKeys = {
  funnel: (campaignId: string) => ["analytics", "funnel", campaignId] as const,
  daily: (campaignId: string, days: number) => ["analytics", "daily", campaignId, days] as const,
  watchers: ["analytics", "watchers"] as const,
  timeline: (leadId: string) => ["analytics", "timeline", leadId] as const,
};

const live = { refetchInterval: ANALYTICS_POLL_MS, refetchIntervalInBackground: false } as const;

export const useFunnel = (campaignId: string) =>
  useQuery({ queryKey: analyticsKeys.funnel(campaignId), queryFn: () => api.getFunnel(campaignId), ...live });

export const useDaily = (campaignId: string, days: number) =>
  useQuery({
    queryKey: analyticsKeys.daily(campaignId, days),
    queryFn: async () => (await api.getDaily(campaignId, days)).days,
    placeholderData: (previous) => previous,
    ...live,
  });

/** Today's watchers of the whole workspace; screens filter them to what they show. */
export const useWatchersToday = () =>
  useQuery({ queryKey: analyticsKeys.watchers, queryFn: () => api.getWatchers(), ...live });

export const useTimeline = (leadId: string) =>
  useQuery({
    queryKey: analyticsKeys.timeline(leadId),
    queryFn: async () => (await api.getTimeline(leadId)).events,
    ...live,
  });
