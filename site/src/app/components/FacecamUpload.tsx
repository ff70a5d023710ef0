import { useEffect, useId, useRef, useState } from "react";
import { type Upload, uploadAsset } from "../api/client";
import type { Asset } from "../api/schema";
import { facecamProblem } from "../lib/check-video";
import { ErrorMessage } from "./ErrorMessage";
import { ProgressBar } from "./ProgressBar";

interface Props {
  onUploaded: (asset: Asset | null) => void;
}

/**
 * Picks (or takes a dropped) facecam clip, checks in the browser that it is a playable video of a
 * usable length and size, then uploads it with a progress bar; a failed upload can be retried.
 */
export function FacecamUpload({ onUploaded }: Props) {
  const inputId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [asset, setAsset] = useState<Asset | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [checking, setChecking] = useState(false);
  const [dragging, setDragging] = useState(false);
  const upload = useRef<Upload<Asset> | null>(null);

  useEffect(() => () => upload.current?.abort(), []);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  function send(chosen: File) {
    upload.current?.abort();
    setError(null);
    setProgress(0);
    const current = uploadAsset(chosen, "facecam", setProgress, nameFromFile(chosen.name));
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

  async function start(chosen: File) {
    upload.current?.abort();
    setAsset(null);
    onUploaded(null);
    setError(null);
    setProgress(null);
    setFile(chosen);
    setPreview(URL.createObjectURL(chosen));
    setChecking(true);
    const problem = await facecamProblem(chosen);
    setChecking(false);
    if (problem) setError(new Error(`This facecam cannot be used: ${problem}`));
    else send(chosen);
  }

  return (
    <section
      className={`field dropzone${dragging ? " dragging" : ""}`}
      aria-label="Facecam"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const dropped = e.dataTransfer.files[0];
        if (dropped) void start(dropped);
      }}
    >
      <label htmlFor={inputId}>Facecam video</label>
      <input
        id={inputId}
        type="file"
        accept="video/mp4,video/webm,video/quicktime"
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0];
          if (chosen) void start(chosen);
        }}
      />
      <span className="hint">
        Drop a clip here or pick one: MP4, WebM or MOV, up to 10 minutes and 200 MB. Its sound is the
        voice-over; under the scenes you choose whether the video ends with it.
      </span>
      {checking && <span className="hint">Checking the video…</span>}
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
      {error !== null &&
        file &&
        !checking &&
        progress === null &&
        !String(error).includes("cannot be used") && (
          <button type="button" className="btn secondary small" onClick={() => send(file)}>
            Retry upload
          </button>
        )}
    </section>
  );
}

/** "Intro take 2.mp4" → "Intro take 2": the library's name for it (renamable there). */
function nameFromFile(fileName: string): string | undefined {
  const name = fileName
    .replace(/\.[^.]+$/, "")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")
    .trim()
    .slice(0, 120)
    .trim();
  return name || undefined;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
