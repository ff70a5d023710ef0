import { useId, useState } from "react";
import { type Upload, uploadAsset } from "../../api/client";
import { ErrorMessage } from "../ErrorMessage";

interface Props {
  label: string;
  /** What the upload is stored as; the API checks the bytes are a raster image. */
  kind: "logo" | "photo";
  assetId: string | undefined;
  onChange: (assetId: string | undefined) => void;
  /** What the image is for, shown while none is set. */
  hint: string;
}

/** An image picked from disk, uploaded at once; the asset id is what the form keeps. */
export function ImageUploadField({ label, kind, assetId, onChange, hint }: Props) {
  const id = useId();
  const [uploading, setUploading] = useState<Upload<unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);

  function pick(file: File) {
    setError(null);
    const upload = uploadAsset(file, kind, () => {});
    setUploading(upload);
    upload.done.then(
      (asset) => onChange(asset.id),
      (err) => setError(err),
    );
    upload.done.finally(() => setUploading(null)).catch(() => {});
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) pick(file);
        }}
      />
      <span className="hint">
        {uploading
          ? "Uploading…"
          : assetId
            ? `${label} set (${assetId}).`
            : `PNG, JPEG, GIF or WebP; ${hint}`}
      </span>
      {assetId && (
        <button type="button" className="btn secondary small" onClick={() => onChange(undefined)}>
          Remove {label.toLowerCase()}
        </button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
