import type { Scene, SceneAction } from "@loom-lite/schema";
import { FieldProblem } from "./form/FieldProblems";
import { TextField } from "./form/TextField";
import { type OverlayDraft, OverlaysEditor, toDraftOverlays, toSpecOverlays } from "./OverlaysEditor";

export interface SceneDraft {
  url: string;
  /** Kept as typed; empty means "share what is left of the facecam". */
  seconds: string;
  scroll: boolean;
  /** Actions other than the scroll to the bottom (made through the API); kept unless removed. */
  otherActions: SceneAction[];
  overlays: OverlayDraft[];
}

export const MERGE_HINTS = ["{{website}}", "{{first_name}}", "{{company}}"];

export const emptyScene = (): SceneDraft => ({
  url: "{{website}}",
  seconds: "10",
  scroll: true,
  otherActions: [],
  overlays: [],
});

const isScrollToBottom = (a: SceneAction) => a.type === "scroll" && a.to === "bottom";

/** Turns a saved spec's scenes into drafts the editor shows, keeping what it cannot edit. */
export function fromSpecScenes(scenes: Scene[]): SceneDraft[] {
  return scenes.map((s) => ({
    url: s.url,
    seconds: s.seconds ? String(s.seconds) : "",
    scroll: s.actions.some(isScrollToBottom),
    otherActions: s.actions.filter((a) => !isScrollToBottom(a)),
    overlays: toDraftOverlays(s.overlays),
  }));
}

/** Turns the editor's drafts into the scenes of a SceneSpec. */
export function toSpecScenes(drafts: SceneDraft[]): Scene[] {
  return drafts.map((d) => {
    const seconds = Number.parseFloat(d.seconds);
    const hasSeconds = Number.isFinite(seconds) && seconds > 0;
    const scroll: SceneAction[] = d.scroll
      ? [{ type: "scroll", to: "bottom", ...(hasSeconds ? { seconds: seconds * 0.8 } : {}) }]
      : [];
    return {
      url: d.url.trim(),
      ...(hasSeconds ? { seconds } : {}),
      actions: [...scroll, ...d.otherActions],
      overlays: toSpecOverlays(d.overlays),
    };
  });
}

/** One action in words, e.g. "click .pricing · 2 s". */
function describeAction(a: SceneAction): string {
  const target = "selector" in a ? a.selector : a.type === "scroll" ? (a.to ?? `${a.by ?? 0} px`) : "";
  return `${a.type}${target ? ` ${target}` : ""}${a.seconds ? ` · ${a.seconds} s` : ""}`;
}

interface Props {
  scenes: SceneDraft[];
  onChange: (scenes: SceneDraft[]) => void;
}

export function ScenesEditor({ scenes, onChange }: Props) {
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

/** Problems with an action's selector or scroll target, by its index in the saved spec. */
function ActionProblems({ path }: { path: string }) {
  return (
    <>
      <FieldProblem path={`${path}.selector`} />
      <FieldProblem path={`${path}.to`} />
    </>
  );
}

function SceneRow(props: {
  index: number;
  scene: SceneDraft;
  onChange: (patch: Partial<SceneDraft>) => void;
  onRemove?: () => void;
}) {
  const { index, scene, onChange, onRemove } = props;
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
          <fieldset className="row hints">
            <legend className="sr-only">Insert a merge field</legend>
            {MERGE_HINTS.map((hint) => (
              <button
                key={hint}
                type="button"
                className="chip"
                onClick={() => onChange({ url: scene.url + hint })}
                aria-label={`Insert ${hint}`}
              >
                {hint}
              </button>
            ))}
          </fieldset>
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
      {scene.otherActions.length > 0 && (
        <ul className="stack" aria-label={`Other actions of scene ${index + 1}`}>
          {scene.otherActions.map((a, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: actions are identified by their position
            <li key={j} className="row">
              <code>{describeAction(a)}</code>
              <button
                type="button"
                className="btn secondary small"
                aria-label={`Remove action ${describeAction(a)} of scene ${index + 1}`}
                onClick={() => onChange({ otherActions: scene.otherActions.filter((_, k) => k !== j) })}
              >
                Remove
              </button>
              <ActionProblems path={`spec.scenes.${index}.actions.${j + (scene.scroll ? 1 : 0)}`} />
            </li>
          ))}
        </ul>
      )}
      <OverlaysEditor
        sceneNumber={index + 1}
        overlays={scene.overlays}
        onChange={(overlays) => onChange({ overlays })}
      />
    </li>
  );
}
