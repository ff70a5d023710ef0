import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import * as api from "../../api/client";
import { useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { href } from "../../lib/router";
import { ErrorMessage } from "../ErrorMessage";

/** Rename the campaign in place, or copy its setup into a new draft and open it. */
export function CampaignActions({ campaign }: { campaign: Campaign }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(campaign.name);
  const rename = useUpdateCampaign(campaign.id);
  const qc = useQueryClient();
  const duplicate = useMutation({
    mutationFn: () => api.duplicateCampaign(campaign.id),
    onSuccess: (copy: Campaign) => {
      void qc.invalidateQueries({ queryKey: ["campaigns", "list"] });
      window.location.hash = href({ view: "campaign", id: copy.id });
    },
  });

  if (renaming) {
    return (
      <form
        className="row"
        aria-label="Rename campaign"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate({ name: name.trim() }, { onSuccess: () => setRenaming(false) });
        }}
      >
        <input
          aria-label="Campaign name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" className="btn" disabled={rename.isPending}>
          Save name
        </button>
        <button type="button" className="btn secondary" onClick={() => setRenaming(false)}>
          Cancel
        </button>
        <ErrorMessage error={rename.error} />
      </form>
    );
  }
  return (
    <div className="row">
      <button type="button" className="btn secondary" onClick={() => setRenaming(true)}>
        Rename
      </button>
      <button
        type="button"
        className="btn secondary"
        disabled={duplicate.isPending}
        onClick={() => duplicate.mutate()}
        title="A new draft with these scenes, video and landing settings, without the leads"
      >
        {duplicate.isPending ? "Duplicating…" : "Duplicate"}
      </button>
      <ErrorMessage error={duplicate.error} />
    </div>
  );
}
