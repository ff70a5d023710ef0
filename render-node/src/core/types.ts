import type { RenderStage } from "@loom-lite/schema";

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

/** A rectangle in CSS pixels (the viewport is the output size, device scale 1). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A picture laid over the scene's background in every frame. Paint order is the array order (last on
 * top). Where it goes depends on `mode`, with `scrollY` the page's scroll offset in that frame:
 * - `viewport`: at (x, y) of the viewport in every frame (position:fixed elements).
 * - `sticky`: x fixed; viewport y = min(max(y - scrollY, sticky.top), sticky.bottom - height - scrollY),
 *   i.e. the element scrolls with the page until it reaches `sticky.top`, stays there, and leaves with
 *   its container whose bottom edge is `sticky.bottom` (document px).
 * - `document`: at (x, y) of the document, moving with the page (viewport y = y - scrollY).
 */
export interface SceneLayer {
  /** PNG; transparent where the element paints nothing. For a loop, the same as `frames[0]`. */
  file: string;
  mode: "viewport" | "sticky" | "document";
  x: number;
  y: number;
  width: number;
  height: number;
  sticky?: { top: number; bottom: number };
  /**
   * Shown only while the page's scroll offset (CSS px of the capture) is at least `from` and below
   * `until`: a header that looks different at the top of the page than once scrolled comes as two
   * layers that take turns. Absent: always shown.
   */
  scrollRange?: { from?: number; until?: number };
  /**
   * A motion loop (CSS animation, playing video, canvas): PNGs of the region taken `1/fps` s apart over
   * one period of the motion; play them in a loop from the scene's first frame. Absent: a still.
   */
  frames?: string[];
  fps?: number;
  /**
   * Seen only through a window that moves with the page: a gray PNG (white shows the layer) whose
   * top-left is at document px (x, y). A `background-attachment: fixed` background is a viewport
   * layer seen this way through its section, so the section slides over a picture that stays put.
   */
  pageWindow?: { file: string; x: number; y: number; width: number; height: number };
  /**
   * Grows with the scroll from its left (`x`) or top (`y`) edge, as a reading-progress bar does: at
   * each scroll offset (CSS px) it is drawn `length` px long from that edge, interpolated between the
   * offsets in `at` (ascending). The picture is its longest look; `mask` is that picture's alpha (gray).
   */
  growth?: { axis: "x" | "y"; mask: string; at: Array<{ scrollY: number; length: number }> };
  /** What the layer shows, for logs and reports (`fixed header`, `animation .spin`). */
  label: string;
}

/**
 * Where a selector of the scene's actions is, after merge fields were filled (the key is the filled
 * selector). Document px; `viewport: true` when the element is inside a fixed layer, so the box is in
 * viewport px and does not move with the scroll. null: not found (skip the action with a warning).
 */
export type SceneTarget = (Box & { viewport?: true }) | null;

/** What the pre-flight visit found for one URL. */
export interface PreflightVerdict {
  url: string;
  usable: boolean;
  /** Why it cannot be used, in words a user can act on; absent when usable. */
  reason?: string;
  /** What made the page unusable. */
  problem?: "bot_wall" | "http_error" | "unreachable" | "blank" | "blocked" | "timeout" | "memory";
  /** Unusable only: whether a later attempt may find the page usable (a 503, a timeout). */
  retryable?: boolean;
  /** HTTP status of the main document; 0 when there was no answer. */
  status: number;
  finalUrl: string;
  /** JPEG of the first viewport (`preflight-<scene>.jpg`), absent when nothing loaded. */
  frame?: string;
  /** Same-site redirects are fine; a redirect to another registrable domain is flagged here. */
  redirectedTo?: string;
}

/**
 * One scene as the capture hands it to compose. The background has fixed and sticky elements hidden
 * (they come back as `fixedLayers`, once, where a visitor sees them) and no consent banner.
 * `mode: "live"` marks a scene whose motion the layers cannot reproduce (`liveReason` says why);
 * background and layers are still complete, so compose can render it from them with a warning.
 */
export interface SceneCapture {
  index: number;
  /** The scene URL after merge fields. */
  url: string;
  /** The URL captured: the fallback page when `fallback`. */
  capturedUrl: string;
  fallback: boolean;
  background: { file: string; width: number; height: number };
  /** Fixed and sticky elements (`viewport`/`sticky` mode), drawn above `animatedLayers`. */
  fixedLayers: SceneLayer[];
  /**
   * Layers inside the page, drawn over the background in order: fixed backgrounds seen through their
   * sections (`pageWindow`), then motion loops (`frames`, `fps`, `document` mode).
   */
  animatedLayers: SceneLayer[];
  targets: Record<string, SceneTarget>;
  mode: "layers" | "live";
  liveReason?: string;
  preflight: PreflightVerdict[];
  warnings: string[];
}

export interface PipelineArtifacts {
  video: string;
  poster: string;
  /** Email preview: the first seconds as a GIF under 1 MB with a play button. */
  gif: string;
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
  /** How the scene was captured (see SceneCapture.mode) and why it is live. */
  captureMode?: SceneCapture["mode"];
  liveReason?: string;
  /** Pre-flight verdicts: the scene URL, then the fallback page when it stood in. */
  preflight?: PreflightVerdict[];
  /** `hit`: the capture came from the capture cache instead of loading the page again. */
  captureCache?: "hit" | "miss";
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
  /** `seconds` as measured from the packets; `declaredSeconds` what the file's header claimed. */
  facecam?: { seconds: number; declaredSeconds?: number; hasAudio: boolean };
  scenes: SceneReport[];
  /** Breakdown of the compose stage (facecam preparation, encode, preview). */
  compose?: ComposeReport & { facecamPrepMs?: number };
  warnings: string[];
  error?: { code: string; message: string; retryable: boolean; details?: string };
}

/** H.264 encoders the final encode can use: x264 on the CPU, NVENC on an NVIDIA GPU. */
export type VideoCodec = "libx264" | "h264_nvenc";

/** Settings of the final encode, in x264's terms (NVENC gets the equivalent: encoder.ts). */
export interface EncoderSettings {
  /** Default libx264. */
  codec?: VideoCodec;
  preset: string;
  crf: number;
}

/** What facecam preparation did to the sound's loudness. */
export interface LoudnessReport {
  /** `normalised` to the target; `quiet`: no speech (below the floor), left as recorded; `none`: no sound. */
  applied: "normalised" | "quiet" | "none";
  /** Integrated loudness of the recording before normalisation, LUFS (null for digital silence). */
  measuredLufs: number | null;
  measuredTruePeakDb: number | null;
}

/** What compose did, for report.json. */
export interface ComposeReport {
  /** Time spent waiting for the facecam preparation that ran alongside capture. */
  facecamWaitMs: number;
  facecamReused: boolean;
  /** The facecam's sound: measured and normalised to -16 LUFS once per prepared facecam. */
  facecamLoudness?: LoudnessReport;
  encodeMs: number;
  previewMs: number;
  gifBytes: number;
  /** Width of the preview GIF: the look that came in under the email limit (480, 400 or 320 px). */
  gifWidth: number;
  /** The H.264 encoder that made the video. */
  encoder: VideoCodec;
  /** Its arguments as given to ffmpeg (preset and quality). */
  encoderArgs: string[];
  /** Frame ranges [from, to) encoded side by side, then joined without encoding again. */
  parts: Array<[number, number]>;
  scenes: Array<{
    glides: number;
    clicks: number;
    highlights: number;
    /** Frame ranges [from, to) of the video in which this scene's page glides. */
    scrollFrames: Array<[number, number]>;
  }>;
}

/** One line per event: JSON, so a log shipper can index render ids and stages without parsing prose. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

/** A scene as the pre-flight hands it to the capture. */
export interface CaptureScene {
  index: number;
  url: string;
  /** Selectors of the scene's actions, merge fields filled. */
  selectors?: readonly string[];
}

/** How a render treats pages the pre-flight or the capture finds unusable. */
export interface PolicyOptions {
  onUnusable: "fallback" | "reject";
  fallbackUrl: string | undefined;
  workDir: string;
  signal: AbortSignal;
  navigationTimeoutMs: number;
  logger: Logger;
}

/** Pre-flight verdicts per scene index: the scene's own URL, then the fallback when it stands in. */
export type PreflightPlan = Map<number, PreflightVerdict[]>;
