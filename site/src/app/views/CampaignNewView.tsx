import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { createCampaign } from "../api/client";
import { keys } from "../api/queries";
import type { Asset } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { FacecamUpload } from "../components/FacecamUpload";
import { emptyScene, type SceneDraft, ScenesEditor, toSpecScenes } from "../components/ScenesEditor";
import { href, navigate } from "../lib/router";

const POSITIONS = ["bottom-left", "bottom-right", "top-left", "top-right"] as const;

export function CampaignNewView() {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [facecam, setFacecam] = useState<Asset | null>(null);
  const [position, setPosition] = useState<(typeof POSITIONS)[number]>("bottom-left");
  const [scenes, setScenes] = useState<SceneDraft[]>([
    emptyScene(),
    { url: "{{website}}", seconds: "8", scroll: false },
  ]);

  const create = useMutation({
    mutationFn: () =>
      createCampaign({
        name: name.trim(),
        spec: {
          facecam: facecam?.id ?? "",
          bubble: { shape: "circle", position, size: 0.28 },
          scenes: toSpecScenes(scenes),
        },
      }),
    onSuccess: (campaign) => {
      void qc.invalidateQueries({ queryKey: keys.campaigns });
      navigate({ view: "campaign", id: campaign.id });
    },
  });

  return (
    <form
      className="stack narrow"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <div className="row page-head">
        <h1>New campaign</h1>
        <span className="spacer" />
        <a href={href({ view: "campaigns" })}>Back to campaigns</a>
      </div>
      <div className="card">
        <div className="field">
          <label htmlFor={`${id}-name`}>Campaign name</label>
          <input
            id={`${id}-name`}
            type="text"
            required
            maxLength={200}
            value={name}
            placeholder="Q3 bakeries outreach"
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <FacecamUpload onUploaded={setFacecam} />
        <div className="field">
          <label htmlFor={`${id}-position`}>Bubble position</label>
          <select
            id={`${id}-position`}
            value={position}
            onChange={(e) => setPosition(e.currentTarget.value as (typeof POSITIONS)[number])}
          >
            {POSITIONS.map((p) => (
              <option key={p} value={p}>
                {p.replace("-", " ")}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ScenesEditor scenes={scenes} onChange={setScenes} />
      <ErrorMessage error={create.error} />
      <div className="row">
        <button className="btn large" type="submit" disabled={!facecam || !name.trim() || create.isPending}>
          {create.isPending ? "Creating…" : "Create campaign"}
        </button>
        {!facecam && <span className="hint">Upload a facecam first.</span>}
      </div>
    </form>
  );
}
