import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { sleep } from "../../browser/deadline";
import { cropPng, isFullyTransparent } from "../../browser/pixels";
import { pauseMotionIn, seekMotion } from "../../browser/scripts/animations";
import { findPinned, type PinnedElement, stagePinned } from "../../browser/scripts/pinned";
import type { SceneLayer } from "../../core/types";

/** Transparent margin kept around an element, so its shadow comes along. */
const SHADOW_MARGIN = 12;
const MAX_LAYERS = 12;
/** Scroll handlers and CSS transitions of "scrolled" header styles get this long to finish. */
const SCROLLED_SETTLE_MS = 250;
/** A pulsing chat launcher or a spinning badge in a fixed layer: recorded like the page's loops. */
const LOOP_FPS = 15;
const LOOP_MAX_PERIOD_MS = 4000;

export interface LayerCaptureOptions {
  viewport: { width: number; height: number };
  workDir: string;
  /** File name prefix, e.g. `scene-1`. */
  prefix: string;
}

/**
 * Captures the fixed and sticky elements once each, as a visitor who has scrolled a little sees them
 * (a header that turns solid once the page moves), each alone on a transparent background. Leaves them
 * marked `data-loom-pin` so the background can be taken without them.
 */
export async function captureFixedLayers(page: Page, options: LayerCaptureOptions): Promise<SceneLayer[]> {
  const { viewport } = options;
  await scrollTo(page, 0);
  const atTop = await page.evaluate(findPinned);
  const maxScroll = Number(
    await page.evaluate(() => Math.max(0, document.documentElement.scrollHeight - window.innerHeight)),
  );
  const scrolledY = Math.min(viewport.height, maxScroll);
  await scrollTo(page, scrolledY, SCROLLED_SETTLE_MS);
  const scrolled = await page.evaluate(findPinned);
  const byId = new Map<string, PinnedElement>();
  for (const el of [...atTop, ...scrolled]) byId.set(el.id, el);

  // Where each element is stuck: fixed ones anywhere, sticky ones just past their place in the flow.
  const plan = new Map<number, string[]>();
  for (const el of [...byId.values()].slice(0, MAX_LAYERS)) {
    const at =
      el.kind === "fixed"
        ? scrolledY
        : Math.min(maxScroll, Math.max(0, Math.ceil((el.naturalY ?? 0) - (el.top ?? 0)) + 1));
    const stuckAtScrolled =
      el.kind === "sticky" &&
      at <= scrolledY &&
      (el.containerBottom ?? 0) - (el.rect.height + (el.top ?? 0)) > scrolledY;
    const key = el.kind === "fixed" || stuckAtScrolled ? scrolledY : at;
    plan.set(key, [...(plan.get(key) ?? []), el.id]);
  }

  const layers: SceneLayer[] = [];
  try {
    for (const [scrollY, ids] of [...plan.entries()].sort((a, b) => a[0] - b[0])) {
      await scrollTo(page, scrollY, scrollY === scrolledY ? 0 : SCROLLED_SETTLE_MS);
      const now = new Map((await page.evaluate(findPinned)).map((el) => [el.id, el]));
      await page.evaluate(stagePinned, "isolate" as const);
      const shot = await page.screenshot({ type: "png", omitBackground: true, timeout: 15_000 });
      await page.evaluate(stagePinned, "restore" as const);
      for (const id of ids) {
        const el = now.get(id) ?? byId.get(id);
        if (!el) continue;
        const crop = await cropPng(shot, {
          x: el.rect.x - SHADOW_MARGIN,
          y: el.rect.y - SHADOW_MARGIN,
          width: el.rect.width + 2 * SHADOW_MARGIN,
          height: el.rect.height + 2 * SHADOW_MARGIN,
        });
        if (!crop || (await isFullyTransparent(crop.png))) continue;
        const file = path.join(options.workDir, `${options.prefix}-layer-${layers.length + 1}.png`);
        await writeFile(file, crop.png);
        const loop = await recordLayerLoop(page, id, crop, scrollY, file);
        const base = {
          file: loop?.frames[0] ?? file,
          x: crop.x,
          y: crop.y,
          width: crop.width,
          height: crop.height,
          label: el.label,
          ...loop,
        };
        if (el.kind === "fixed") {
          layers.push({ ...base, mode: "viewport" });
        } else {
          const dy = el.rect.y - crop.y;
          const top = (el.top ?? 0) - dy;
          const naturalY = (el.naturalY ?? 0) - dy;
          const bottom = (el.containerBottom ?? 0) - el.rect.height - dy + crop.height;
          layers.push({
            ...base,
            mode: "sticky",
            y: Math.round(naturalY),
            sticky: { top, bottom: Math.round(bottom) },
          });
        }
      }
    }
  } finally {
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await scrollTo(page, 0);
  }
  return layers;
}

/**
 * Frames of a fixed element's own animation, alone on a transparent background like its still: the
 * animations inside it are paused and seeked one frame at a time. Undefined when nothing moves there.
 */
async function recordLayerLoop(
  page: Page,
  id: string,
  crop: { x: number; y: number; width: number; height: number },
  scrollY: number,
  stillFile: string,
): Promise<{ frames: string[]; fps: number } | undefined> {
  const selector = `[data-loom-pin="${id}"]`;
  const periodMs = await page.evaluate(pauseMotionIn, { selector, maxPeriodMs: LOOP_MAX_PERIOD_MS });
  if (periodMs <= 0) return undefined;
  let cdp: CDPSession | undefined;
  try {
    cdp = await page.context().newCDPSession(page);
    await page.evaluate(stagePinned, "isolate" as const);
    await cdp.send("Emulation.setDefaultBackgroundColorOverride", { color: { r: 0, g: 0, b: 0, a: 0 } });
    const frames: string[] = [];
    const count = Math.max(2, Math.round((periodMs / 1000) * LOOP_FPS));
    const rect = { x: crop.x, y: crop.y + scrollY, width: crop.width, height: crop.height };
    for (let k = 0; k < count; k++) {
      await page.evaluate(seekMotion, { rect, t: (k * 1000) / LOOP_FPS });
      const shot = (await cdp.send("Page.captureScreenshot", {
        format: "png",
        clip: { ...rect, scale: 1 },
      })) as {
        data: string;
      };
      const file = stillFile.replace(/\.png$/, `-${String(k).padStart(3, "0")}.png`);
      await writeFile(file, Buffer.from(shot.data, "base64"));
      frames.push(file);
    }
    await page.evaluate(seekMotion, { rect, t: 0 });
    return { frames, fps: LOOP_FPS };
  } finally {
    await cdp?.send("Emulation.setDefaultBackgroundColorOverride", {}).catch(() => {});
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await cdp?.detach().catch(() => {});
  }
}

async function scrollTo(page: Page, y: number, settleMs = 0): Promise<void> {
  await page.evaluate(
    (top) =>
      new Promise<void>((resolve) => {
        window.scrollTo(0, top);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        setTimeout(resolve, 200);
      }),
    y,
  );
  if (settleMs > 0) await sleep(settleMs);
}
