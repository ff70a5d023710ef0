import { type LandingSettings, mergeFieldUses } from "@loom-lite/schema";
import { useId, useState } from "react";
import { useLeads, useUpdateCampaign } from "../../api/queries";
import type { Campaign } from "../../api/schema";
import { FieldProblem, FieldProblemsProvider } from "../form/FieldProblems";
import { Form } from "../form/Form";
import { FormFooter } from "../form/FormFooter";
import { ImageUploadField } from "../form/ImageUploadField";
import { MergeFieldChips } from "../form/MergeFieldChips";
import { BrandingFields } from "../settings/BrandingFields";
import { LandingPreview } from "./LandingPreview";
import { apiIssues, insertableColumns, mergeFieldIssues, renameMergeField } from "./merge-field-issues";

type TextKey =
  | "headline"
  | "message"
  | "ctaLabel"
  | "ctaUrl"
  | "calendarUrl"
  | "repName"
  | "repTitle"
  | "replyEmail";

const TEXT_FIELDS: {
  key: TextKey;
  label: string;
  hint: string;
  type?: string;
  long?: boolean;
  /** Offers the campaign's columns as insert chips below the field. */
  merge?: boolean;
}[] = [
  {
    key: "headline",
    label: "Headline",
    hint: "Merge fields work: Hi {{first_name}}, this is for you",
    merge: true,
  },
  {
    key: "message",
    label: "Message",
    hint: "A few lines under the video; line breaks and blank lines are kept.",
    long: true,
    merge: true,
  },
  { key: "ctaLabel", label: "Button label", hint: "e.g. Book a call" },
  { key: "ctaUrl", label: "Button link", hint: "Where the button goes; it opens in a new tab.", type: "url" },
  { key: "calendarUrl", label: "Calendar embed URL", hint: "Calendly, Cal.com, HubSpot…", type: "url" },
];

const REP_FIELDS: typeof TEXT_FIELDS = [
  { key: "repName", label: "Your name", hint: "Shown beside your photo, e.g. Sam Rivera" },
  { key: "repTitle", label: "Your title", hint: "e.g. Account Executive, Acme" },
  {
    key: "replyEmail",
    label: "Reply-to e-mail",
    hint: "Adds a “Reply by email” link; the subject names the lead.",
    type: "email",
  },
];

/** Drops empty strings: the API treats a missing key as "use the default". */
function clean(landing: LandingSettings): LandingSettings {
  return Object.fromEntries(
    Object.entries(landing).filter(([, v]) => v !== "" && v !== undefined),
  ) as LandingSettings;
}

/** What each lead's landing page shows; applies at once, no re-render. Beside it, a live preview. */
export function LandingSettingsForm({ campaign }: { campaign: Campaign }) {
  const [landing, setLanding] = useState<LandingSettings>(campaign.landing ?? {});
  const save = useUpdateCampaign(campaign.id);
  const leads = useLeads(campaign.id);
  const set = (patch: LandingSettings) => setLanding({ ...landing, ...patch });
  const [declared, setDeclared] = useState<string[]>([]);
  const columns = insertableColumns({
    leadColumns: campaign.leadColumns,
    saved: mergeFieldUses(campaign),
    declared,
  });
  const typed = mergeFieldIssues({
    uses: mergeFieldUses({ landing }),
    leadColumns: campaign.leadColumns,
    saved: mergeFieldUses(campaign),
    declared,
    onReplace: ([, key], from, to) => {
      const k = key as "headline" | "message";
      set({ [k]: renameMergeField(landing[k] ?? "", from, to) });
    },
    onDeclare: (field) => setDeclared([...declared, field]),
  });
  return (
    <div className="landing-editor">
      <Form
        className="stack"
        label="Landing page"
        onSubmit={() => {
          if (typed.length > 0) return;
          save.mutate({ landing: clean(landing), ...(declared.length > 0 ? { columns: declared } : {}) });
        }}
      >
        <FieldProblemsProvider issues={[...typed, ...apiIssues(save.error)]}>
          <TextFields fields={TEXT_FIELDS} landing={landing} onChange={set} columns={columns} />
          <fieldset className="stack">
            <legend>From you</legend>
            <ImageUploadField
              label="Photo"
              kind="photo"
              assetId={landing.repPhotoAssetId}
              onChange={(repPhotoAssetId) => set({ repPhotoAssetId })}
              hint="a square picture of you, shown round under the video."
            />
            <TextFields fields={REP_FIELDS} landing={landing} onChange={set} columns={columns} />
          </fieldset>
        </FieldProblemsProvider>
        <BrandingFields value={landing} onChange={set} />
        <FormFooter
          mutation={save}
          submitLabel="Save landing page"
          disabled={typed.length > 0}
          saved="Landing page saved. It applies to every lead's page at once."
        />
      </Form>
      <section aria-label="Preview">
        <h3>Preview</h3>
        {leads.isPending ? (
          <p className="muted">Loading leads…</p>
        ) : (
          <LandingPreview campaignId={campaign.id} landing={landing} leads={leads.data ?? []} />
        )}
      </section>
    </div>
  );
}

function TextFields(props: {
  fields: typeof TEXT_FIELDS;
  landing: LandingSettings;
  onChange: (patch: LandingSettings) => void;
  columns: readonly string[];
}) {
  const id = useId();
  return props.fields.map((f) => (
    <div className="field" key={f.key}>
      <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
      {f.long ? (
        <textarea
          id={`${id}-${f.key}`}
          value={props.landing[f.key] ?? ""}
          maxLength={2000}
          onChange={(e) => props.onChange({ [f.key]: e.currentTarget.value })}
        />
      ) : (
        <input
          id={`${id}-${f.key}`}
          type={f.type ?? "text"}
          value={props.landing[f.key] ?? ""}
          onChange={(e) => props.onChange({ [f.key]: e.currentTarget.value })}
        />
      )}
      <span className="hint">{f.hint}</span>
      {f.merge && (
        <MergeFieldChips
          columns={props.columns}
          label={`Insert a merge field into the ${f.label.toLowerCase()}`}
          onInsert={(field) => props.onChange({ [f.key]: `${props.landing[f.key] ?? ""}${field}` })}
        />
      )}
      <FieldProblem path={`landing.${f.key}`} />
    </div>
  ));
}
