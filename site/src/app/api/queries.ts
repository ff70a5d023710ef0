import { ACTIVE_RENDER_STATES } from "@loom-lite/schema";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./client";
import type { BulkAction, Campaign, CampaignStatus, Lead } from "./schema";

export const keys = {
  session: ["session"] as const,
  me: ["me"] as const,
  campaigns: ["campaigns"] as const,
  campaignList: (q: string, status: string) => ["campaigns", "list", q, status] as const,
  progress: (id: string) => ["campaigns", id, "progress"] as const,
  campaign: (id: string) => ["campaigns", id] as const,
  leads: (campaignId: string) => ["campaigns", campaignId, "leads"] as const,
  render: (id: string) => ["renders", id] as const,
  asset: (id: string) => ["assets", id] as const,
};

const POLL_MS = 2000;
const WAITING_STATES: readonly string[] = ["queued", ...ACTIVE_RENDER_STATES];

/** A render still on its way: queued or held by a node. */
export function isRenderPending(lead: Lead): boolean {
  return lead.render !== null && WAITING_STATES.includes(lead.render.state);
}

export const useSession = () =>
  useQuery({ queryKey: keys.session, queryFn: api.getSession, staleTime: 60_000 });

export const useMe = (enabled: boolean) => useQuery({ queryKey: keys.me, queryFn: api.getMe, enabled });

/** An asset's metadata (a facecam's length); assets never change once uploaded. */
export const useAsset = (id: string | undefined) =>
  useQuery({
    queryKey: keys.asset(id ?? ""),
    queryFn: () => api.getAsset(id ?? ""),
    enabled: Boolean(id),
    staleTime: Number.POSITIVE_INFINITY,
  });

/**
 * Campaigns matching a name search and a status, 100 per page ("Show more" loads the next); the
 * previous answer stays on screen while typing.
 */
export const useCampaigns = (q = "", status: CampaignStatus | "" = "") =>
  useInfiniteQuery({
    queryKey: keys.campaignList(q, status),
    queryFn: ({ pageParam }) => api.listCampaigns({ q, status, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (data) => ({
      campaigns: data.pages.flatMap((p) => p.campaigns),
      total: data.pages[0]?.total ?? 0,
    }),
    placeholderData: (previous) => previous,
  });

export function useBulkCampaigns() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, ids }: { action: BulkAction; ids: string[] }) => api.bulkCampaigns(action, ids),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.campaigns }),
  });
}

export function useUpdateCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Parameters<typeof api.updateCampaign>[1]) => api.updateCampaign(id, patch),
    onSuccess: (campaign: Campaign) => {
      qc.setQueryData(keys.campaign(id), campaign);
      void qc.invalidateQueries({ queryKey: ["campaigns", "list"] });
    },
  });
}

/** Campaign progress with its ETA; polls every 2 s while anything is queued or running. */
export const useProgress = (id: string) =>
  useQuery({
    queryKey: keys.progress(id),
    queryFn: () => api.getProgress(id),
    refetchInterval: (query) => {
      const s = query.state.data?.states;
      return s && s.queued + s.active > 0 ? POLL_MS : false;
    },
  });

/**
 * After any render action the leads, the progress, the campaign (a draft turns active) and the list's
 * figures change; `keys.campaign(id)` prefixes the first three.
 */
function invalidateRenders(qc: ReturnType<typeof useQueryClient>, campaignId: string) {
  void qc.invalidateQueries({ queryKey: keys.campaign(campaignId) });
  void qc.invalidateQueries({ queryKey: ["campaigns", "list"] });
}

export function useCancelAll(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.cancelAllRenders(campaignId),
    onSettled: () => invalidateRenders(qc, campaignId),
  });
}

export function useRetryFailed(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.retryFailed(campaignId),
    onSettled: () => invalidateRenders(qc, campaignId),
  });
}

export function useImportLeads(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      csv: string;
      dryRun: boolean;
      validRowsOnly: boolean;
      /** CSV header → merge field (null ignores the column); other headers are guessed. */
      mapping?: Record<string, string | null>;
    }) => api.importLeads(campaignId, input.csv, input),
    onSuccess: (report) => {
      if (!report.dryRun) invalidateRenders(qc, campaignId);
    },
  });
}

export const useCampaign = (id: string) =>
  useQuery({ queryKey: keys.campaign(id), queryFn: () => api.getCampaign(id) });

/**
 * Leads with their latest render, 200 per page ("Show more" loads the next); polls every 2 s while any
 * render is queued or running.
 */
export const useLeads = (campaignId: string) =>
  useInfiniteQuery({
    queryKey: keys.leads(campaignId),
    queryFn: ({ pageParam }) => api.listLeads(campaignId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((p) => p.leads),
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.leads.some(isRenderPending)) ? POLL_MS : false,
  });

export const useRender = (id: string | null) =>
  useQuery({ queryKey: keys.render(id ?? ""), queryFn: () => api.getRender(id ?? ""), enabled: id !== null });

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.signOut,
    onSettled: () => {
      qc.clear();
      qc.setQueryData(keys.session, null);
    },
  });
}

/** Adds one lead by hand, or replaces the fields of an existing one. */
export function useSaveLead(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, fields }: { id?: string; fields: Record<string, string> }) =>
      id ? api.updateLead(id, fields) : api.addLeads(campaignId, [{ fields }]).then((r) => r.leads[0]),
    onSuccess: () => invalidateRenders(qc, campaignId),
  });
}

export function useDeleteLead(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.deleteLead,
    onSuccess: () => invalidateRenders(qc, campaignId),
  });
}

export function useEnqueueRenders(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (leadIds?: string[]) => api.enqueueRenders(campaignId, leadIds),
    onSuccess: () => invalidateRenders(qc, campaignId),
  });
}

export function useCancelRender(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (renderId: string) => api.cancelRender(renderId),
    onSuccess: () => invalidateRenders(qc, campaignId),
  });
}
