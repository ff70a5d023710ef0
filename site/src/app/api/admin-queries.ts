import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./admin";

const POLL_MS = 3000;

export const adminKeys = {
  settings: ["admin", "settings"] as const,
  nodes: ["admin", "nodes"] as const,
  contactRequests: ["admin", "contact-requests"] as const,
};

/** Also tells whether the signed-in user is an operator: anyone else gets 403. */
export const useSystemSettings = () =>
  useQuery({ queryKey: adminKeys.settings, queryFn: api.getSettings, retry: false });

export const useNodes = () =>
  useQuery({
    queryKey: adminKeys.nodes,
    queryFn: async () => (await api.listNodes()).nodes,
    refetchInterval: POLL_MS,
  });

/** What prospects sent through the storefront's contact form, newest first. */
export const useContactRequests = () =>
  useQuery({
    queryKey: adminKeys.contactRequests,
    queryFn: async () => (await api.listContactRequests()).requests,
  });

export function useSaveSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.putSettings,
    onSuccess: (settings) => qc.setQueryData(adminKeys.settings, settings),
  });
}

/** A new token for a node (shown once by the caller); the old one stops working at once. */
export function useRotateNodeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.rotateNodeToken,
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.nodes }),
  });
}

export function useRevokeNode() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.revokeNode,
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.nodes }),
  });
}
