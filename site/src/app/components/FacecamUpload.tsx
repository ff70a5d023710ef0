import { useEffect, useId, useRef, useState } from "react";
import { type Upload, uploadAsset } from "../api/client";
import type { Asset } from "../api/types";
import { ErrorMessage } from "./ErrorMessage";
import { ProgressBar } from "./ProgressBar";

interface Props {
  onUploaded: (asset: Asset | null) => void;
}

/** Picks a facecam clip and uploads it at once, with a progress bar. */
export function FacecamUpload({ onUploaded }: Props) {
  const inputId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [asset, setAsset] = useState<Asset | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const upload = useRef<Upload<Asset> | null>(null);

  useEffect(() => () => upload.current?.abort(), []);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  function start(file: File) {
    upload.current?.abort();
    setError(null);
    setAsset(null);
    onUploaded(null);
    setProgress(0);
    setPreview(URL.createObjectURL(file));
    const current = uploadAsset(file, "facecam", setProgress);
    upload.current = current;
    current.done.then(
      (uploaded) => {
        setAsset(uploaded);
        onUploaded(uploaded);
      },
      (err) => {
        if (upload.current === current) {
          setError(err);
          setProgress(null);
        }
      },
    );
  }

  return (
    <div className="field">
      <label htmlFor={inputId}>Facecam video</label>
      <input
        id={inputId}
        type="file"
        accept="video/mp4,video/webm,video/quicktime"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) start(file);
        }}
      />
      <span className="hint">
        MP4, WebM or MOV. Its length sets the video's length; its sound is the voice-over.
      </span>
      {progress !== null && (
        <div className="row">
          <ProgressBar value={progress} label="Facecam upload" tone={asset ? "done" : "active"} />
          <span className="hint" aria-live="polite">
            {asset ? `Uploaded (${formatBytes(asset.bytes)})` : `Uploading… ${Math.round(progress * 100)}%`}
          </span>
        </div>
      )}
      {preview && (
        <video className="facecam-preview" src={preview} muted controls aria-label="Facecam preview" />
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
