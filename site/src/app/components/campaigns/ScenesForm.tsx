import { mergeFieldUses, type VideoLength } from "@loom-lite/schema";
import { useState } from "react";
import { useAsset, useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { FieldProblemsProvider } from "../form/FieldProblems";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { fromSpecScenes, type SceneDraft, ScenesEditor, scenesProblem, toSpecScenes } from "../ScenesEditor";
import { apiIssues, insertableColumns, mergeFieldIssues, renameInScenes } from "./merge-field-issues";
import { SceneTimeline } from "./SceneTimeline";
import { VideoLengthFields } from "./VideoLengthFields";

/**
 * Edits the scenes of an existing campaign and saves them with the whole spec (PATCH replaces it).
 * Merge fields are checked against the campaign's columns as they are typed, and a field the API
 * refuses (e.g. `spec.scenes.0.url`) is shown beside that field in the editor's words.
 */
export function ScenesForm({ campaign }: { campaign: Campaign }) {
  const [drafts, setDrafts] = useState<SceneDraft[]>(() => fromSpecScenes(campaign.spec.scenes));
  // A campaign saved before the choice existed keeps the scenes' seconds, which is what "scenes" means.
  const [length, setLength] = useState<VideoLength>(campaign.spec.length ?? "scenes");
  const [declared, setDeclared] = useState<string[]>([]);
  const save = useUpdateCampaign(campaign.id);
  const facecam = useAsset(campaign.spec.facecam);
  const facecamSeconds = facecam.data?.durationMs != null ? facecam.data.durationMs / 1000 : null;
  const edited = () => {
    if (save.isSuccess || save.isError) save.reset();
  };
  const change = (next: SceneDraft[]) => {
    setDrafts(next);
    edited();
  };
  const scenes = toSpecScenes(drafts);
  const problem = scenesProblem(drafts);
  const typed = mergeFieldIssues({
    uses: mergeFieldUses({ spec: { scenes } }),
    leadColumns: campaign.leadColumns,
    saved: mergeFieldUses(campaign),
    declared,
    onReplace: (path, from, to) => change(renameInScenes(drafts, path, from, to)),
    onDeclare: (field) => setDeclared([...declared, field]),
  });
  return (
    <Form
      className="stack"
      label="Edit scenes"
      onSubmit={() => {
        if (typed.length > 0 || problem) return;
        save.mutate({
          spec: {
            ...campaign.spec,
            fallbackUrl: campaign.spec.fallbackUrl || undefined,
            scenes,
            length,
          },
          ...(declared.length > 0 ? { columns: declared } : {}),
        });
      }}
    >
      <FieldProblemsProvider issues={[...typed, ...apiIssues(save.error)]}>
        <ScenesEditor
          scenes={drafts}
          onChange={change}
          columns={insertableColumns({
            leadColumns: campaign.leadColumns,
            saved: mergeFieldUses(campaign),
            declared,
          })}
        />
      </FieldProblemsProvider>
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
        scenes; the banner at the top offers re-rendering the videos made with the old ones.
      </p>
      <FormFooter
        mutation={save}
        submitLabel="Save scenes"
        disabled={typed.length > 0 || problem !== null}
        saved="Scenes saved. Renders queued from now on use them."
      >
        {typed.length > 0 && <span className="hint">Fix the merge fields marked above to save.</span>}
        {problem && <span className="hint">{problem}</span>}
      </FormFooter>
    </Form>
  );
}
