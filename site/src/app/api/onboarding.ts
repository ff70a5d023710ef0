import { useQuery } from "@tanstack/react-query";
import { answer, api } from "./client";

/** The workspace's facecam videos (uploaded or recorded), for the first-run checklist. */
export const useFacecams = () =>
  useQuery({
    queryKey: ["assets", "facecam"],
    queryFn: () => answer(api.GET("/api/assets", { params: { query: { kind: "facecam" } } })),
    select: (data) => data.assets,
  });
