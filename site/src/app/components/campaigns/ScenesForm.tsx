import type { VideoLength } from "@loom-lite/schema";
import { useState } from "react";
import { useAsset, useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { fromSpecScenes, type SceneDraft, ScenesEditor, scenesProblem, toSpecScenes } from "../ScenesEditor";
import { RerenderNotice } from "./RerenderNotice";
import { SceneTimeline } from "./SceneTimeline";
import { VideoLengthFields } from "./VideoLengthFields";

/**
 * Edits the scenes of an existing campaign and saves them with the whole spec (PATCH replaces it). The
 * API names any field it refuses (e.g. `spec.scenes.0.url`); that answer is shown under the scenes.
 */
export function ScenesForm({ campaign }: { campaign: Campaign }) {
  const [drafts, setDrafts] = useState<SceneDraft[]>(() => fromSpecScenes(campaign.spec.scenes));
  // A campaign saved before the choice existed keeps the scenes' seconds, which is what "scenes" means.
  const [length, setLength] = useState<VideoLength>(campaign.spec.length ?? "scenes");
  const save = useUpdateCampaign(campaign.id);
  const facecam = useAsset(campaign.spec.facecam);
  const facecamSeconds = facecam.data?.durationMs != null ? facecam.data.durationMs / 1000 : null;
  const scenes = toSpecScenes(drafts);
  const problem = scenesProblem(drafts);
  const edited = () => {
    if (save.isSuccess || save.isError) save.reset();
  };
  return (
    <Form
      className="stack"
      label="Edit scenes"
      onSubmit={() => {
        save.mutate({
          spec: {
            ...campaign.spec,
            fallbackUrl: campaign.spec.fallbackUrl || undefined,
            scenes,
            length,
          },
        });
      }}
    >
      <ScenesEditor
        scenes={drafts}
        onChange={(next) => {
          setDrafts(next);
          edited();
        }}
      />
      <VideoLengthFields
        length={length}
        onChange={(next) => {
          setLength(next);
          edited();
        }}
        scenes={scenes}
        fps={campaign.spec.output.fps}
        facecamSeconds={facecamSeconds}
      />
      <SceneTimeline
        spec={{ scenes, output: campaign.spec.output, length }}
        facecamSeconds={facecamSeconds}
      />
      <p className="hint">
        Videos already made keep the scenes they were recorded with. Renders queued after saving use the new
        scenes; re-render to apply them to finished videos.
      </p>
      {save.isSuccess && <RerenderNotice campaignId={campaign.id} finished={campaign.figures.rendered} />}
      <FormFooter mutation={save} submitLabel="Save scenes" disabled={problem !== null}>
        {problem && <span className="hint">{problem}</span>}
      </FormFooter>
    </Form>
  );
}
