import type { Branding } from "@loom-lite/schema";
import { useId } from "react";
import { ImageUploadField } from "../form/ImageUploadField";

interface Props {
  value: Branding;
  onChange: (branding: Branding) => void;
}

/** Logo upload and the two colors of a landing page; shared by the workspace and campaign editors. */
export function BrandingFields({ value, onChange }: Props) {
  return (
    <fieldset className="stack">
      <legend>Branding</legend>
      <ImageUploadField
        label="Logo"
        kind="logo"
        assetId={value.logoAssetId}
        onChange={(logoAssetId) => onChange({ ...value, logoAssetId })}
        hint="shown at the top of landing pages."
      />
      <div className="row">
        <ColorField
          label="Button color"
          value={value.primaryColor}
          onChange={(primaryColor) => onChange({ ...value, primaryColor })}
        />
        <ColorField
          label="Background color"
          fallback="#0f172a"
          value={value.backgroundColor}
          onChange={(backgroundColor) => onChange({ ...value, backgroundColor })}
        />
      </div>
    </fieldset>
  );
}

function ColorField({
  label,
  value,
  fallback = "#4f46e5",
  onChange,
}: {
  label: string;
  value: string | undefined;
  /** What the page uses while no color is chosen (the landing page's defaults). */
  fallback?: string;
  onChange: (color: string | undefined) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input
          id={id}
          type="color"
          value={value ?? fallback}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
        <span className="mono hint">{value ?? "default"}</span>
        {value && (
          <button type="button" className="btn secondary small" onClick={() => onChange(undefined)}>
            Reset
          </button>
        )}
      </div>
    </div>
  );
}
