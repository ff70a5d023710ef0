import { mergeFieldUses, type SceneSpec, type VideoLength } from "@loom-lite/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createCampaign } from "../api/client";
import { keys } from "../api/queries";
import type { Asset } from "../api/schema";
import {
  apiIssues,
  insertableColumns,
  mergeFieldIssues,
  renameInScenes,
} from "../components/campaigns/merge-field-issues";
import { SceneTimeline } from "../components/campaigns/SceneTimeline";
import { VideoLengthFields } from "../components/campaigns/VideoLengthFields";
import { BubbleFields, FallbackFields, OutputFields } from "../components/campaigns/VideoSettingsForm";
import { FacecamPicker } from "../components/facecams/FacecamPicker";
import { FieldProblem, FieldProblemsProvider } from "../components/form/FieldProblems";
import { Form } from "../components/form/Form";
import { FormFooter } from "../components/form/FormFooter";
import { TextField } from "../components/form/TextField";
import {
  emptyScene,
  type SceneDraft,
  ScenesEditor,
  scenesProblem,
  toSpecScenes,
} from "../components/ScenesEditor";
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
  const [output, setOutput] = useState<SceneSpec["output"]>({ width: 1280, height: 720, fps: 30 });
  // A new campaign's video ends with its facecam: the bubble and the voice last the whole video.
  const [length, setLength] = useState<VideoLength>("facecam");
  const specScenes = toSpecScenes(scenes);
  const problem = scenesProblem(scenes);
  const facecamSeconds = facecam?.durationMs != null ? facecam.durationMs / 1000 : null;
  /** Custom columns the rep says the CSV will have, so the scenes may name them before any lead. */
  const [declared, setDeclared] = useState<string[]>([]);
  const typed = mergeFieldIssues({
    uses: mergeFieldUses({ spec: { scenes: specScenes } }),
    leadColumns: [],
    declared,
    onReplace: (path, from, to) => setScenes(renameInScenes(scenes, path, from, to)),
    onDeclare: (field) => setDeclared([...declared, field]),
  });

  const create = useMutation({
    mutationFn: () =>
      createCampaign({
        name: name.trim(),
        spec: {
          facecam: facecam?.id ?? "",
          bubble,
          output,
          length,
          scenes: specScenes,
          onUnusable: fallback.onUnusable,
          ...(fallback.onUnusable === "fallback" ? { fallbackUrl: fallback.fallbackUrl } : {}),
        },
        columns: declared,
      }),
    onSuccess: (campaign) => {
      void qc.invalidateQueries({ queryKey: keys.campaigns });
      navigate({ view: "campaign", id: campaign.id });
    },
  });

  return (
    <Form
      className="stack narrow"
      onSubmit={() => {
        if (typed.length === 0) create.mutate();
      }}
    >
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
        <OutputFields output={output} onChange={setOutput} />
        <BubbleFields bubble={bubble} onChange={setBubble} />
        <FallbackFields spec={fallback} onChange={setFallback} />
      </div>
      <FieldProblemsProvider issues={[...typed, ...apiIssues(create.error)]}>
        <FieldProblem path="spec.facecam" />
        <FieldProblem path="spec.fallbackUrl" />
        <ScenesEditor
          scenes={scenes}
          columns={insertableColumns({ leadColumns: [], declared })}
          onChange={(next) => {
            setScenes(next);
            if (create.isError) create.reset();
          }}
        />
      </FieldProblemsProvider>
      <section className="card stack" aria-label="Video length and timeline">
        <VideoLengthFields
          length={length}
          onChange={setLength}
          scenes={specScenes}
          fps={output.fps}
          facecamSeconds={facecamSeconds}
        />
        <SceneTimeline spec={{ scenes: specScenes, output, length }} facecamSeconds={facecamSeconds} />
      </section>
      <FormFooter
        mutation={create}
        submitLabel="Create campaign"
        pendingLabel="Creating…"
        disabled={!facecam || !name.trim() || typed.length > 0 || problem !== null}
        buttonClassName="btn large"
      >
        {!facecam && <span className="hint">Upload, record or pick a facecam first.</span>}
        {facecam && !name.trim() && <span className="hint">Name the campaign first.</span>}
        {typed.length > 0 && <span className="hint">Fix the merge fields marked above to create it.</span>}
        {problem && <span className="hint">{problem}</span>}
      </FormFooter>
    </Form>
  );
}
