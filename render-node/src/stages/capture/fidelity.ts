import type { Page } from "playwright-core";
import { type Deadline, settleWithin, sleep } from "../../browser/deadline";
import { type ConsentResult, dismissConsent } from "../../browser/scripts/consent";
import {
  decodeImages,
  dispatchFirstInteraction,
  fontsReady,
  forceLazyContent,
  framePainted,
  normaliseScrolling,
  scrollThrough,
} from "../../browser/scripts/lazy";
import { watchReveals } from "../../browser/scripts/reveal";
import type { NetworkTracker } from "./network-idle";

export interface FidelityOptions {
  deadline: Deadline;
  /** Tallest document the capture keeps; the scroll pass stops there (infinite scroll). */
  maxHeight: number;
  /** Pause on each scroll step so observers and embeds react. */
  scrollPauseMs?: number;
}

export interface FidelityReport {
  consent: ConsentResult;
  /** The page scrolled inside a full-height container, which was unwrapped. */
  unwrapped: boolean;
  /** Document height when the scroll pass ended. */
  heightSeen: number;
  /** Embedded frames that were still empty when the wait ran out (their URLs). */
  emptyFrames: string[];
  brokenImages: number;
  networkIdle: boolean;
}

/** What the steps after the scroll pass may use at most, each; they share what is left of the budget. */
const FONT_WAIT_MS = 3000;
const FRAME_PAINT_WAIT_MS = 4000;
const IMAGE_WAIT_MS = 3000;
const NETWORK_QUIET_MS = 400;
const NETWORK_WAIT_MS = 2500;
/** Kept back from the scroll pass for the waits after it. */
const AFTER_SCROLL_RESERVE_MS = 5000;

/**
 * Brings a loaded page to what a visitor sees after a moment on it: a first interaction, consent
 * banners gone, lazy images/backgrounds/embeds loaded by a scroll pass, fonts ready in every frame,
 * embeds painted, images decoded, the network quiet. Every wait is capped and the whole runs within
 * the scene's deadline; whatever is not ready by then is captured as it is.
 */
export async function prepareForCapture(
  page: Page,
  network: NetworkTracker,
  options: FidelityOptions,
): Promise<FidelityReport> {
  const { deadline } = options;
  await firstInteraction(page);
  const consent = await handleConsent(page);
  // After consent: a banner's scroll lock would otherwise look like a page that does not scroll.
  const unwrapped = (await page.evaluate(normaliseScrolling).catch(() => false)) === true;
  await inFrames(page, forceLazyContent, undefined, 1000);
  await page.evaluate(watchReveals).catch(() => {});
  const heightSeen = Number(
    await page
      .evaluate(scrollThrough, {
        limitPx: options.maxHeight,
        pauseMs: options.scrollPauseMs ?? 100,
        untilMs: Date.now() + deadline.remaining() - AFTER_SCROLL_RESERVE_MS,
      })
      .catch(() => 0),
  );
  await inFrames(page, forceLazyContent, undefined, 1000);
  // Banners that appear late or on scroll.
  mergeConsent(consent, await handleConsent(page));
  await settleWithin(inFrames(page, fontsReady, undefined, FONT_WAIT_MS), deadline.cap(FONT_WAIT_MS));
  const emptyFrames = await waitForFramesToPaint(page, deadline.cap(FRAME_PAINT_WAIT_MS));
  let brokenImages = 0;
  await settleWithin(
    page.evaluate(decodeImages).then((r) => {
      brokenImages = r.broken;
    }),
    deadline.cap(IMAGE_WAIT_MS),
  );
  const networkIdle = await network.idle(NETWORK_QUIET_MS, deadline.cap(NETWORK_WAIT_MS));
  // Images that the last requests brought.
  await settleWithin(page.evaluate(decodeImages), deadline.cap(1000));
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  await sleep(100);
  return { consent, unwrapped, heightSeen, emptyFrames, brokenImages, networkIdle };
}

/**
 * Trusted mouse and keyboard input (what a visitor's first move produces) plus the untrusted events
 * some loaders listen for on window/document.
 */
async function firstInteraction(page: Page): Promise<void> {
  await page.mouse.move(8, 8).catch(() => {});
  await page.mouse.move(64, 48, { steps: 3 }).catch(() => {});
  await page.keyboard.press("Shift").catch(() => {});
  await page.evaluate(dispatchFirstInteraction).catch(() => {});
}

async function handleConsent(page: Page): Promise<ConsentResult> {
  const result: ConsentResult = { clicked: [], hidden: [], unlocked: false };
  for (const frame of page.frames()) {
    const top = frame === page.mainFrame();
    const done = await withFrameTimeout(frame.evaluate(dismissConsent, top), 1500);
    if (done) mergeConsent(result, done);
  }
  if (result.clicked.length > 0) {
    // A CMP animates out or reloads its frame after the click; then hide what it left.
    await sleep(300);
    const again = await withFrameTimeout(page.evaluate(dismissConsent, true), 1500);
    if (again) {
      result.hidden.push(...again.hidden);
      result.unlocked ||= again.unlocked;
    }
  }
  return result;
}

function mergeConsent(into: ConsentResult, from: ConsentResult): void {
  into.clicked.push(...from.clicked);
  into.hidden.push(...from.hidden);
  into.unlocked ||= from.unlocked;
}

/** Runs `fn` in every frame of the page (a frame that fails or hangs is skipped). */
async function inFrames<A, R>(
  page: Page,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
  capMs: number,
): Promise<void> {
  await Promise.all(
    page.frames().map((frame) => withFrameTimeout(frame.evaluate(fn as (arg: unknown) => R, arg), capMs)),
  );
}

async function withFrameTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.catch(() => undefined),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits until each visible embedded frame paints something. Scheduling and form embeds draw only while
 * they are visible and intersecting, and Chromium stops animation frames in iframes outside the
 * viewport, so each empty one is scrolled into view and watched there. Returns the URLs of frames still
 * empty at the end.
 */
async function waitForFramesToPaint(page: Page, maxMs: number): Promise<string[]> {
  const end = Date.now() + maxMs;
  const empty: string[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    const element = await withFrameTimeout(frame.frameElement(), 500);
    const box = element ? await withFrameTimeout(element.boundingBox(), 500) : null;
    if (!element || !box || box.width < 50 || box.height < 50) continue;
    if (await withFrameTimeout(frame.evaluate(framePainted), 500)) continue;
    await withFrameTimeout(element.scrollIntoViewIfNeeded({ timeout: 1000 }), 1000);
    let painted = false;
    while (!painted && Date.now() < end && !frame.isDetached()) {
      await sleep(100);
      painted = (await withFrameTimeout(frame.evaluate(framePainted), 500)) === true;
    }
    if (!painted && !frame.isDetached()) empty.push(frame.url());
  }
  return empty;
}
