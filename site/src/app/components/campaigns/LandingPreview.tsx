import { type LandingSettings, LandingSettingsSchema } from "@loom-lite/schema";
import { useEffect, useId, useRef, useState } from "react";
import type { Lead } from "../../api/schema";
import { useDebounced } from "../../lib/use-debounced";
import { SampleLeadPicker } from "./SampleLeadPicker";

/**
 * Settings the preview can draw: set, and valid as the API checks them (a half-typed e-mail address
 * is left out rather than turning the preview into an error).
 */
function drawable(landing: LandingSettings): [string, string][] {
  const shape = LandingSettingsSchema.shape;
  return Object.entries(landing).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === "string" &&
      entry[1] !== "" &&
      entry[0] in shape &&
      shape[entry[0] as keyof typeof shape].safeParse(entry[1]).success,
  );
}

/**
 * The landing page as a lead will see it, with the settings being edited (saved or not). The edge
 * draws it with the real page template: a hidden form posts the settings into the frame.
 */
export function LandingPreview(props: { campaignId: string; landing: LandingSettings; leads: Lead[] }) {
  const frame = `landing-preview-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const form = useRef<HTMLFormElement>(null);
  const [leadId, setLeadId] = useState(props.leads[0]?.id ?? "");
  const fields = useDebounced(drawable(props.landing), 300);
  const posted = JSON.stringify([fields, leadId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `posted` is what the form holds; send it again whenever it changes.
  useEffect(() => {
    form.current?.submit();
  }, [posted]);

  return (
    <div className="stack landing-preview">
      {props.leads.length > 1 && <SampleLeadPicker leads={props.leads} value={leadId} onChange={setLeadId} />}
      <form
        ref={form}
        method="post"
        action={`/api/campaigns/${encodeURIComponent(props.campaignId)}/landing-preview`}
        target={frame}
        hidden
      >
        {fields.map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {leadId && <input type="hidden" name="leadId" value={leadId} />}
      </form>
      <iframe
        name={frame}
        title="Landing page preview"
        className="landing-preview-frame"
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      />
      <p className="hint">Unsaved changes show here; they reach the leads' pages when you save.</p>
    </div>
  );
}
