import { ACTIVE_RENDER_STATES } from "@loom-lite/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./client";
import type { Lead, LeadInput } from "./types";

export const keys = {
  session: ["session"] as const,
  me: ["me"] as const,
  campaigns: ["campaigns"] as const,
  campaign: (id: string) => ["campaigns", id] as const,
  leads: (campaignId: string) => ["campaigns", campaignId, "leads"] as const,
  render: (id: string) => ["renders", id] as const,
};

const POLL_MS = 2000;
/** Large lists go up in batches so one request stays small. */
const ADD_LEADS_BATCH = 500;
const WAITING_STATES: readonly string[] = ["queued", ...ACTIVE_RENDER_STATES];

/** A render still on its way: queued or held by a node. */
export function isRenderPending(lead: Lead): boolean {
  return lead.render !== null && WAITING_STATES.includes(lead.render.state);
}

export const useSession = () =>
  useQuery({ queryKey: keys.session, queryFn: api.getSession, staleTime: 60_000 });

export const useMe = (enabled: boolean) => useQuery({ queryKey: keys.me, queryFn: api.getMe, enabled });

export const useCampaigns = () =>
  useQuery({ queryKey: keys.campaigns, queryFn: async () => (await api.listCampaigns()).campaigns });

export const useCampaign = (id: string) =>
  useQuery({ queryKey: keys.campaign(id), queryFn: () => api.getCampaign(id) });

/** Leads with their latest render; polls every 2 s while any render is queued or running. */
export const useLeads = (campaignId: string) =>
  useQuery({
    queryKey: keys.leads(campaignId),
    queryFn: async () => (await api.listLeads(campaignId)).leads,
    refetchInterval: (query) => (query.state.data?.some(isRenderPending) ? POLL_MS : false),
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

export function useAddLeads(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (leads: LeadInput[]) => {
      const added: Lead[] = [];
      for (let i = 0; i < leads.length; i += ADD_LEADS_BATCH) {
        added.push(...(await api.addLeads(campaignId, leads.slice(i, i + ADD_LEADS_BATCH))).leads);
      }
      return added;
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.leads(campaignId) }),
  });
}

export function useEnqueueRenders(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (leadIds?: string[]) => api.enqueueRenders(campaignId, leadIds),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.leads(campaignId) }),
  });
}

export function useCancelRender(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (renderId: string) => api.cancelRender(renderId),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.leads(campaignId) }),
  });
}
