import type { SceneSpec } from "@loom-lite/schema";
import type { Binaries } from "../../binaries";
import type { Stage } from "../../core/stage";
import type { EncoderSettings, PipelineArtifacts, SceneCapture } from "../../core/types";
import type { PreparedRender } from "../preflight/inputs";
import { composeVideo } from "./compose";
import type { PreparedFacecam } from "./facecam-prep";

export interface ComposeStageInput {
  binaries: Binaries;
  spec: SceneSpec;
  fields: Record<string, string>;
  prepared: PreparedRender;
  captured: SceneCapture[];
  /** Prepared by ffmpeg while Chromium captured; may still be running. */
  facecam: Promise<PreparedFacecam>;
  workDir: string;
  cacheDir: string;
  encoder?: EncoderSettings;
  encodeParts?: number;
}

/** Encodes the video, its poster and the email GIF from the captured scenes and the facecam. */
export const composeStage: Stage<ComposeStageInput, PipelineArtifacts> = {
  name: "compose",
  async run(input, { signal, report, progress }) {
    const composed = await composeVideo({
      binaries: input.binaries,
      spec: input.spec,
      fields: input.fields,
      facecam: input.facecam,
      facecamSeconds: input.prepared.facecam.seconds,
      scenes: input.captured.map((capture) => ({
        capture,
        frames: input.prepared.scenes[capture.index]?.timing.frames ?? 1,
        scale: input.prepared.scenes[capture.index]?.timing.scale ?? 1,
      })),
      workDir: input.workDir,
      cacheDir: input.cacheDir,
      signal,
      ...(input.encoder ? { encoder: input.encoder } : {}),
      ...(input.encodeParts ? { encodeParts: input.encodeParts } : {}),
      onProgress: progress,
    });
    report.warnings.push(...composed.warnings);
    report.compose = { ...report.compose, ...composed.report };
    return { video: composed.video, poster: composed.poster, gif: composed.gif };
  },
};
