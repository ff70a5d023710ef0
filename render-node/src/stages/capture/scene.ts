import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import type { BlockedMark, BrowserSession } from "../../browser/browser-session";
import { Deadline, settleWithin } from "../../browser/deadline";
import { loadPage } from "../../browser/page-load";
import { judgePage } from "../../browser/page-verdict";
import { screenshot } from "../../browser/screenshot";
import { freezeMotion } from "../../browser/scripts/animations";
import { anchorFixedBackgrounds } from "../../browser/scripts/backgrounds";
import { stagePinned } from "../../browser/scripts/pinned";
import { keepRevealed, releaseReveals } from "../../browser/scripts/reveal";
import { locateTargets } from "../../browser/scripts/targets";
import { inspectPage } from "../../browser/scripts/wall";
import { UnusablePage } from "../../browser/unusable";
import { withPageWatchdog } from "../../browser/watchdog";
import { errorMessage } from "../../core/errors";
import type { SceneCapture, SceneLayer } from "../../core/types";
import type { Logger } from "../../log";
import { captureCanvasLoops } from "./canvas-motion";
import { prepareForCapture } from "./fidelity";
import { captureFixedBackgrounds } from "./fixed-backgrounds";
import { captureFixedLayers } from "./layers";
import { captureMotionLoops } from "./motion-loops";
import { NetworkTracker } from "./network-idle";
import { captureTimerSwaps } from "./timer-swaps";

export interface SceneCaptureOptions {
  index: number;
  /** The scene URL after merge fields. */
  url: string;
  /** What is loaded: `url`, or the campaign's fallback page. */
  loadUrl: string;
  fallback: boolean;
  /** Selectors of the scene's actions, merge fields filled. */
  selectors: readonly string[];
  viewport: { width: number; height: number };
  fps: number;
  maxHeight: number;
  /** Time the page gets to become ready once loaded (consent, lazy content, embeds, fonts). */
  budgetMs: number;
  navigationTimeoutMs: number;
  workDir: string;
  signal: AbortSignal;
  logger: Logger;
}

/** Load-event wait after the document arrived; a page that keeps loading is used as it is. */
const LOAD_CAP_MS = 5000;
const LOOP_FPS = 15;
const CANVAS_FPS = 10;
const LOOP_MAX_FRAMES = 150;
const LOOP_DEADLINE_MS = 12_000;
const PICTURES_MS = 60_000;

/**
 * One scene, from loading the page to the pictures compose needs: the tall background with fixed and
 * sticky elements hidden, those elements as layers, loops of what moves, and where the actions point.
 * A page that turns out to be a wall, an error or blank throws `UnusablePage` (checked when it loads
 * and again right before the pictures are taken).
 */
export async function captureScene(
  session: BrowserSession,
  options: SceneCaptureOptions,
): Promise<Omit<SceneCapture, "preflight">> {
  const parked = session.takeParked(options.loadUrl);
  const page = parked?.page ?? (await session.newPage());
  const network = new NetworkTracker(page);
  const mark = parked?.mark ?? session.blockedMark();
  // Loading, the ready budget, then the pictures (a tall screenshot on a loaded machine takes a while).
  const hardLimitMs = options.navigationTimeoutMs + options.budgetMs + PICTURES_MS;
  try {
    return await withPageWatchdog(page, hardLimitMs, () =>
      captureLoaded(session, page, network, mark, options, parked !== undefined),
    );
  } finally {
    network.dispose();
    await settleWithin(page.close(), 5000);
  }
}

async function captureLoaded(
  session: BrowserSession,
  page: Page,
  network: NetworkTracker,
  mark: BlockedMark,
  options: SceneCaptureOptions,
  /** The pre-flight visit already loaded and judged this page. */
  loaded: boolean,
): Promise<Omit<SceneCapture, "preflight">> {
  const prefix = `scene-${options.index + 1}`;
  const warnings: string[] = [];
  const label = `Scene ${options.index + 1}`;
  if (loaded) {
    await page.bringToFront();
  } else {
    const deadline = new Deadline(options.navigationTimeoutMs + options.budgetMs);
    const response = await loadPage(session, page, options.loadUrl, {
      navigationTimeoutMs: options.navigationTimeoutMs,
      deadline,
      signal: options.signal,
      loadCapMs: LOAD_CAP_MS,
    });
    await judgePage(page, response);
  }
  const ready = new Deadline(options.budgetMs);
  const fidelity = await prepareForCapture(page, network, {
    deadline: ready,
    maxHeight: options.maxHeight,
  });
  options.logger.info("scene ready", {
    scene: options.index,
    ms: options.budgetMs - ready.remaining(),
    ...fidelity,
  });
  if (fidelity.emptyFrames.length > 0) {
    warnings.push(`${label}: an embedded frame stayed empty (${fidelity.emptyFrames[0]}).`);
  }
  await assertStillUsable(page, options.loadUrl);

  const lap = stopwatch();
  const layers = await captureFixedLayers(page, {
    viewport: options.viewport,
    workDir: options.workDir,
    prefix,
  });
  const layersMs = lap();
  const motion = await captureMotionLoops(page, {
    viewport: options.viewport,
    maxHeight: options.maxHeight,
    workDir: options.workDir,
    prefix,
    fps: LOOP_FPS,
    maxFrames: LOOP_MAX_FRAMES,
    deadlineMs: LOOP_DEADLINE_MS,
  });
  const canvases = motion.liveReason
    ? { layers: [] }
    : await captureCanvasLoops(page, {
        viewport: options.viewport,
        maxHeight: options.maxHeight,
        workDir: options.workDir,
        prefix,
        fps: CANVAS_FPS,
      });
  const swaps = await captureTimerSwaps(page, {
    viewport: options.viewport,
    maxHeight: options.maxHeight,
    workDir: options.workDir,
    prefix,
    taken: [...motion.layers, ...canvases.layers],
  });
  const liveReason = motion.liveReason ?? canvases.liveReason ?? swaps.stillReason;
  const motionMs = lap();
  // After the layers and loops, which scroll the page and so hide reveal-on-scroll content again.
  const revealed = Number(await page.evaluate(keepRevealed).catch(() => 0));
  await page.evaluate(freezeMotion);
  const targets = await page.evaluate(locateTargets, [...options.selectors]);
  for (const [selector, box] of Object.entries(targets)) {
    if (!box) warnings.push(`${label}: "${selector}" is not on the page; its action is skipped.`);
  }
  const { background, fixedBackgrounds } = await captureBackground(page, options, prefix, warnings);
  await page.evaluate(releaseReveals).catch(() => {});
  options.logger.info("scene captured", {
    scene: options.index,
    layersMs,
    motionMs,
    revealed,
    backgroundMs: lap(),
    height: background.height,
  });

  const blocked = session.blockedSince(mark);
  if (blocked.length > 0) {
    warnings.push(
      `${label}: ${blocked.length} request(s) to forbidden addresses were refused, e.g. ${blocked[0]?.url} (${blocked[0]?.reason}).`,
    );
  }
  const capture: Omit<SceneCapture, "preflight"> = {
    index: options.index,
    url: options.url,
    capturedUrl: options.loadUrl,
    fallback: options.fallback,
    background,
    fixedLayers: layers,
    animatedLayers: [...fixedBackgrounds, ...motion.layers, ...canvases.layers, ...swaps.layers],
    targets,
    mode: liveReason ? "live" : "layers",
    warnings,
  };
  if (liveReason) {
    capture.liveReason = liveReason;
    warnings.push(`${label}: ${liveReason}; that motion is shown still.`);
  }
  return capture;
}

/** The re-check right before the pictures: a wall that came up late, a page that navigated away. */
async function assertStillUsable(page: Page, url: string): Promise<void> {
  const protocol = new URL(page.url()).protocol;
  if (protocol !== "http:" && protocol !== "https:") {
    throw new UnusablePage(`the page navigated to a ${protocol} address`, "blocked", false);
  }
  const look = await page.evaluate(inspectPage);
  if (look.wall) {
    const host = new URL(url).hostname;
    throw new UnusablePage(
      `${host} shows a human-verification wall to automated visitors (${look.wall})`,
      "bot_wall",
      false,
      { finalUrl: page.url() },
    );
  }
}

async function captureBackground(
  page: Page,
  options: SceneCaptureOptions,
  prefix: string,
  warnings: string[],
): Promise<{ background: SceneCapture["background"]; fixedBackgrounds: SceneLayer[] }> {
  const pageHeight = Number(
    await page.evaluate(() =>
      Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0),
    ),
  );
  const height = Math.min(Math.max(pageHeight, options.viewport.height), options.maxHeight);
  if (pageHeight > options.maxHeight) {
    warnings.push(
      `Scene ${options.index + 1}: the page is ${pageHeight} px tall (or keeps growing); only the first ${options.maxHeight} px are shown.`,
    );
  }
  await page.evaluate(stagePinned, "hide" as const);
  try {
    // A layer a visitor would see, not a condition of the picture: without it the sections scroll with the page.
    const fixed = await captureFixedBackgrounds(page, {
      viewport: options.viewport,
      maxHeight: height,
      workDir: options.workDir,
      prefix,
    }).catch((error: unknown) => {
      warnings.push(
        `Scene ${options.index + 1}: the fixed backgrounds could not be captured (${errorMessage(error)}); they scroll with the page.`,
      );
      return { layers: [], left: false };
    });
    if (fixed.left) {
      warnings.push(
        `Scene ${options.index + 1}: the page has more sections with a fixed background than are shown as a visitor sees them; the others scroll with the page.`,
      );
    }
    await page.evaluate(anchorFixedBackgrounds, "anchor" as const).catch(() => 0);
    const png = await screenshot(page, {
      format: "png",
      clip: { x: 0, y: 0, width: options.viewport.width, height },
      beyondViewport: true,
    });
    const file = path.join(options.workDir, `${prefix}.png`);
    await writeFile(file, png);
    return {
      background: { file, width: png.readUInt32BE(16), height: png.readUInt32BE(20) },
      fixedBackgrounds: fixed.layers,
    };
  } finally {
    await page.evaluate(stagePinned, "restore" as const).catch(() => {});
    await page.evaluate(anchorFixedBackgrounds, "restore" as const).catch(() => 0);
  }
}

/** Milliseconds since the last call (or since it was made). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    return ms;
  };
}
