import type { Scene } from "@loom-lite/schema";
import { FieldProblem } from "./form/FieldProblems";
import { TextField } from "./form/TextField";

/** A text overlay as typed: the words and the seconds into the scene it shows from and until. */
export interface OverlayDraft {
  text: string;
  at: string;
  until: string;
}

export const toDraftOverlays = (overlays: Scene["overlays"]): OverlayDraft[] =>
  overlays.map((o) => ({ text: o.text, at: String(o.at), until: o.until ? String(o.until) : "" }));

export function toSpecOverlays(drafts: OverlayDraft[]): Scene["overlays"] {
  return drafts.map((d) => {
    const at = Number.parseFloat(d.at);
    const until = Number.parseFloat(d.until);
    return {
      text: d.text.trim(),
      at: Number.isFinite(at) && at >= 0 ? at : 0,
      ...(Number.isFinite(until) && until > 0 ? { until } : {}),
    };
  });
}

/** When an overlay shows, in seconds into its scene; an empty "until" means to the scene's end. */
const SECOND_FIELDS: { key: "at" | "until"; label: string; placeholder?: string }[] = [
  { key: "at", label: "From second" },
  { key: "until", label: "Until second", placeholder: "end" },
];

/** The text overlays of one scene: add, edit, remove. */
export function OverlaysEditor(props: {
  sceneNumber: number;
  overlays: OverlayDraft[];
  onChange: (overlays: OverlayDraft[]) => void;
}) {
  const { sceneNumber, overlays, onChange } = props;
  const update = (i: number, patch: Partial<OverlayDraft>) =>
    onChange(overlays.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <fieldset className="stack">
      <legend className="label">Text overlays</legend>
      {overlays.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: overlays are identified by their position
        <div key={i} className="row">
          <TextField
            label={`Overlay ${i + 1} text`}
            type="text"
            required
            maxLength={200}
            value={o.text}
            placeholder="Made for {{company}}"
            onChange={(text) => update(i, { text })}
          >
            <FieldProblem path={`spec.scenes.${sceneNumber - 1}.overlays.${i}.text`} />
          </TextField>
          {SECOND_FIELDS.map((f) => (
            <TextField
              key={f.key}
              label={f.label}
              type="number"
              min={0}
              step={0.5}
              value={o[f.key]}
              placeholder={f.placeholder}
              onChange={(value) => update(i, { [f.key]: value })}
            />
          ))}
          <button
            type="button"
            className="btn secondary small"
            aria-label={`Remove overlay ${i + 1} of scene ${sceneNumber}`}
            onClick={() => onChange(overlays.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      {overlays.length < 20 && (
        <button
          type="button"
          className="btn secondary small"
          onClick={() => onChange([...overlays, { text: "", at: "0", until: "" }])}
        >
          + Add a text overlay
        </button>
      )}
    </fieldset>
  );
}
