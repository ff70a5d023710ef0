import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { updateLead } from "./client";
import { keys } from "./queries";
import { checkSites, getSiteChecks, type SheetLead, setLeadExcluded } from "./site-checks";

const POLL_MS = 2000;
export const SHEET_PAGE = 24;

const sheetKey = (campaignId: string) => ["campaigns", campaignId, "site-checks"] as const;

/** One page of the contact sheet; polls while any check of the campaign is queued or running. */
export const useSiteChecks = (campaignId: string, cursor: string | undefined) =>
  useQuery({
    queryKey: [...sheetKey(campaignId), cursor ?? ""],
    queryFn: () => getSiteChecks(campaignId, cursor, SHEET_PAGE),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => ((query.state.data?.summary.pending ?? 0) > 0 ? POLL_MS : false),
  });

export function useCheckSites(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (leadIds?: string[]) => checkSites(campaignId, leadIds),
    onSuccess: () => qc.invalidateQueries({ queryKey: sheetKey(campaignId) }),
  });
}

export function useExcludeLead(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, excluded }: { leadId: string; excluded: boolean }) =>
      setLeadExcluded(leadId, excluded),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: sheetKey(campaignId) });
      void qc.invalidateQueries({ queryKey: keys.leads(campaignId) });
    },
  });
}

/** Fix from the sheet: the lead's website is replaced (its other fields kept), then its site checked again. */
export function useFixSite(campaignId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ lead, website }: { lead: SheetLead; website: string }) => {
      await updateLead(lead.id, { ...lead.fields, website: website.trim() });
      return checkSites(campaignId, [lead.id]);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: sheetKey(campaignId) });
      void qc.invalidateQueries({ queryKey: keys.leads(campaignId) });
    },
  });
}
