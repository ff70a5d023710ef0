import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./client";

const facecamsKey = ["facecams"] as const;

/** The workspace's facecam library, with the campaigns using each. */
export const useFacecams = () => useQuery({ queryKey: facecamsKey, queryFn: api.listFacecams });

/** After an upload or a recording: the library has one more. */
export function useRefreshFacecams() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: facecamsKey });
}

export function useRenameFacecam() {
  const refresh = useRefreshFacecams();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => api.renameFacecam(id, name),
    onSettled: refresh,
  });
}

export function useDeleteFacecam() {
  const refresh = useRefreshFacecams();
  return useMutation({ mutationFn: (id: string) => api.deleteFacecam(id), onSettled: refresh });
}
