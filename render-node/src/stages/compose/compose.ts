import { access, mkdir, rename, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { renderMergeFields, type SceneSpec, scaleActions } from "@loom-lite/schema";
import type { Binaries } from "../../binaries";
import { errorMessage, RenderError } from "../../core/errors";
import type { ComposeReport, EncoderSettings, SceneCapture } from "../../core/types";
import { buildComposeArgs, buildJoinArgs, DEFAULT_ENCODER, type PreviewTargets } from "./args";
import { bubbleFrame, layoutBubble } from "./bubble";
import { concatEntry } from "./commands";
import { videoCodecArgs } from "./encoder";
import type { PreparedFacecam } from "./facecam-prep";
import { runFfmpeg } from "./ffmpeg";
import { FIRST_LOOK, GIF_MAX_BYTES, makePosterAndGif, playButtonFor, previewTiming } from "./gif";
import {
  buildSceneMotion,
  fillActionSelectors,
  type MotionTarget,
  motionSeed,
  type Point,
  type SceneMotion,
} from "./motion";
import { slicePlan, splitFrames } from "./parts";
import { type ComposePlan, captureScale, type PlannedText, planCursor, planScene } from "./plan";
import { type CursorSheet, drawCursorSheet } from "./sprites";
import { findOverlayFont } from "./text";

export interface ComposeScene {
  capture: SceneCapture;
  frames: number;
  /** Planned over asked length (scene-timing.ts): a scene fitted to the facecam scales its actions. */
  scale?: number;
}

export interface ComposeInput {
  binaries: Binaries;
  spec: SceneSpec;
  fields: Record<string, string>;
  /** Prepared once per campaign look; may still be running when compose starts. */
  facecam: Promise<PreparedFacecam>;
  facecamSeconds: number;
  scenes: readonly ComposeScene[];
  workDir: string;
  cacheDir: string;
  signal: AbortSignal;
  encoder?: EncoderSettings;
  /**
   * At most this many parts of the video are encoded side by side (default: the machine's cores). One
   * ffmpeg keeps about one and a half cores busy; its filter graph runs on one.
   */
  encodeParts?: number;
  /** 0..1 of the encode. */
  onProgress?: (fraction: number) => void;
}

export interface ComposeResult {
  video: string;
  poster: string;
  gif: string;
  report: ComposeReport;
  warnings: string[];
}

/**
 * Plans every scene's motion and encodes video.mp4: in one ffmpeg pass, or in parts side by side that
 * are then joined without encoding again. The pass (or the first part) also writes poster.jpg and
 * preview.gif from the frames it encodes.
 */
export async function composeVideo(input: ComposeInput): Promise<ComposeResult> {
  const { spec, signal } = input;
  const output = spec.output;
  const warnings: string[] = [];
  const bubble = bubbleFrame(layoutBubble(spec.bubble, output));
  const motions = planMotions(input, bubble, warnings);

  const texts = spec.scenes.map((scene, i) => sceneTexts(scene.overlays, i, input, warnings));
  const fontFile = texts.some((t) => t.length > 0) ? await findOverlayFont() : undefined;
  if (texts.some((t) => t.length > 0) && !fontFile) {
    warnings.push(
      "No font file was found (install fonts-dejavu-core); text overlays use ffmpeg's default font.",
    );
  }
  const cursorSheet = await ensureCursorSheet(input.cacheDir, output.height);

  const waitStarted = performance.now();
  const facecam = await input.facecam;
  const facecamWaitMs = Math.round(performance.now() - waitStarted);

  const totalFrames = input.scenes.reduce((sum, s) => sum + s.frames, 0);
  const plan: ComposePlan = {
    output,
    totalFrames,
    scenes: input.scenes.map((scene, i) =>
      planScene(i, { ...scene, motion: motions[i] as SceneMotion, texts: texts[i] ?? [] }, output),
    ),
    cursor: planCursor(motions, cursorSheet.sheet, cursorSheet.file),
    facecam: { ...facecam, seconds: input.facecamSeconds },
    fontFile,
  };

  const dir = path.join(input.workDir, "compose");
  await mkdir(dir, { recursive: true });
  const video = path.join(input.workDir, "video.mp4");
  const poster = path.join(input.workDir, "poster.jpg");
  const gif = path.join(input.workDir, "preview.gif");
  const firstGif = path.join(dir, "preview-first.gif");
  const totalSeconds = totalFrames / output.fps;
  const previewTargets = {
    poster,
    gif: firstGif,
    button: await playButtonFor(input.cacheDir),
    look: FIRST_LOOK,
    timing: previewTiming(totalSeconds),
  };
  const parts = splitFrames({
    totalFrames,
    sceneFrames: input.scenes.map((s) => s.frames),
    fps: output.fps,
    gop: output.fps * 2,
    parts: input.encodeParts ?? os.availableParallelism(),
  });
  const encode = async (settings: EncoderSettings) => {
    if (parts.length === 1) {
      const job = { ffmpeg: input.binaries.ffmpeg, plan, dir, file: video, settings, signal };
      await encodePlan({ ...job, preview: previewTargets }, (seconds) =>
        input.onProgress?.(Math.min(1, seconds / totalSeconds)),
      );
      return;
    }
    // One part failing stops the others, and every part has exited before the failure is passed on.
    const stop = new AbortController();
    const partSignal = AbortSignal.any([signal, stop.signal]);
    const done = parts.map(() => 0);
    const files = parts.map((_, k) => path.join(dir, `part-${k}.mp4`));
    const settled = await Promise.allSettled(
      parts.map((range, k) =>
        encodePlan(
          {
            ffmpeg: input.binaries.ffmpeg,
            plan: slicePlan(plan, range),
            dir: path.join(dir, `part-${k}`),
            file: files[k] as string,
            settings,
            ...(k === 0 ? { preview: previewTargets } : {}),
            signal: partSignal,
            part: true,
          },
          (seconds) => {
            done[k] = seconds;
            input.onProgress?.(Math.min(1, done.reduce((a, b) => a + b, 0) / totalSeconds));
          },
        ).catch((error: unknown) => {
          stop.abort(error);
          throw error;
        }),
      ),
    );
    const failed = settled.find((outcome) => outcome.status === "rejected");
    // The first cause: a cancel, or the part that failed first (the others only stopped for it).
    if (failed) throw partSignal.aborted ? partSignal.reason : failed.reason;
    const list = path.join(dir, "parts.ffconcat");
    await writeFile(list, partList(files));
    await runFfmpeg({
      ffmpeg: input.binaries.ffmpeg,
      args: buildJoinArgs(plan, list, video),
      signal,
      ...ENCODE_FAILED,
    });
  };

  const encodeStarted = performance.now();
  let encoder = input.encoder ?? DEFAULT_ENCODER;
  try {
    await encode(encoder);
  } catch (error) {
    if (signal.aborted || encoder.codec !== "h264_nvenc") throw error;
    // The GPU passed its trial at start but can still refuse an encode (every NVENC session taken, a
    // driver reset): the CPU makes this video instead of failing the render.
    const details = error instanceof RenderError ? error.details : undefined;
    warnings.push(`NVENC could not encode this video (${details ?? errorMessage(error)}); x264 encoded it.`);
    encoder = { ...encoder, codec: "libx264" };
    await encode(encoder);
  }
  const encodeMs = Math.round(performance.now() - encodeStarted);

  // The encode wrote the poster and the first look of the GIF; a busy page may need a lighter one.
  const previewStarted = performance.now();
  const firstBytes = (await stat(firstGif)).size;
  const preview =
    firstBytes <= GIF_MAX_BYTES
      ? await rename(firstGif, gif).then(() => ({ gifBytes: firstBytes, gifWidth: FIRST_LOOK.width }))
      : await makePosterAndGif({
          ffmpeg: input.binaries.ffmpeg,
          video,
          videoSeconds: totalSeconds,
          poster,
          gif,
          cacheDir: input.cacheDir,
          signal,
          firstLook: false,
        });
  if (preview.gifBytes > GIF_MAX_BYTES) {
    warnings.push(`preview.gif is ${Math.round(preview.gifBytes / 1000)} kB, over the 1 MB email limit.`);
  }

  return {
    video,
    poster,
    gif,
    warnings,
    report: {
      facecamWaitMs,
      facecamReused: facecam.reused,
      facecamLoudness: facecam.loudness,
      encodeMs,
      previewMs: Math.round(performance.now() - previewStarted),
      gifBytes: preview.gifBytes,
      gifWidth: preview.gifWidth,
      encoder: encoder.codec ?? "libx264",
      encoderArgs: videoCodecArgs(encoder),
      parts: parts.map((range): [number, number] => [range.from, range.to]),
      scenes: sceneSummaries(motions),
    },
  };
}

interface PlanEncode {
  ffmpeg: string;
  plan: ComposePlan;
  /** Where its scripts, sprite sheets and `ffmpeg-args.json` go. */
  dir: string;
  file: string;
  settings: EncoderSettings;
  preview?: PreviewTargets;
  signal: AbortSignal;
  /** Pictures only: a part of the video, joined later. */
  part?: boolean;
}

const ENCODE_FAILED = {
  errorCode: "encode_failed",
  failureMessage: "The video could not be encoded; the render will be retried.",
} as const;

/** One ffmpeg pass over a plan: the whole video, or a part of it. */
async function encodePlan(job: PlanEncode, onTime: (seconds: number) => void): Promise<void> {
  const { args, files } = buildComposeArgs(job.plan, job.dir, job.file, job.settings, job.preview, job.part);
  await mkdir(job.dir, { recursive: true });
  await Promise.all([
    ...files.map((f) => writeFile(path.join(job.dir, f.name), f.content)),
    // The exact command, to rerun an encode by hand when one looks wrong.
    writeFile(path.join(job.dir, "ffmpeg-args.json"), JSON.stringify(args)),
    ...job.plan.scenes.flatMap((scene) =>
      scene.layers.flatMap((entry) =>
        entry.kind === "sheet" ? [writeFile(path.join(job.dir, entry.sheet.name), entry.sheet.png)] : [],
      ),
    ),
  ]);
  await runFfmpeg({
    ffmpeg: job.ffmpeg,
    args,
    signal: job.signal,
    onTime,
    ...ENCODE_FAILED,
  });
}

/** The concat demuxer's list of the parts, in order. */
function partList(files: readonly string[]): string {
  return `ffconcat version 1.0\n${files.map(concatEntry).join("\n")}\n`;
}

function sceneSummaries(motions: readonly SceneMotion[]): ComposeReport["scenes"] {
  let offset = 0;
  return motions.map((m) => {
    const start = offset;
    offset += m.frames;
    return {
      glides: m.scrolling.length,
      clicks: m.clicks.length,
      highlights: m.highlights.length,
      scrollFrames: m.scrolling.map(([from, to]) => [start + from, start + to] as [number, number]),
    };
  });
}

/** Each scene's motion, the cursor carried over from one scene to the next. */
function planMotions(
  input: ComposeInput,
  bubble: ReturnType<typeof bubbleFrame>,
  warnings: string[],
): SceneMotion[] {
  const { spec, fields } = input;
  const { width, height, fps } = spec.output;
  const motions: SceneMotion[] = [];
  let cursor: Point | undefined;
  input.scenes.forEach((scene, i) => {
    const { capture } = scene;
    const k = captureScale(capture, width);
    const targets: Record<string, MotionTarget> = {};
    for (const [selector, box] of Object.entries(capture.targets)) {
      const holder = box && !box.viewport ? stickyHolder(capture, box) : undefined;
      targets[selector] = box && {
        ...(box.viewport ? { viewport: true as const } : {}),
        ...(holder
          ? {
              sticky: {
                y: holder.y * k,
                height: holder.height * k,
                top: (holder.sticky?.top ?? 0) * k,
                bottom: (holder.sticky?.bottom ?? 0) * k,
              },
            }
          : {}),
        x: box.x * k,
        y: box.y * k,
        width: box.width * k,
        height: box.height * k,
      };
    }
    const motion = buildSceneMotion({
      frames: scene.frames,
      fps,
      viewport: { width, height },
      documentHeight: Math.max(height, Math.round(capture.background.height * k)),
      actions: fillActionSelectors(scaleActions(spec.scenes[i]?.actions ?? [], scene.scale ?? 1), fields),
      targets,
      seed: motionSeed(fields, i),
      ...(cursor ? { cursorStart: cursor } : {}),
      topInset: topInset(capture, k, height),
      avoid: [bubble],
    });
    warnings.push(...motion.warnings.map((w) => `Scene ${i + 1}: ${w}`));
    if (capture.mode === "live") {
      warnings.push(
        `Scene ${i + 1}: ${capture.liveReason ?? "the page moves in ways layers cannot show"}; rendered from its captured layers.`,
      );
    }
    const last = motion.frames - 1;
    cursor = { x: motion.cursorX[last] as number, y: motion.cursorY[last] as number };
    motions.push(motion);
  });
  return motions;
}

/** The sticky layer a target sits in, if any: then it moves with the sticky element, not the page. */
function stickyHolder(capture: SceneCapture, box: { x: number; y: number; width: number; height: number }) {
  return capture.fixedLayers.find(
    (layer) =>
      layer.mode === "sticky" &&
      layer.sticky !== undefined &&
      box.x >= layer.x - 1 &&
      box.y >= layer.y - 1 &&
      box.x + box.width <= layer.x + layer.width + 1 &&
      box.y + box.height <= layer.y + layer.height + 1,
  );
}

/** How far down a fixed header covers the viewport's top, so targets are not scrolled under it. */
function topInset(capture: SceneCapture, k: number, viewportHeight: number): number {
  let inset = 0;
  for (const layer of capture.fixedLayers) {
    const top = layer.mode === "sticky" ? (layer.sticky?.top ?? layer.y) : layer.y;
    if (
      top * k <= 4 &&
      layer.width * k >= 0.5 * (capture.background.width * k) &&
      layer.height * k < viewportHeight / 3
    ) {
      inset = Math.max(inset, (top + layer.height) * k);
    }
  }
  return Math.round(inset);
}

function sceneTexts(
  overlays: SceneSpec["scenes"][number]["overlays"],
  i: number,
  input: ComposeInput,
  warnings: string[],
): PlannedText[] {
  const seconds = (input.scenes[i]?.frames ?? 0) / input.spec.output.fps;
  const texts: PlannedText[] = [];
  for (const overlay of overlays) {
    const text = renderMergeFields(overlay.text, input.fields).trim();
    const until = Math.min(overlay.until ?? seconds, seconds);
    if (!text) {
      warnings.push(
        `Scene ${i + 1}: the text overlay "${overlay.text}" is empty for this lead; it was left out.`,
      );
    } else if (overlay.at >= until) {
      warnings.push(
        `Scene ${i + 1}: the text overlay "${overlay.text}" starts after the scene ends; it was left out.`,
      );
    } else {
      texts.push({ text, at: overlay.at, until });
    }
  }
  return texts;
}

const cursorSheets = new Map<string, Promise<{ file: string; sheet: Omit<CursorSheet, "png"> }>>();

/** The cursor sheet for an output height, drawn once per process and kept in the cache folder. */
function ensureCursorSheet(cacheDir: string, outputHeight: number) {
  const dir = path.join(cacheDir, "sprites");
  const file = path.join(dir, `cursor-v1-${outputHeight}.png`);
  let pending = cursorSheets.get(file);
  if (!pending) {
    pending = (async () => {
      const { png, ...sheet } = drawCursorSheet(outputHeight);
      if (
        !(await access(file).then(
          () => true,
          () => false,
        ))
      ) {
        await mkdir(dir, { recursive: true });
        await writeFile(`${file}.${process.pid}`, png);
        await rename(`${file}.${process.pid}`, file);
      }
      return { file, sheet };
    })();
    pending.catch(() => cursorSheets.delete(file));
    cursorSheets.set(file, pending);
  }
  return pending;
}
