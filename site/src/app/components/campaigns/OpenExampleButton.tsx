import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as api from "../../api/client";
import type { Campaign } from "../../api/schema";
import { href } from "../../lib/router";
import { ErrorMessage } from "../ErrorMessage";

/**
 * Opens the workspace's example campaign (made on the first press: a demo facecam and three leads on
 * this platform's own pages), so a new rep can see a set-up campaign before making their own.
 */
export function OpenExampleButton({ className = "btn secondary" }: { className?: string }) {
  const qc = useQueryClient();
  const open = useMutation({
    mutationFn: api.openExampleCampaign,
    onSuccess: (example: Campaign) => {
      void qc.invalidateQueries({ queryKey: ["campaigns", "list"] });
      window.location.hash = href({ view: "campaign", id: example.id });
    },
  });
  return (
    <>
      <button type="button" className={className} disabled={open.isPending} onClick={() => open.mutate()}>
        {open.isPending ? "Opening the example…" : "Open the example campaign"}
      </button>
      <ErrorMessage error={open.error} />
    </>
  );
}
