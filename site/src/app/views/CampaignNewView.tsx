import type { SceneSpec } from "@loom-lite/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createCampaign } from "../api/client";
import { keys } from "../api/queries";
import type { Asset } from "../api/schema";
import { BubbleFields, FallbackFields } from "../components/campaigns/VideoSettingsForm";
import { FacecamPicker } from "../components/facecams/FacecamPicker";
import { Form } from "../components/form/Form";
import { FormFooter } from "../components/form/FormFooter";
import { TextField } from "../components/form/TextField";
import { emptyScene, type SceneDraft, ScenesEditor, toSpecScenes } from "../components/ScenesEditor";
import { href, navigate } from "../lib/router";

export function CampaignNewView() {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [facecam, setFacecam] = useState<Asset | null>(null);
  const [bubble, setBubble] = useState<SceneSpec["bubble"]>({
    shape: "circle",
    position: "bottom-left",
    size: 0.28,
  });
  const [fallback, setFallback] = useState<Pick<SceneSpec, "onUnusable" | "fallbackUrl">>({
    onUnusable: "reject",
  });
  const [scenes, setScenes] = useState<SceneDraft[]>([
    emptyScene(),
    { ...emptyScene(), seconds: "8", scroll: false },
  ]);

  const create = useMutation({
    mutationFn: () =>
      createCampaign({
        name: name.trim(),
        spec: {
          facecam: facecam?.id ?? "",
          bubble,
          scenes: toSpecScenes(scenes),
          onUnusable: fallback.onUnusable,
          ...(fallback.onUnusable === "fallback" ? { fallbackUrl: fallback.fallbackUrl } : {}),
        },
      }),
    onSuccess: (campaign) => {
      void qc.invalidateQueries({ queryKey: keys.campaigns });
      navigate({ view: "campaign", id: campaign.id });
    },
  });

  return (
    <Form className="stack narrow" onSubmit={() => create.mutate()}>
      <div className="row page-head">
        <h1>New campaign</h1>
        <span className="spacer" />
        <a href={href({ view: "campaigns" })}>Back to campaigns</a>
      </div>
      <div className="card">
        <TextField
          label="Campaign name"
          type="text"
          required
          maxLength={200}
          value={name}
          placeholder="Q3 bakeries outreach"
          onChange={setName}
        />
        <FacecamPicker value={facecam} onChange={setFacecam} />
        <BubbleFields bubble={bubble} onChange={setBubble} />
        <FallbackFields spec={fallback} onChange={setFallback} />
      </div>
      <ScenesEditor scenes={scenes} onChange={setScenes} />
      <FormFooter
        mutation={create}
        submitLabel="Create campaign"
        pendingLabel="Creating…"
        disabled={!facecam || !name.trim()}
        buttonClassName="btn large"
      >
        {!facecam && <span className="hint">Upload, record or pick a facecam first.</span>}
      </FormFooter>
    </Form>
  );
}
