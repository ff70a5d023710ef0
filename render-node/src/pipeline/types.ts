import type { RenderStage, SceneSpec } from "@loom-lite/schema";
import type { Binaries } from "../binaries";
import type { Logger } from "../log";

export const STAGE_NAMES = ["preflight", "capture", "compose", "publish"] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** The render state an edge heartbeat reports while a pipeline stage runs. */
export const STAGE_TO_RENDER_STAGE: Record<StageName, RenderStage> = {
  preflight: "claimed",
  capture: "capturing",
  compose: "composing",
  publish: "uploading",
};

/** Share of the whole render each stage accounts for in the progress figure. */
export const STAGE_PROGRESS_SPAN: Record<StageName, [number, number]> = {
  preflight: [0, 0.05],
  capture: [0.05, 0.45],
  compose: [0.45, 0.9],
  publish: [0.9, 1],
};

export interface PipelineInput {
  spec: SceneSpec;
  fields: Record<string, string>;
  /** Local path of the facecam video (the spec's `facecam` is ignored by the pipeline). */
  facecamFile: string;
  /** Scratch and output folder of this render; the caller creates and removes it. */
  workDir: string;
  /** Shared folder for reusable pieces (bubble masks); defaults to `<workDir>/.cache`. */
  cacheDir?: string;
  binaries: Binaries;
  /** Host names the capture may reach even when they resolve to private or loopback addresses. */
  allowHosts: readonly string[];
  renderId?: string;
  /** Page load timeout per scene. */
  navigationTimeoutMs?: number;
}

export interface PipelineArtifacts {
  video: string;
  poster: string;
}

export interface PipelineHooks {
  signal: AbortSignal;
  logger?: Logger;
  onStage?: (stage: StageName) => void;
  /** After each stage, whether it succeeded or not. */
  onStageDone?: (stage: StageName, ms: number, ok: boolean) => void;
  /** Whole-render progress 0..1, monotonic. */
  onProgress?: (stage: StageName, progress: number) => void;
  /** Moves the finished video and poster where they belong (an upload, a copy into --out). */
  publish?: (artifacts: PipelineArtifacts, signal: AbortSignal) => Promise<void>;
}

export interface SceneReport {
  index: number;
  /** The scene URL after merge fields were filled. */
  url: string;
  /** The URL actually captured (differs when the campaign's fallback page stood in). */
  capturedUrl?: string;
  fallback?: boolean;
  seconds: number;
  screenshotHeight?: number;
}

export interface StageReport {
  name: StageName;
  ms: number;
  ok: boolean;
}

export interface RenderReport {
  version: 1;
  renderId?: string;
  outcome: "done" | "failed" | "cancelled";
  startedAt: string;
  finishedAt: string;
  /** Wall time of the whole render. */
  elapsedMs: number;
  /** Stage name → milliseconds, for the stages that ran. */
  timings: Partial<Record<StageName, number>>;
  stages: StageReport[];
  video?: { seconds: number; width: number; height: number; fps: number };
  facecam?: { seconds: number; hasAudio: boolean };
  scenes: SceneReport[];
  warnings: string[];
  error?: { code: string; message: string; retryable: boolean; details?: string };
}

export interface PipelineResult {
  report: RenderReport;
  artifacts: PipelineArtifacts & { report: string };
}
