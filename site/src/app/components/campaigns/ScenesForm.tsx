import { useState } from "react";
import { useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { fromSpecScenes, type SceneDraft, ScenesEditor, toSpecScenes } from "../ScenesEditor";
import { RerenderNotice } from "./RerenderNotice";

/**
 * Edits the scenes of an existing campaign and saves them with the whole spec (PATCH replaces it). The
 * API names any field it refuses (e.g. `spec.scenes.0.url`); that answer is shown under the scenes.
 */
export function ScenesForm({ campaign }: { campaign: Campaign }) {
  const [drafts, setDrafts] = useState<SceneDraft[]>(() => fromSpecScenes(campaign.spec.scenes));
  const save = useUpdateCampaign(campaign.id);
  return (
    <Form
      className="stack"
      label="Edit scenes"
      onSubmit={() => {
        save.mutate({
          spec: {
            ...campaign.spec,
            fallbackUrl: campaign.spec.fallbackUrl || undefined,
            scenes: toSpecScenes(drafts),
          },
        });
      }}
    >
      <ScenesEditor
        scenes={drafts}
        onChange={(scenes) => {
          setDrafts(scenes);
          if (save.isSuccess || save.isError) save.reset();
        }}
      />
      <p className="hint">
        Videos already made keep the scenes they were recorded with. Renders queued after saving use the new
        scenes; re-render to apply them to finished videos.
      </p>
      {save.isSuccess && <RerenderNotice campaignId={campaign.id} finished={campaign.figures.rendered} />}
      <FormFooter mutation={save} submitLabel="Save scenes" />
    </Form>
  );
}
