import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { findMotion, type MotionRegion, seekMotion } from "../../browser/scripts/animations";
import { stagePinned } from "../../browser/scripts/pinned";
import type { SceneLayer } from "../../core/types";

export interface MotionOptions {
  viewport: { width: number; height: number };
  maxHeight: number;
  workDir: string;
  prefix: string;
  fps: number;
  /** Frames one scene may spend on loops in total; more motion than that makes the scene live. */
  maxFrames: number;
  deadlineMs: number;
}

export interface MotionCapture {
  layers: SceneLayer[];
  /** Why the loops cannot show this scene's motion (too large, too much), or undefined. */
  liveReason?: string;
}

/**
 * A loop this large (a full-width hero video or animated background) is recorded at a lower rate and
 * for a shorter period: each frame is a viewport-sized picture, to take and to keep in memory.
 */
const LARGE_REGION_SHARE = 0.6;
const LARGE_FPS = 10;
const LARGE_MAX_PERIOD_MS = 3000;
const LARGE_JPEG_QUALITY = 90;
const MAX_PERIOD_MS = 6000;
const MIN_FPS = 8;

/**
 * Finds visible motion that keeps going (CSS/Web animations, playing videos), pauses it and records
 * one period of each region as PNG frames by seeking the animations frame by frame: exact timing, a
 * seamless loop, and no waiting in real time. Fixed layers are hidden meanwhile.
 */
export async function captureMotionLoops(page: Page, options: MotionOptions): Promise<MotionCapture> {
  const regions = await page.evaluate(findMotion, {
    maxY: options.maxHeight,
    minRemainingMs: 1500,
    maxPeriodMs: MAX_PERIOD_MS,
  });
  if (regions.length === 0) return { layers: [] };
  const { viewport } = options;
  const area = viewport.width * viewport.height;
  const plans: {
    region: MotionRegion;
    rect: MotionRegion["rect"];
    fps: number;
    frames: number;
    large: boolean;
  }[] = [];
  let budget = options.maxFrames;
  for (const region of regions) {
    const rect = clampRect(region.rect, viewport.width, options.maxHeight);
    if (!rect) continue;
    // The clip of a loop frame must fit in the viewport to be painted.
    if (rect.height > viewport.height) {
      return { layers: [], liveReason: `${region.label} moves over more than a screen's height` };
    }
    const large = rect.width * rect.height > LARGE_REGION_SHARE * area;
    const periodMs = large ? Math.min(region.periodMs, LARGE_MAX_PERIOD_MS) : region.periodMs;
    let fps = large ? Math.min(options.fps, LARGE_FPS) : options.fps;
    let frames = Math.max(2, Math.round((periodMs / 1000) * fps));
    if (frames > budget) {
      fps = Math.floor((budget * 1000) / periodMs);
      frames = Math.round((periodMs / 1000) * fps);
    }
    if (fps < MIN_FPS) {
      return {
        layers: [],
        liveReason: `too much motion to loop smoothly (${regions.length} moving regions)`,
      };
    }
    budget -= frames;
    plans.push({ region, rect, fps, frames, large });
  }

  const started = Date.now();
  const cdp = await page.context().newCDPSession(page);
  const layers: SceneLayer[] = [];
  try {
    await page.evaluate(stagePinned, "hide" as const);
    for (const [index, plan] of plans.entries()) {
      const { rect } = plan;
      // The clip must be inside the viewport to be painted: centre the region.
      await page.evaluate(
        (y) => window.scrollTo(0, y),
        Math.max(0, rect.y - (viewport.height - rect.height) / 2),
      );
      const frames: string[] = [];
      for (let k = 0; k < plan.frames; k++) {
        if (Date.now() - started > options.deadlineMs) {
          return { layers, liveReason: "the page's motion took too long to record" };
        }
        await page.evaluate(seekMotion, { rect, t: (k * 1000) / plan.fps });
        // A large region's frames are JPEG: a viewport-sized PNG takes several times longer to encode.
        const shot = (await cdp.send("Page.captureScreenshot", {
          ...(plan.large ? { format: "jpeg", quality: LARGE_JPEG_QUALITY } : { format: "png" }),
          clip: { ...rect, scale: 1 },
          optimizeForSpeed: true,
        })) as { data: string };
        const file = path.join(
          options.workDir,
          `${options.prefix}-loop-${index + 1}-${String(k).padStart(3, "0")}.${plan.large ? "jpg" : "png"}`,
        );
        await writeFile(file, Buffer.from(shot.data, "base64"));
        frames.push(file);
      }
      await page.evaluate(seekMotion, { rect, t: 0 });
      layers.push({
        file: frames[0] as string,
        frames,
        fps: plan.fps,
        mode: "document",
        ...rect,
        label: plan.region.label,
      });
    }
    return { layers };
  } finally {
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

function clampRect(
  rect: MotionRegion["rect"],
  width: number,
  maxHeight: number,
): MotionRegion["rect"] | null {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  const right = Math.min(width, Math.ceil(rect.x + rect.width));
  const bottom = Math.min(maxHeight, Math.ceil(rect.y + rect.height));
  if (right - x < 2 || bottom - y < 2) return null;
  return { x, y, width: right - x, height: bottom - y };
}
