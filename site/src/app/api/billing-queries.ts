import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./billing";

export const billingKeys = { all: ["billing"] as const, usage: ["billing", "usage"] as const };

/** Refreshed each minute: renders finish, and the banner follows the usage. */
export const useBilling = () =>
  useQuery({ queryKey: billingKeys.all, queryFn: api.getBilling, refetchInterval: 60_000 });

export const useUsage = () =>
  useInfiniteQuery({
    queryKey: billingKeys.usage,
    queryFn: ({ pageParam }) => api.listUsage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((p) => p.items),
  });

export function useUpdateOverage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.updateOverage,
    onSuccess: (billing) => qc.setQueryData(billingKeys.all, billing),
  });
}
