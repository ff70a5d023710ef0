import type { Scene, SceneAction } from "@loom-lite/schema";
import { type ActionDraft, actionProblem, toDraftAction, toSpecAction } from "../lib/scene-actions";
import { ActionsEditor } from "./ActionsEditor";
import { FieldProblem } from "./form/FieldProblems";
import { MergeFieldChips } from "./form/MergeFieldChips";
import { TextField } from "./form/TextField";
import { type OverlayDraft, OverlaysEditor, toDraftOverlays, toSpecOverlays } from "./OverlaysEditor";

export interface SceneDraft {
  url: string;
  /** Kept as typed; empty means "share what is left of the facecam". */
  seconds: string;
  scroll: boolean;
  /** The actions after that first scroll to the bottom, as typed. */
  actions: ActionDraft[];
  overlays: OverlayDraft[];
}

export const emptyScene = (): SceneDraft => ({
  url: "{{website}}",
  seconds: "10",
  scroll: true,
  actions: [],
  overlays: [],
});

const isScrollToBottom = (a: SceneAction) => a.type === "scroll" && a.to === "bottom";

/** Turns a saved spec's scenes into drafts the editor shows; a first scroll to the bottom is the checkbox. */
export function fromSpecScenes(scenes: Scene[]): SceneDraft[] {
  return scenes.map((s) => {
    const first = s.actions[0];
    const scroll = first !== undefined && isScrollToBottom(first);
    return {
      url: s.url,
      seconds: s.seconds ? String(s.seconds) : "",
      scroll,
      actions: s.actions.slice(scroll ? 1 : 0).map(toDraftAction),
      overlays: toDraftOverlays(s.overlays),
    };
  });
}

/** The first problem of the scenes' actions, named by scene and action; null when all can be saved. */
export function scenesProblem(drafts: SceneDraft[]): string | null {
  for (const [i, scene] of drafts.entries()) {
    for (const [j, action] of scene.actions.entries()) {
      const problem = actionProblem(action);
      if (problem) return `Scene ${i + 1}, action ${j + 1}: ${problem}`;
    }
  }
  return null;
}

/** Turns the editor's drafts into the scenes of a SceneSpec. */
export function toSpecScenes(drafts: SceneDraft[]): Scene[] {
  return drafts.map((d) => {
    const seconds = Number.parseFloat(d.seconds);
    const hasSeconds = Number.isFinite(seconds) && seconds > 0;
    const scroll: SceneAction[] = d.scroll
      ? [{ type: "scroll", to: "bottom", ...(hasSeconds ? { seconds: Math.round(seconds * 80) / 100 } : {}) }]
      : [];
    return {
      url: d.url.trim(),
      ...(hasSeconds ? { seconds } : {}),
      // An action with a problem is not saved (the forms refuse to save while one is shown).
      actions: [...scroll, ...d.actions.filter((a) => actionProblem(a) === null).map(toSpecAction)],
      overlays: toSpecOverlays(d.overlays),
    };
  });
}

interface Props {
  scenes: SceneDraft[];
  onChange: (scenes: SceneDraft[]) => void;
  /** The campaign's columns, offered as insert chips (schema's mergeFieldChoices). */
  columns: readonly string[];
}

export function ScenesEditor({ scenes, onChange, columns }: Props) {
  const update = (i: number, patch: Partial<SceneDraft>) =>
    onChange(scenes.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const remove = (i: number) => onChange(scenes.filter((_, j) => j !== i));

  return (
    <fieldset className="scenes">
      <legend className="label">Scenes</legend>
      <p className="hint">
        Each scene opens a page built from the lead's fields, in order. Use merge fields such as{" "}
        <code>{"{{website}}"}</code> or <code>{"{{website}}/pricing"}</code>; a fallback goes after a bar:{" "}
        <code>{"{{first_name|there}}"}</code>.
      </p>
      <FieldProblem path="spec.scenes" />
      <ol className="scene-list">
        {scenes.map((scene, i) => (
          <SceneRow
            // Scenes have no identity beyond their position while drafted.
            // biome-ignore lint/suspicious/noArrayIndexKey: position is the identity here
            key={i}
            index={i}
            scene={scene}
            columns={columns}
            onChange={(patch) => update(i, patch)}
            onRemove={scenes.length > 1 ? () => remove(i) : undefined}
          />
        ))}
      </ol>
      {scenes.length < 10 && (
        <button
          type="button"
          className="btn secondary small"
          onClick={() => onChange([...scenes, emptyScene()])}
        >
          + Add a scene
        </button>
      )}
    </fieldset>
  );
}

function SceneRow(props: {
  index: number;
  scene: SceneDraft;
  columns: readonly string[];
  onChange: (patch: Partial<SceneDraft>) => void;
  onRemove?: () => void;
}) {
  const { index, scene, columns, onChange, onRemove } = props;
  return (
    <li className="scene card">
      <div className="scene-head">
        <strong>Scene {index + 1}</strong>
        {onRemove && (
          <button
            type="button"
            className="btn danger small"
            onClick={onRemove}
            aria-label={`Remove scene ${index + 1}`}
          >
            Remove
          </button>
        )}
      </div>
      <div className="scene-grid">
        <TextField
          label="Page URL template"
          type="text"
          required
          value={scene.url}
          placeholder="{{website}}"
          onChange={(url) => onChange({ url })}
        >
          <MergeFieldChips columns={columns} onInsert={(field) => onChange({ url: scene.url + field })} />
          <FieldProblem path={`spec.scenes.${index}.url`} />
        </TextField>
        <TextField
          label="Seconds"
          type="number"
          min={1}
          max={600}
          step={1}
          value={scene.seconds}
          onChange={(seconds) => onChange({ seconds })}
        >
          <FieldProblem path={`spec.scenes.${index}.seconds`} />
        </TextField>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={scene.scroll}
          onChange={(e) => onChange({ scroll: e.currentTarget.checked })}
        />
        Scroll down the page like a person reading it
      </label>
      <ActionsEditor
        sceneNumber={index + 1}
        actions={scene.actions}
        onChange={(actions) => onChange({ actions })}
        specPath={(j) => `spec.scenes.${index}.actions.${j + (scene.scroll ? 1 : 0)}`}
      />
      <OverlaysEditor
        sceneNumber={index + 1}
        overlays={scene.overlays}
        onChange={(overlays) => onChange({ overlays })}
      />
    </li>
  );
}
