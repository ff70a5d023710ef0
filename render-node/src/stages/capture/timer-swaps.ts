import path from "node:path";
import type { Page } from "playwright-core";
import { stagePinned } from "../../browser/scripts/pinned";
import { findTimerSwaps } from "../../browser/scripts/timer-swaps";
import type { SceneLayer } from "../../core/types";
import { recordRealTime } from "./canvas-motion";

export interface TimerSwapOptions {
  viewport: { width: number; height: number };
  maxHeight: number;
  workDir: string;
  prefix: string;
  /** Places already looping (animations, videos, canvases): not recorded twice. */
  taken: readonly { x: number; y: number; width: number; height: number }[];
}

const MIN_SIZE = 24;
const MAX_REGIONS = 2;
/** Two swaps are watched when they come fast enough; the real-time wait is bounded all the same. */
const MIN_RECORD_MS = 1500;
const MAX_RECORD_MS = 6000;
/** Compose keeps a loop's period at the output rate in memory: 4 s of a screen-sized one is ~230 MB. */
const LARGE_MAX_RECORD_MS = 4000;
const FPS = 10;
const PICTURE_GAP_MS = 150;

/**
 * Content that the page's script swaps on a timer (found by `watchTimerSwaps`, an init script) is
 * recorded in real time for about two of its intervals and looped: the carousel advances, the headline
 * rotates. Where a region changes no pixel it is dropped. Regions beyond the first two, or taller than
 * the screen, are reported as shown still.
 */
export async function captureTimerSwaps(
  page: Page,
  options: TimerSwapOptions,
): Promise<{ layers: SceneLayer[]; stillReason?: string }> {
  const { viewport } = options;
  const found = (await page.evaluate(findTimerSwaps, { maxY: options.maxHeight, minSize: MIN_SIZE }))
    .map((region) => ({ ...region, rect: roundRect(region.rect) }))
    .filter((region) => !options.taken.some((t) => overlaps(t, region.rect)));
  if (found.length === 0) return { layers: [] };
  const recordable = found.filter((r) => r.rect.height <= viewport.height).slice(0, MAX_REGIONS);
  const left = found.length - recordable.length;
  const layers: SceneLayer[] = [];
  try {
    await page.evaluate(stagePinned, "hide" as const);
    for (const [index, region] of recordable.entries()) {
      const { rect } = region;
      await page.evaluate(
        (y) => window.scrollTo(0, y),
        Math.max(0, rect.y - (viewport.height - rect.height) / 2),
      );
      const large = rect.width * rect.height > 0.6 * viewport.width * viewport.height;
      const maxMs = large ? LARGE_MAX_RECORD_MS : MAX_RECORD_MS;
      const recordMs = Math.min(maxMs, Math.max(MIN_RECORD_MS, 2 * region.intervalMs + 300));
      const recorded = await recordRealTime(page, rect, {
        recordMs,
        fps: FPS,
        gapMs: PICTURE_GAP_MS,
        format: large ? "jpeg" : "png",
        fileStem: path.join(options.workDir, `${options.prefix}-swap-${index + 1}`),
        countDistinct: true,
      });
      if (recorded.distinct < 2) continue;
      layers.push({
        ...recorded.layer,
        label: `${region.label} swapped by a timer every ${(region.intervalMs / 1000).toFixed(1)} s`,
      });
    }
  } finally {
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  }
  return left > 0
    ? {
        layers,
        stillReason: `${left} more place(s) the page swaps on a timer (${found[MAX_REGIONS]?.label ?? found[0]?.label})`,
      }
    : { layers };
}

function roundRect(r: { x: number; y: number; width: number; height: number }) {
  const x = Math.max(0, Math.floor(r.x));
  const y = Math.max(0, Math.floor(r.y));
  return { x, y, width: Math.ceil(r.x + r.width) - x, height: Math.ceil(r.y + r.height) - y };
}

function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
