/** What a caller gives the pipeline (`runPipeline`) and gets back. */
import type { SceneSpec } from "@loom-lite/schema";
import type { Binaries } from "../binaries";
import type { BrowserSession } from "../browser/browser-session";
import type { EncoderSettings, PipelineArtifacts, RenderReport, StageName } from "../core/types";
import type { Logger } from "../log";
import type { CaptureCache } from "../stages/capture/capture-cache";

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
  /** Scene captures reused across renders; absent: every render captures its pages. */
  captureCache?: CaptureCache;
  /** Part of the capture cache key, so no workspace is served another's captures. */
  workspaceId?: string;
  /** Who Chromium runs as when the node is root (default nobody, 65534). */
  browserUser?: { uid: number; gid: number };
  /**
   * A browser the caller started opening before the render (the CLI starts it while it loads), for
   * `spec.output`'s viewport behind an egress guard of `allowHosts`; the pipeline closes it.
   */
  browser?: Promise<BrowserSession>;
  /** x264 settings of the final encode (default: veryfast, CRF 23). */
  encoder?: EncoderSettings;
  /** Parts of the video encoded side by side, at most (default: the machine's cores). */
  encodeParts?: number;
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

export interface PipelineResult {
  report: RenderReport;
  artifacts: PipelineArtifacts & { report: string };
}
