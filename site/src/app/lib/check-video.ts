import { MAX_FACECAM_SECONDS } from "@loom-lite/schema";
/** What the browser learned from a video file's metadata. */
export interface VideoFacts {
  seconds: number;
  width: number;
  height: number;
}

export const MAX_FACECAM_BYTES = 200 * 1024 * 1024;
const PROBE_TIMEOUT_MS = 15_000;

/** Reads duration and size of a video file in the browser, without uploading it. */
export function probeVideo(file: File): Promise<VideoFacts> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const video = document.createElement("video");
    const done = () => {
      clearTimeout(timer);
      URL.revokeObjectURL(url);
      video.removeAttribute("src");
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error("The browser could not read this video in time."));
    }, PROBE_TIMEOUT_MS);
    video.preload = "metadata";
    video.muted = true;
    video.onloadedmetadata = () => {
      const facts = { seconds: video.duration, width: video.videoWidth, height: video.videoHeight };
      done();
      resolve(facts);
    };
    video.onerror = () => {
      done();
      reject(new Error("This file cannot be played: its codec is not supported. Export it as MP4 (H.264)."));
    };
    video.src = url;
  });
}

/** Why a facecam file cannot be used, in words a person can act on; null when it is fine. */
export async function facecamProblem(file: File): Promise<string | null> {
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_FACECAM_BYTES) {
    return `The file is ${(file.size / 1024 / 1024).toFixed(0)} MB; the limit is 200 MB. Export it at 720p.`;
  }
  if (file.type && !file.type.startsWith("video/")) return `That is a ${file.type} file, not a video.`;
  let facts: VideoFacts;
  try {
    facts = await probeVideo(file);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (facts.width === 0 || facts.height === 0)
    return "The file has no picture, only sound. Record with a camera.";
  if (!Number.isFinite(facts.seconds)) {
    return "The file does not say how long it is (a live recording saved as it streamed). Export it as MP4, or record it here with Record.";
  }
  if (facts.seconds < 1) return "The video is shorter than a second.";
  if (facts.seconds > MAX_FACECAM_SECONDS) {
    return `The video is ${Math.round(facts.seconds / 60)} minutes long; keep it under 10 minutes.`;
  }
  return null;
}
