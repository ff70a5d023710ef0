import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { CDPSession, Page } from "playwright-core";
import sharp from "sharp";
import { sleep } from "../../browser/deadline";
import { cropPng, isFullyTransparent } from "../../browser/pixels";
import { pauseMotionIn, seekMotion } from "../../browser/scripts/animations";
import { findPinned, type PinnedElement, pinnedLooks, stagePinned } from "../../browser/scripts/pinned";
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

/** Where the probes for the scroll offset at which a pinned element changes its look are taken. */
const LOOK_PROBES = [
  ...Array.from({ length: 10 }, (_, i) => 16 * (i + 1)),
  ...Array.from({ length: 40 }, (_, i) => 160 + 48 * (i + 1)),
];

interface LookTurn {
  /** The scroll offset from which it no longer looks as at the top. */
  at: number;
  visibleAtTop: boolean;
  /** It keeps changing past `at` (a reading-progress bar): captured at several offsets. */
  follows: boolean;
}

/** Offsets at which an element that follows the scroll is captured, over the whole page. */
const FOLLOW_STEPS = 6;

interface PlannedPin {
  id: string;
  /** Scroll offsets the layer is shown at (see SceneLayer.scrollRange). */
  range?: { from?: number; until?: number };
  /**
   * One of several looks of an element that changes with the scroll (at the top, at an offset): said
   * in its label, and no loop recorded.
   */
  look?: string;
  /** One of the looks of an element that keeps changing with the scroll (see `growingLayer`). */
  follows?: true;
}

/** A look of an element that follows the scroll: where it was and the layer taken of it, if any. */
interface FollowLook {
  scrollY: number;
  /** Viewport px; null where the element was not shown at all (a bar of zero length). */
  rect: PinnedElement["rect"] | null;
  layer?: SceneLayer;
}

/**
 * Captures the fixed and sticky elements, each alone on a transparent background, as a visitor who has
 * scrolled a little sees them (a header that turns solid once the page moves). An element that looks
 * different at the top of the page (or only shows there, or only once scrolled) is captured at the top
 * as well, and the two layers take turns at the scroll offset where its look changes. Leaves them
 * marked `data-loom-pin` so the background can be taken without them.
 */
export async function captureFixedLayers(page: Page, options: LayerCaptureOptions): Promise<SceneLayer[]> {
  const { viewport } = options;
  await scrollTo(page, 0);
  const atTop = await page.evaluate(findPinned);
  const topLooks = await page.evaluate(
    pinnedLooks,
    atTop.map((el) => el.id),
  );
  const maxScroll = Number(
    await page.evaluate(() => Math.max(0, document.documentElement.scrollHeight - window.innerHeight)),
  );
  const scrolledY = Math.min(viewport.height, maxScroll);
  await scrollTo(page, scrolledY, SCROLLED_SETTLE_MS);
  const scrolled = await page.evaluate(findPinned);
  const byId = new Map<string, PinnedElement>();
  for (const el of [...atTop, ...scrolled]) byId.set(el.id, el);
  const kept = [...byId.values()].slice(0, MAX_LAYERS);

  // Where each element is stuck: fixed ones anywhere, sticky ones just past their place in the flow.
  const plan = new Map<number, PlannedPin[]>();
  const add = (scrollY: number, pin: PlannedPin) => plan.set(scrollY, [...(plan.get(scrollY) ?? []), pin]);
  const atScrolled: string[] = [];
  for (const el of kept) {
    const at =
      el.kind === "fixed"
        ? scrolledY
        : Math.min(maxScroll, Math.max(0, Math.ceil((el.naturalY ?? 0) - (el.top ?? 0)) + 1));
    const stuckAtScrolled =
      el.kind === "sticky" &&
      at <= scrolledY &&
      (el.containerBottom ?? 0) - (el.rect.height + (el.top ?? 0)) > scrolledY;
    if (el.kind === "fixed" || stuckAtScrolled) atScrolled.push(el.id);
    else add(at, { id: el.id });
  }
  const turns = scrolledY > 0 ? await lookTurns(page, atScrolled, topLooks, scrolledY) : new Map();
  for (const id of atScrolled) {
    const turn = turns.get(id);
    if (!turn) {
      add(scrolledY, { id });
      continue;
    }
    if (turn.follows && byId.get(id)?.kind === "fixed") {
      // One picture per offset, each shown from halfway after the one before to halfway before the next.
      const offsets = Array.from({ length: FOLLOW_STEPS + 1 }, (_, i) =>
        Math.round((maxScroll * i) / FOLLOW_STEPS),
      );
      offsets.forEach((y, i) => {
        const from = i === 0 ? undefined : Math.round((y + (offsets[i - 1] as number)) / 2);
        const until = i === FOLLOW_STEPS ? undefined : Math.round((y + (offsets[i + 1] as number)) / 2);
        add(y, {
          id,
          range: { ...(from !== undefined ? { from } : {}), ...(until !== undefined ? { until } : {}) },
          look: `scrolled ${y} px`,
          follows: true,
        });
      });
      continue;
    }
    if (turn.visibleAtTop) add(0, { id, range: { until: turn.at }, look: "at the top" });
    add(scrolledY, { id, range: { from: turn.at } });
  }
  let layers: SceneLayer[] = [];
  const followLooks = new Map<string, FollowLook[]>();
  try {
    // The page is at `scrolledY`, settled (lookTurns comes back there).
    let current = scrolledY;
    for (const [scrollY, pins] of [...plan.entries()].sort((a, b) => a[0] - b[0])) {
      await scrollTo(page, scrollY, scrollY === current ? 0 : SCROLLED_SETTLE_MS);
      current = scrollY;
      const now = new Map((await page.evaluate(findPinned)).map((el) => [el.id, el]));
      await page.evaluate(stagePinned, "isolate" as const);
      const shot = await page.screenshot({ type: "png", omitBackground: true, timeout: 15_000 });
      await page.evaluate(stagePinned, "restore" as const);
      for (const { id, range, look, follows } of pins) {
        const el = now.get(id) ?? byId.get(id);
        const followed: FollowLook = { scrollY, rect: now.get(id)?.rect ?? null };
        if (follows) followLooks.set(id, [...(followLooks.get(id) ?? []), followed]);
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
        const loop = look ? undefined : await recordLayerLoop(page, id, crop, scrollY, file);
        const base = {
          file: loop?.frames[0] ?? file,
          x: crop.x,
          y: crop.y,
          width: crop.width,
          height: crop.height,
          label: look ? `${el.label} (${look})` : el.label,
          ...loop,
          ...(range ? { scrollRange: range } : {}),
        };
        if (el.kind === "fixed") {
          followed.layer = { ...base, mode: "viewport" };
          layers.push(followed.layer);
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
    for (const looks of followLooks.values()) {
      const growing = await growingLayer(looks);
      if (!growing) continue;
      const replaced = new Set(looks.map((l) => l.layer));
      layers = [...layers.filter((l) => !replaced.has(l)), growing];
    }
  } finally {
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await scrollTo(page, 0);
  }
  return layers;
}

/**
 * An element whose looks over the page are one bar growing from its left or top edge with the scroll
 * (a reading-progress bar) becomes one layer: its longest look, shown as long as it is at each scroll
 * offset, the length interpolated between the offsets measured. Anything else keeps its looks
 * taking turns.
 */
async function growingLayer(looks: FollowLook[]): Promise<SceneLayer | null> {
  const last = looks.at(-1);
  const longest = last?.layer;
  if (!longest || !last?.rect || looks.length < 3) return null;
  const shown = looks.flatMap((l) => (l.rect && l.rect.width >= 1 && l.rect.height >= 1 ? [l.rect] : []));
  const same = (a: number, b: number) => Math.abs(a - b) <= 1;
  const axis = (["x", "y"] as const).find((a) => {
    const [length, across, acrossLength] =
      a === "x" ? (["width", "y", "height"] as const) : (["height", "x", "width"] as const);
    const first = shown[0];
    if (!first || shown.length < 2 || (shown.at(-1)?.[length] ?? 0) < first[length] + 2) return false;
    return shown.every(
      (r, i) =>
        same(r[a], first[a]) &&
        same(r[across], first[across]) &&
        same(r[acrossLength], first[acrossLength]) &&
        r[length] >= (shown[i - 1]?.[length] ?? 0),
    );
  });
  if (!axis) return null;
  const origin = axis === "x" ? longest.x : longest.y;
  const at = looks.map((l) => ({
    scrollY: l.scrollY,
    length: l.rect
      ? Math.max(0, (axis === "x" ? l.rect.x + l.rect.width : l.rect.y + l.rect.height) - origin)
      : 0,
  }));
  // Its own alpha, as the mask takes the place of the layer's alpha (its shadow margin stays clear).
  const mask = longest.file.replace(/\.png$/, "-grows.png");
  await sharp(longest.file).ensureAlpha().extractChannel("alpha").png().toFile(mask);
  const { scrollRange: _turns, ...layer } = longest;
  return {
    ...layer,
    label: longest.label.replace(/ \(scrolled \d+ px\)$/, " (grows with the scroll)"),
    growth: { axis, mask, at },
  };
}

/**
 * Which of `ids` (elements shown where they stick once scrolled) look different at the top of the page
 * than at `scrolledY`, each with the scroll offset where its look changes: the first probe, scrolling
 * down from the top (a header that hides on the way down and shows on the way up answers to the
 * direction), at which it has left its look at the top. Empty when none changes.
 */
async function lookTurns(
  page: Page,
  ids: string[],
  topLooks: Record<string, string>,
  scrolledY: number,
): Promise<Map<string, LookTurn>> {
  if (ids.length === 0) return new Map();
  const scrolledLooks = await page.evaluate(pinnedLooks, ids);
  // Elements first found once scrolled: their look at the top has not been seen yet.
  const unseen = ids.filter((id) => topLooks[id] === undefined);
  const top = { ...topLooks };
  if (unseen.length > 0) {
    await scrollTo(page, 0, SCROLLED_SETTLE_MS);
    Object.assign(top, await page.evaluate(pinnedLooks, unseen));
  }
  const changed = new Set(ids.filter((id) => (top[id] ?? "") !== (scrolledLooks[id] ?? "")));
  if (changed.size === 0) {
    if (unseen.length > 0) await scrollTo(page, scrolledY, SCROLLED_SETTLE_MS);
    return new Map();
  }
  const turns = new Map<string, LookTurn>();
  for (const id of changed) {
    turns.set(id, { at: scrolledY, visibleAtTop: (top[id] ?? "") !== "", follows: false });
  }
  await scrollTo(page, 0, unseen.length > 0 ? 0 : SCROLLED_SETTLE_MS);
  let watched = [...changed];
  for (const y of LOOK_PROBES) {
    if (y >= scrolledY || watched.length === 0) break;
    await scrollTo(page, y);
    const looks = await page.evaluate(pinnedLooks, watched);
    const turned = watched.filter((id) => looks[id] !== (top[id] ?? ""));
    for (const id of turned) {
      // A look that changes again between here and `scrolledY`: it follows the scroll (a progress bar).
      const follows = (looks[id] ?? "") !== (scrolledLooks[id] ?? "");
      turns.set(id, { at: y, visibleAtTop: (top[id] ?? "") !== "", follows });
    }
    watched = watched.filter((id) => !turned.includes(id));
  }
  await scrollTo(page, scrolledY, SCROLLED_SETTLE_MS);
  return turns;
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
