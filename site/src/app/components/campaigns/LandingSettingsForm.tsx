import { type LandingSettings, mergeFieldUses } from "@loom-lite/schema";
import { useId, useState } from "react";
import { useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { FieldProblem, FieldProblemsProvider } from "../form/FieldProblems";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { BrandingFields } from "../settings/BrandingFields";
import { apiIssues, mergeFieldIssues, renameMergeField } from "./merge-field-issues";

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
  const [declared, setDeclared] = useState<string[]>([]);
  const typed = mergeFieldIssues({
    uses: mergeFieldUses({ landing }),
    leadColumns: campaign.leadColumns,
    saved: mergeFieldUses(campaign),
    declared,
    onReplace: ([, key], from, to) => {
      const k = key as "headline" | "message";
      setLanding({ ...landing, [k]: renameMergeField(landing[k] ?? "", from, to) });
    },
    onDeclare: (field) => setDeclared([...declared, field]),
  });
  return (
    <Form
      className="stack"
      label="Landing page"
      onSubmit={() => {
        if (typed.length > 0) return;
        save.mutate({ landing: clean(landing), ...(declared.length > 0 ? { columns: declared } : {}) });
      }}
    >
      <FieldProblemsProvider issues={[...typed, ...apiIssues(save.error)]}>
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
            <FieldProblem path={`landing.${f.key}`} />
          </div>
        ))}
      </FieldProblemsProvider>
      <BrandingFields value={landing} onChange={(branding) => setLanding({ ...landing, ...branding })} />
      <FormFooter
        mutation={save}
        submitLabel="Save landing page"
        disabled={typed.length > 0}
        saved="Landing page saved. It applies to every lead's page at once."
      />
    </Form>
  );
}
