import type { Branding } from "@loom-lite/schema";
import { useId, useState } from "react";
import { type Upload, uploadAsset } from "../../api/client";
import { ErrorMessage } from "../ErrorMessage";

interface Props {
  value: Branding;
  onChange: (branding: Branding) => void;
}

/** Logo upload and the two colors of a landing page; shared by the workspace and campaign editors. */
export function BrandingFields({ value, onChange }: Props) {
  const id = useId();
  const [uploading, setUploading] = useState<Upload<unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);

  function pickLogo(file: File) {
    setError(null);
    const upload = uploadAsset(file, "logo", () => {});
    setUploading(upload);
    upload.done.then(
      (asset) => onChange({ ...value, logoAssetId: asset.id }),
      (err) => setError(err),
    );
    upload.done.finally(() => setUploading(null)).catch(() => {});
  }

  return (
    <fieldset className="stack">
      <legend>Branding</legend>
      <div className="field">
        <label htmlFor={`${id}-logo`}>Logo</label>
        <input
          id={`${id}-logo`}
          type="file"
          accept="image/png,image/jpeg,image/svg+xml,image/webp"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) pickLogo(file);
          }}
        />
        <span className="hint">
          {uploading
            ? "Uploading…"
            : value.logoAssetId
              ? `Logo set (${value.logoAssetId}).`
              : "PNG, JPEG, SVG or WebP; shown at the top of landing pages."}
        </span>
        {value.logoAssetId && (
          <button
            type="button"
            className="btn secondary small"
            onClick={() => onChange({ ...value, logoAssetId: undefined })}
          >
            Remove logo
          </button>
        )}
        <ErrorMessage error={error} />
      </div>
      <div className="row">
        <ColorField
          label="Button color"
          value={value.primaryColor}
          onChange={(primaryColor) => onChange({ ...value, primaryColor })}
        />
        <ColorField
          label="Background color"
          fallback="#ffffff"
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
  fallback = "#5b4cf0",
  onChange,
}: {
  label: string;
  value: string | undefined;
  /** What the page uses while no color is chosen. */
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
