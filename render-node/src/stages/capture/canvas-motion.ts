import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { sleep } from "../../browser/deadline";
import { changedShare } from "../../browser/pixels";
import { screenshot } from "../../browser/screenshot";
import { findCanvases } from "../../browser/scripts/animations";
import { stagePinned } from "../../browser/scripts/pinned";
import type { SceneLayer } from "../../core/types";

export interface CanvasMotionOptions {
  viewport: { width: number; height: number };
  maxHeight: number;
  workDir: string;
  prefix: string;
  fps: number;
}

const MIN_SIZE = 48;
const MAX_CANVASES = 2;
/** Canvases are drawn by the page's own script: they can only be recorded as they run. */
const RECORD_MS = 2000;
const PROBE_GAP_MS = 300;
const MIN_CHANGE = 0.005;

/**
 * Canvases that the page keeps redrawing (charts that animate, particle heroes, WebGL): seeking is
 * impossible, so two seconds are recorded in real time and resampled to `fps`. Such a loop jumps where
 * it wraps, unlike the seeked ones. Large ones make the scene live; static canvases stay in the
 * background.
 */
export async function captureCanvasLoops(
  page: Page,
  options: CanvasMotionOptions,
): Promise<{ layers: SceneLayer[]; liveReason?: string }> {
  const { viewport } = options;
  const canvases = (await page.evaluate(findCanvases, { maxY: options.maxHeight, minSize: MIN_SIZE }))
    .map((r) => ({
      x: Math.max(0, Math.floor(r.x)),
      y: Math.max(0, Math.floor(r.y)),
      width: Math.min(viewport.width, Math.ceil(r.x + r.width)) - Math.max(0, Math.floor(r.x)),
      height: Math.ceil(r.height),
    }))
    .filter((r) => r.width >= MIN_SIZE && r.y + r.height <= options.maxHeight);
  if (canvases.length === 0) return { layers: [] };
  const layers: SceneLayer[] = [];
  try {
    await page.evaluate(stagePinned, "hide" as const);
    for (const rect of canvases) {
      await page.evaluate(
        (y) => window.scrollTo(0, y),
        Math.max(0, rect.y - (viewport.height - rect.height) / 2),
      );
      const first = await screenshot(page, { format: "png", clip: rect });
      await sleep(PROBE_GAP_MS);
      const second = await screenshot(page, { format: "png", clip: rect });
      if ((await changedShare(first, second)) < MIN_CHANGE) continue;
      if (
        rect.width * rect.height > 0.6 * viewport.width * viewport.height ||
        rect.height > viewport.height
      ) {
        return { layers, liveReason: "a canvas animation moves over most of the screen" };
      }
      if (layers.length >= MAX_CANVASES) {
        return { layers, liveReason: "too many canvas animations to record" };
      }
      layers.push(await recordCanvas(page, rect, layers.length + 1, options));
    }
    return { layers };
  } finally {
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  }
}

async function recordCanvas(
  page: Page,
  rect: { x: number; y: number; width: number; height: number },
  index: number,
  options: CanvasMotionOptions,
): Promise<SceneLayer> {
  const recorded = await recordRealTime(page, rect, {
    recordMs: RECORD_MS,
    fps: options.fps,
    fileStem: path.join(options.workDir, `${options.prefix}-canvas-${index}`),
  });
  return {
    ...recorded.layer,
    label: `canvas recorded for ${RECORD_MS / 1000} s (${recorded.pictures} pictures)`,
  };
}

/**
 * Pictures of `rect` (document px, scrolled into view) taken in real time for `recordMs`, resampled
 * to `fps` as a document loop: for what only the page's own script moves. `gapMs` spaces the pictures
 * (content that changes every few seconds needs no picture every frame); `format` jpeg for large ones.
 */
export async function recordRealTime(
  page: Page,
  rect: { x: number; y: number; width: number; height: number },
  options: {
    recordMs: number;
    fps: number;
    fileStem: string;
    gapMs?: number;
    format?: "png" | "jpeg";
    /** Count the pictures that differ from the one before (`distinct`); else it answers 0. */
    countDistinct?: boolean;
  },
): Promise<{ layer: Omit<SceneLayer, "label">; pictures: number; distinct: number }> {
  const format = options.format ?? "png";
  const shots: { at: number; file: string; png: Buffer }[] = [];
  const start = performance.now();
  while (performance.now() - start < options.recordMs) {
    const at = performance.now() - start;
    const png = await screenshot(page, { format, ...(format === "jpeg" ? { quality: 90 } : {}), clip: rect });
    const file = `${options.fileStem}-${String(shots.length).padStart(3, "0")}.${format === "jpeg" ? "jpg" : "png"}`;
    await writeFile(file, png);
    shots.push({ at, file, png });
    if (options.gapMs) await sleep(options.gapMs);
  }
  let distinct = options.countDistinct ? 1 : 0;
  for (let j = 1; options.countDistinct && j < shots.length; j++) {
    const a = shots[j - 1]?.png as Buffer;
    const b = shots[j]?.png as Buffer;
    if (!a.equals(b) && (await changedShare(a, b)) >= MIN_CHANGE) distinct++;
  }
  // Each output frame shows the latest picture taken by its time.
  const frames: string[] = [];
  const count = Math.round((options.recordMs / 1000) * options.fps);
  for (let k = 0, j = 0; k < count; k++) {
    const t = (k * 1000) / options.fps;
    while (j + 1 < shots.length && (shots[j + 1]?.at ?? Number.POSITIVE_INFINITY) <= t) j++;
    frames.push(shots[j]?.file as string);
  }
  return {
    layer: { file: frames[0] as string, frames, fps: options.fps, mode: "document", ...rect },
    pictures: shots.length,
    distinct,
  };
}
