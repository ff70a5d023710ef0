import type { SceneSpec } from "@loom-lite/schema";
import { useId, useState } from "react";
import { useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { SelectField } from "../form/SelectField";
import { TextField } from "../form/TextField";

type Bubble = SceneSpec["bubble"];

const SHAPES: Bubble["shape"][] = ["circle", "rounded", "portrait"];
const POSITIONS: Bubble["position"][] = ["bottom-left", "bottom-right", "top-left", "top-right"];

/** The facecam bubble's shape, corner and size, and what happens when a lead's page is unusable. */
export function BubbleFields({ bubble, onChange }: { bubble: Bubble; onChange: (b: Bubble) => void }) {
  return (
    <fieldset className="row">
      <legend>Facecam bubble</legend>
      <SelectField label="Shape" value={bubble.shape} onChange={(shape) => onChange({ ...bubble, shape })}>
        {SHAPES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </SelectField>
      <SelectField
        label="Corner"
        value={bubble.position}
        onChange={(position) => onChange({ ...bubble, position })}
      >
        {POSITIONS.map((p) => (
          <option key={p} value={p}>
            {p.replace("-", " ")}
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Size: ${Math.round(bubble.size * 100)}% of the height`}
        type="range"
        min={0.1}
        max={0.6}
        step={0.02}
        value={String(bubble.size)}
        onChange={(size) => onChange({ ...bubble, size: Number(size) })}
      />
    </fieldset>
  );
}

type Output = SceneSpec["output"];

const SIZES: Array<{ label: string; output: Output }> = [
  { label: "720p (1280 × 720)", output: { width: 1280, height: 720, fps: 30 } },
  { label: "1080p (1920 × 1080)", output: { width: 1920, height: 1080, fps: 30 } },
];

/** The video's size: 720p, or 1080p for sharper text (pages are captured at that size, so renders take longer). */
export function OutputFields({ output, onChange }: { output: Output; onChange: (o: Output) => void }) {
  return (
    <SelectField
      label="Video size"
      value={String(output.height)}
      onChange={(height) => onChange(SIZES.find((s) => String(s.output.height) === height)?.output ?? output)}
    >
      {SIZES.map((s) => (
        <option key={s.output.height} value={String(s.output.height)}>
          {s.label}
        </option>
      ))}
    </SelectField>
  );
}

/** What happens when a lead's page cannot be used, and to the videos of the fallback page. */
type FallbackPolicy = Pick<SceneSpec, "onUnusable" | "fallbackUrl"> &
  Partial<Pick<SceneSpec, "fallbackVideos">>;

export function FallbackFields({
  spec,
  onChange,
}: {
  spec: FallbackPolicy;
  onChange: (next: FallbackPolicy) => void;
}) {
  const id = useId();
  return (
    <fieldset>
      <legend>When a lead's page is blocked, broken or blank</legend>
      <div className="stack">
        <label className="check">
          <input
            type="radio"
            name={`${id}-policy`}
            checked={spec.onUnusable === "reject"}
            onChange={() => onChange({ ...spec, onUnusable: "reject" })}
          />
          No video for that lead; the reason is shown
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-policy`}
            checked={spec.onUnusable === "fallback"}
            onChange={() => onChange({ ...spec, onUnusable: "fallback" })}
          />
          Record this page instead:
        </label>
        {spec.onUnusable === "fallback" && (
          <input
            type="url"
            aria-label="Fallback page URL"
            required
            placeholder="https://your-company.example"
            value={spec.fallbackUrl ?? ""}
            onChange={(e) =>
              onChange({ ...spec, onUnusable: "fallback", fallbackUrl: e.currentTarget.value })
            }
          />
        )}
        {spec.onUnusable === "fallback" && (
          <label className="check">
            <input
              type="checkbox"
              checked={spec.fallbackVideos === "hold"}
              onChange={(e) =>
                onChange({ ...spec, fallbackVideos: e.currentTarget.checked ? "hold" : "share" })
              }
            />
            Leave fallback videos' links out of the lead export (they are marked; decide per lead)
          </label>
        )}
      </div>
    </fieldset>
  );
}

/** Edits the video settings of an existing campaign; renders queued after saving use them. */
export function VideoSettingsForm({ campaign }: { campaign: Campaign }) {
  const [spec, setSpec] = useState<SceneSpec>(campaign.spec);
  const save = useUpdateCampaign(campaign.id);
  return (
    <Form
      className="stack"
      label="Video settings"
      onSubmit={() => save.mutate({ spec: { ...spec, fallbackUrl: spec.fallbackUrl || undefined } })}
    >
      <OutputFields output={spec.output} onChange={(output) => setSpec({ ...spec, output })} />
      <BubbleFields bubble={spec.bubble} onChange={(bubble) => setSpec({ ...spec, bubble })} />
      <FallbackFields spec={spec} onChange={(patch) => setSpec({ ...spec, ...patch })} />
      <FormFooter
        mutation={save}
        submitLabel="Save video settings"
        saved="Saved. Renders queued from now on use these settings."
      />
    </Form>
  );
}
