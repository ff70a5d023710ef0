import { MAX_FACECAM_SECONDS } from "@loom-lite/schema";
import { useEffect, useRef, useState } from "react";
import { type Upload, uploadAsset } from "../../api/client";
import type { Asset } from "../../api/schema";
import { facecamProblem } from "../../lib/check-video";
import { type ComposedStream, composeScreenWithCamera } from "../../lib/compose-screen";
import { finishRecording, recordingSeconds } from "../../lib/finish-recording";
import { formatClock } from "../../lib/format";
import { ErrorMessage } from "../ErrorMessage";
import { SelectField } from "../form/SelectField";
import { TextField } from "../form/TextField";
import { ProgressBar } from "../ProgressBar";
import { TrimFields } from "./TrimFields";

interface Props {
  onSaved: (asset: Asset) => void;
}

type Phase =
  | { step: "setup" }
  | { step: "countdown"; left: number }
  | { step: "recording"; startedAt: number }
  | { step: "review"; blob: Blob; url: string; seconds: number };

const COUNTDOWN_FROM = 3;
const RECORDER_TYPES = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm"];

function stopTracks(stream: MediaStream | null) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function defaultName(): string {
  const now = new Date();
  return `Recording, ${now.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${now.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}`;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Records a facecam in the browser: camera and microphone (pickable), optionally the screen with the
 * camera drawn over it, a 3-2-1 countdown, stop, playback, retake, and a trim of start and end. Saving
 * cuts the recording into a regular WebM (lib/finish-recording), runs the same browser checks as an
 * uploaded file, and uploads it into the facecam library.
 */
export function FacecamRecorder({ onSaved }: Props) {
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [mics, setMics] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState("");
  const [micId, setMicId] = useState("");
  const [withScreen, setWithScreen] = useState(false);
  const [camera, setCamera] = useState<MediaStream | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: "setup" });
  const [elapsed, setElapsed] = useState(0);
  const [trim, setTrim] = useState({ start: 0, end: 0 });
  const [name, setName] = useState(defaultName);
  const [saving, setSaving] = useState<"cutting" | number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const live = useRef<HTMLVideoElement>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const composed = useRef<ComposedStream | null>(null);
  const upload = useRef<Upload<Asset> | null>(null);
  const cameraRef = useRef<MediaStream | null>(null);

  // Camera and microphone go off when the recorder leaves the page.
  useEffect(
    () => () => {
      if (recorder.current?.state === "recording") recorder.current.stop();
      composed.current?.stop();
      upload.current?.abort();
      stopTracks(cameraRef.current);
    },
    [],
  );
  useEffect(() => {
    if (live.current) live.current.srcObject = camera;
  }, [camera]);
  useEffect(() => {
    if (phase.step !== "review") return;
    return () => URL.revokeObjectURL(phase.url);
  }, [phase]);
  useEffect(() => {
    if (phase.step !== "recording") return;
    const timer = setInterval(() => {
      const seconds = (Date.now() - phase.startedAt) / 1000;
      setElapsed(seconds);
      // The longest facecam the platform takes; the recording stops itself there.
      if (seconds >= MAX_FACECAM_SECONDS && recorder.current?.state === "recording") recorder.current.stop();
    }, 250);
    return () => clearInterval(timer);
  }, [phase]);

  async function turnOn(next: { cameraId?: string; micId?: string } = {}) {
    setError(null);
    const cam = next.cameraId ?? cameraId;
    const mic = next.micId ?? micId;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: cam ? { deviceId: { exact: cam } } : { width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: mic ? { deviceId: { exact: mic } } : true,
      });
      stopTracks(cameraRef.current);
      cameraRef.current = stream;
      setCamera(stream);
      // Device names are only given once the browser has been allowed to use them.
      const devices = await navigator.mediaDevices.enumerateDevices();
      setCameras(devices.filter((d) => d.kind === "videoinput"));
      setMics(devices.filter((d) => d.kind === "audioinput"));
      setCameraId(stream.getVideoTracks()[0]?.getSettings().deviceId ?? cam);
      setMicId(stream.getAudioTracks()[0]?.getSettings().deviceId ?? mic);
    } catch (err) {
      setError(
        new Error(
          err instanceof DOMException && err.name === "NotAllowedError"
            ? "The browser was not allowed to use the camera and microphone. Allow them for this site and try again."
            : `The camera could not be started: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    }
  }

  async function sourceStream(stream: MediaStream): Promise<MediaStream> {
    composed.current?.stop();
    composed.current = null;
    if (!withScreen) return stream;
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    composed.current = composeScreenWithCamera(screen, stream);
    return composed.current.stream;
  }

  async function start() {
    if (!camera) return;
    setError(null);
    let source: MediaStream;
    try {
      source = await sourceStream(camera);
    } catch (err) {
      setError(new Error(`The screen could not be shared: ${err instanceof Error ? err.message : err}`));
      return;
    }
    for (let left = COUNTDOWN_FROM; left > 0; left--) {
      setPhase({ step: "countdown", left });
      await sleep(1000);
    }
    const mimeType = RECORDER_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    const rec = new MediaRecorder(source, mimeType ? { mimeType } : undefined);
    const parts: Blob[] = [];
    rec.ondataavailable = (e) => {
      if (e.data.size > 0) parts.push(e.data);
    };
    rec.onstop = () => {
      composed.current?.stop();
      composed.current = null;
      void review(new Blob(parts, { type: "video/webm" }));
    };
    recorder.current = rec;
    rec.start(1000);
    setElapsed(0);
    setPhase({ step: "recording", startedAt: Date.now() });
  }

  async function review(blob: Blob) {
    try {
      const seconds = await recordingSeconds(blob);
      setTrim({ start: 0, end: seconds });
      setPhase({ step: "review", blob, url: URL.createObjectURL(blob), seconds });
    } catch (err) {
      setPhase({ step: "setup" });
      setError(new Error(`The recording could not be read: ${err instanceof Error ? err.message : err}`));
    }
  }

  async function save() {
    if (phase.step !== "review") return;
    setError(null);
    setSaving("cutting");
    try {
      const file = await finishRecording(phase.blob, trim, "recording.webm");
      const problem = await facecamProblem(file);
      if (problem) throw new Error(`This recording cannot be used: ${problem}`);
      setSaving(0);
      upload.current = uploadAsset(file, "facecam", setSaving, name.trim() || undefined);
      const asset = await upload.current.done;
      setSaving(null);
      onSaved(asset);
    } catch (err) {
      setSaving(null);
      setError(err);
    }
  }

  const recording = phase.step === "recording";
  return (
    <div className="stack recorder">
      {phase.step !== "review" && (
        <>
          {!camera && (
            <button type="button" className="btn secondary" onClick={() => void turnOn()}>
              Turn on camera and microphone
            </button>
          )}
          {camera && (
            <div className="row wrap">
              <SelectField
                label="Camera"
                value={cameraId}
                onChange={(id) => {
                  setCameraId(id);
                  void turnOn({ cameraId: id });
                }}
              >
                {cameras.map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label || `Camera ${i + 1}`}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="Microphone"
                value={micId}
                onChange={(id) => {
                  setMicId(id);
                  void turnOn({ micId: id });
                }}
              >
                {mics.map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label || `Microphone ${i + 1}`}
                  </option>
                ))}
              </SelectField>
              <label className="check">
                <input
                  type="checkbox"
                  checked={withScreen}
                  disabled={phase.step !== "setup" || !("getDisplayMedia" in navigator.mediaDevices)}
                  onChange={(e) => setWithScreen(e.currentTarget.checked)}
                />
                Also record my screen (the camera shows in a corner)
              </label>
            </div>
          )}
          <div className="recorder-stage">
            <video
              ref={live}
              className="facecam-preview"
              autoPlay
              muted
              playsInline
              aria-label="Camera preview"
              hidden={!camera}
            />
            {phase.step === "countdown" && (
              <span className="countdown" role="status" aria-live="assertive">
                {phase.left}
              </span>
            )}
          </div>
          {camera && phase.step === "setup" && (
            <button type="button" className="btn" onClick={() => void start()}>
              Start recording
            </button>
          )}
          {recording && (
            <div className="row">
              <span className="rec-dot" aria-hidden="true" />
              <span role="status">Recording… {formatClock(elapsed)}</span>
              <button type="button" className="btn danger" onClick={() => recorder.current?.stop()}>
                Stop recording
              </button>
            </div>
          )}
        </>
      )}
      {phase.step === "review" && (
        <>
          {/* biome-ignore lint/a11y/useMediaCaption: the rep's own recording, played back to them; it has no captions */}
          <video className="facecam-preview" src={phase.url} controls aria-label="Recording playback" />
          <span className="hint">Recorded {formatClock(phase.seconds)}.</span>
          <TrimFields seconds={phase.seconds} trim={trim} onChange={setTrim} disabled={saving !== null} />
          <TextField label="Name in the library" value={name} onChange={setName} maxLength={120} />
          {saving === "cutting" && <span className="hint">Cutting the recording…</span>}
          {typeof saving === "number" && (
            <ProgressBar value={saving} label="Recording upload" tone="active" />
          )}
          <div className="row">
            <button type="button" className="btn" disabled={saving !== null} onClick={() => void save()}>
              Use this recording
            </button>
            <button
              type="button"
              className="btn secondary"
              disabled={saving !== null}
              onClick={() => setPhase({ step: "setup" })}
            >
              Retake
            </button>
          </div>
        </>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
