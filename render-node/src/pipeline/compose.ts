import path from "node:path";
import type { SceneSpec } from "@loom-lite/schema";
import type { Binaries } from "../binaries";
import { ensureBubbleBorder, ensureBubbleMask, layoutBubble } from "./bubble";
import { buildComposeArgs, type ComposeScene } from "./compose-args";
import { runFfmpeg } from "./ffmpeg";

export interface ComposeInput {
  binaries: Binaries;
  spec: SceneSpec;
  facecam: { file: string; hasAudio: boolean };
  scenes: readonly ComposeScene[];
  totalSeconds: number;
  workDir: string;
  cacheDir: string;
  signal: AbortSignal;
  /** 0..1 of the encode. */
  onProgress?: (fraction: number) => void;
}

/** Encodes video.mp4 in one ffmpeg pass, then grabs poster.jpg from about a second in. */
export async function composeVideo(input: ComposeInput): Promise<{ video: string; poster: string }> {
  const { binaries, spec, signal } = input;
  const bubble = layoutBubble(spec.bubble, spec.output);
  const maskFile = await ensureBubbleMask(binaries.ffmpeg, input.cacheDir, bubble, signal);
  const borderFile = await ensureBubbleBorder(binaries.ffmpeg, input.cacheDir, bubble, signal);
  const video = path.join(input.workDir, "video.mp4");
  const args = buildComposeArgs({
    facecam: input.facecam,
    scenes: input.scenes,
    output: spec.output,
    bubble,
    maskFile,
    borderFile,
    totalSeconds: input.totalSeconds,
    outFile: video,
  });
  await runFfmpeg({
    ffmpeg: binaries.ffmpeg,
    args,
    signal,
    onTime: (seconds) => input.onProgress?.(Math.min(1, seconds / input.totalSeconds)),
    errorCode: "encode_failed",
    failureMessage: "The video could not be encoded; the render will be retried.",
  });

  const poster = path.join(input.workDir, "poster.jpg");
  const posterAt = Math.min(1, input.totalSeconds / 2);
  await runFfmpeg({
    ffmpeg: binaries.ffmpeg,
    args: ["-ss", posterAt.toFixed(3), "-i", video, "-frames:v", "1", "-q:v", "3", "-y", poster],
    signal,
    errorCode: "encode_failed",
    failureMessage: "The poster image could not be made from the video; the render will be retried.",
  });
  return { video, poster };
}
