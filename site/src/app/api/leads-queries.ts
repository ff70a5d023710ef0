import { useQuery } from "@tanstack/react-query";
import * as api from "./leads";

export const leadKeys = {
  lead: (leadId: string) => ["lead", leadId] as const,
  snippet: (leadId: string) => ["lead", leadId, "email-snippet"] as const,
};

export const useLead = (leadId: string) =>
  useQuery({ queryKey: leadKeys.lead(leadId), queryFn: () => api.getLead(leadId) });

export const useEmailSnippet = (leadId: string, enabled = true) =>
  useQuery({ queryKey: leadKeys.snippet(leadId), queryFn: () => api.getEmailSnippet(leadId), enabled });
