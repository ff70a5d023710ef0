import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./domains";

export const domainKeys = { all: ["domains"] as const };

export const useDomains = () => useQuery({ queryKey: domainKeys.all, queryFn: api.listDomains });

export function useAddDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.addDomain,
    onSuccess: () => qc.invalidateQueries({ queryKey: domainKeys.all }),
  });
}

export function useCheckDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.checkDomain,
    onSuccess: () => qc.invalidateQueries({ queryKey: domainKeys.all }),
  });
}

export function useDeleteDomain() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.deleteDomain,
    onSuccess: () => qc.invalidateQueries({ queryKey: domainKeys.all }),
  });
}
