import type { LandingSettings } from "@loom-lite/schema";
import { useId, useState } from "react";
import { useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { BrandingFields } from "../settings/BrandingFields";

type TextKey = "headline" | "message" | "ctaLabel" | "ctaUrl" | "calendarUrl";

const TEXT_FIELDS: { key: TextKey; label: string; hint: string; type?: string; long?: boolean }[] = [
  { key: "headline", label: "Headline", hint: "Merge fields work: Hi {{first_name}}, this is for you" },
  { key: "message", label: "Message", hint: "A few lines under the video.", long: true },
  { key: "ctaLabel", label: "Button label", hint: "e.g. Book a call" },
  { key: "ctaUrl", label: "Button link", hint: "Where the button goes.", type: "url" },
  { key: "calendarUrl", label: "Calendar embed URL", hint: "Calendly, Cal.com, HubSpot…", type: "url" },
];

/** Drops empty strings: the API treats a missing key as "use the default". */
function clean(landing: LandingSettings): LandingSettings {
  return Object.fromEntries(
    Object.entries(landing).filter(([, v]) => v !== "" && v !== undefined),
  ) as LandingSettings;
}

/** What each lead's landing page shows; applies at once, no re-render. */
export function LandingSettingsForm({ campaign }: { campaign: Campaign }) {
  const id = useId();
  const [landing, setLanding] = useState<LandingSettings>(campaign.landing ?? {});
  const save = useUpdateCampaign(campaign.id);
  return (
    <Form className="stack" label="Landing page" onSubmit={() => save.mutate({ landing: clean(landing) })}>
      {TEXT_FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
          {f.long ? (
            <textarea
              id={`${id}-${f.key}`}
              value={landing[f.key] ?? ""}
              maxLength={2000}
              onChange={(e) => setLanding({ ...landing, [f.key]: e.currentTarget.value })}
            />
          ) : (
            <input
              id={`${id}-${f.key}`}
              type={f.type ?? "text"}
              value={landing[f.key] ?? ""}
              onChange={(e) => setLanding({ ...landing, [f.key]: e.currentTarget.value })}
            />
          )}
          <span className="hint">{f.hint}</span>
        </div>
      ))}
      <BrandingFields value={landing} onChange={(branding) => setLanding({ ...landing, ...branding })} />
      <FormFooter
        mutation={save}
        submitLabel="Save landing page"
        saved="Landing page saved. It applies to every lead's page at once."
      />
    </Form>
  );
}
