import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Logger } from "../log";
import type { EgressGuard } from "./egress-guard";
import { errorMessage, RenderError } from "./errors";
import { FONTS_READY, IMAGES_SETTLED, IS_BLANK_PAGE, PAGE_HEIGHT, scrollThroughPage } from "./page-scripts";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Tallest screenshot we scroll through; longer pages are cut here. */
export const MAX_SCREENSHOT_HEIGHT = 8000;
const FONT_WAIT_MS = 5000;
const LAZY_WAIT_MS = 3000;
const SETTLE_MS = 250;

export interface CaptureScene {
  index: number;
  url: string;
}

export interface CapturedScene {
  index: number;
  url: string;
  capturedUrl: string;
  fallback: boolean;
  file: string;
  width: number;
  height: number;
}

export interface CaptureOptions {
  scenes: readonly CaptureScene[];
  viewport: { width: number; height: number };
  onUnusable: "fallback" | "reject";
  fallbackUrl: string | undefined;
  chromiumPath: string | undefined;
  guard: EgressGuard;
  workDir: string;
  signal: AbortSignal;
  navigationTimeoutMs: number;
  maxHeight?: number;
  warnings: string[];
  logger: Logger;
  onSceneCaptured?: (done: number, total: number) => void;
}

/** A page that cannot be used for a scene, with the reason in words. */
class UnusablePage extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    readonly blocked = false,
  ) {
    super(reason);
  }
}

/** Loads every scene in one browser and saves a full-page screenshot per scene. */
export async function captureScenes(options: CaptureOptions): Promise<CapturedScene[]> {
  const { signal } = options;
  signal.throwIfAborted();
  let browser: Browser;
  try {
    // Loaded on first use: the CLI's input errors should not wait for Playwright to load.
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: options.chromiumPath,
      args: CHROMIUM_ARGS,
      headless: true,
      chromiumSandbox: false,
      timeout: 30_000,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new RenderError(
      "missing_binary",
      "Chromium could not be started; install the chromium package or set CHROMIUM_PATH.",
      { retryable: true, details: errorMessage(error), cause: error },
    );
  }
  // Closing the browser is what makes every pending Playwright call reject at once on cancel. One close
  // promise, so the `finally` below waits for the same shutdown (a second close() returns early).
  let closing: Promise<void> | undefined;
  const closeBrowser = () => {
    closing ??= browser.close().catch(() => {});
    return closing;
  };
  const onAbort = () => void closeBrowser();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    signal.throwIfAborted();
    const context = await browser.newContext({
      viewport: options.viewport,
      deviceScaleFactor: 1,
      serviceWorkers: "block",
      ignoreHTTPSErrors: false,
    });
    await guardContext(context, options.guard);
    const captured: CapturedScene[] = [];
    for (const scene of options.scenes) {
      captured.push(await captureSceneWithPolicy(context, scene, options));
      options.onSceneCaptured?.(captured.length, options.scenes.length);
    }
    return captured;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
    await closeBrowser();
  }
}

async function guardContext(context: BrowserContext, guard: EgressGuard): Promise<void> {
  await context.route("**/*", async (route) => {
    const reason = await guard.checkUrl(route.request().url());
    try {
      if (reason) await route.abort("blockedbyclient");
      else await route.continue();
    } catch {
      // The page closed while the check ran.
    }
  });
  await context.routeWebSocket(/.*/, async (ws) => {
    const reason = await guard.checkUrl(ws.url().replace(/^ws/, "http"));
    if (reason) await ws.close({ code: 1008, reason: "blocked" });
    else ws.connectToServer();
  });
}

async function captureSceneWithPolicy(
  context: BrowserContext,
  scene: CaptureScene,
  options: CaptureOptions,
): Promise<CapturedScene> {
  const label = `Scene ${scene.index + 1}`;
  try {
    return await captureOne(context, scene, scene.url, false, options);
  } catch (error) {
    if (!(error instanceof UnusablePage) || options.signal.aborted) throw error;
    if (options.onUnusable !== "fallback" || !options.fallbackUrl) {
      const advice = error.blocked
        ? "Use a public website; for local development list the host in RENDER_ALLOW_HOSTS."
        : "Check the lead's website field, or set the campaign's onUnusable to \"fallback\" with a fallbackUrl.";
      throw new RenderError(
        error.blocked ? "page_blocked" : "page_unusable",
        `${label}: could not load ${scene.url}: ${error.reason}. ${advice}`,
        { retryable: error.retryable, cause: error },
      );
    }
    options.warnings.push(
      `${label}: ${scene.url} could not be used (${error.reason}); captured the fallback page ${options.fallbackUrl} instead.`,
    );
    options.logger.warn("scene fell back", { scene: scene.index, url: scene.url, reason: error.reason });
    try {
      return await captureOne(context, scene, options.fallbackUrl, true, options);
    } catch (fallbackError) {
      if (!(fallbackError instanceof UnusablePage) || options.signal.aborted) throw fallbackError;
      throw new RenderError(
        "page_unusable",
        `${label}: could not load ${scene.url} (${error.reason}), nor the fallback page ${options.fallbackUrl} ` +
          `(${fallbackError.reason}). Check the campaign's fallbackUrl.`,
        { retryable: fallbackError.retryable, cause: fallbackError },
      );
    }
  }
}

async function captureOne(
  context: BrowserContext,
  scene: CaptureScene,
  url: string,
  fallback: boolean,
  options: CaptureOptions,
): Promise<CapturedScene> {
  const urlProblem = await options.guard.checkUrl(url);
  if (urlProblem) throw new UnusablePage(urlProblem, false, true);

  const page = await context.newPage();
  const addressChecks: Promise<void>[] = [];
  const forbidden: string[] = [];
  page.on("response", (response) => {
    addressChecks.push(
      response
        .serverAddr()
        .then((addr) => {
          if (!addr) return;
          const reason = options.guard.checkServerAddress(new URL(response.url()).hostname, addr.ipAddress);
          if (reason) forbidden.push(`${response.url()} (${reason})`);
        })
        .catch(() => {}),
    );
  });
  const throwIfForbidden = async () => {
    await Promise.all(addressChecks);
    if (forbidden.length > 0) {
      throw new UnusablePage(`the page reached a forbidden address: ${forbidden[0]}`, false, true);
    }
  };
  try {
    await loadPage(page, url, options);
    await throwIfForbidden();
    await prepareForScreenshot(page);
    const maxHeight = options.maxHeight ?? MAX_SCREENSHOT_HEIGHT;
    const pageHeight = Number(await page.evaluate(PAGE_HEIGHT));
    const height = Math.min(Math.max(pageHeight, options.viewport.height), maxHeight);
    if (pageHeight > maxHeight) {
      options.warnings.push(
        `Scene ${scene.index + 1}: the page is ${pageHeight} px tall; only the first ${maxHeight} px are shown.`,
      );
    }
    const png = await page.screenshot({
      type: "png",
      fullPage: true,
      clip: { x: 0, y: 0, width: options.viewport.width, height },
      animations: "disabled",
      timeout: 30_000,
    });
    await throwIfForbidden();
    const file = path.join(options.workDir, `scene-${scene.index + 1}.png`);
    await writeFile(file, png);
    const size = pngSize(png);
    options.logger.info("scene captured", { scene: scene.index, url, height: size.height });
    return { index: scene.index, url: scene.url, capturedUrl: url, fallback, file, ...size };
  } finally {
    await page.close().catch(() => {});
  }
}

async function loadPage(page: Page, url: string, options: CaptureOptions): Promise<void> {
  let response: Awaited<ReturnType<Page["goto"]>>;
  try {
    response = await page.goto(url, { waitUntil: "load", timeout: options.navigationTimeoutMs });
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    const problem = describeNavigationError(errorMessage(error), options.navigationTimeoutMs);
    if (problem.blocked) {
      const reason = await options.guard.checkUrl(url);
      throw new UnusablePage(reason ?? problem.reason, false, true);
    }
    throw new UnusablePage(problem.reason, problem.retryable);
  }
  const status = response?.status() ?? 0;
  if (status >= 400) {
    const retryable = status >= 500 || status === 429 || status === 408;
    throw new UnusablePage(`the server answered HTTP ${status}`, retryable);
  }
  const blank = await page.evaluate(IS_BLANK_PAGE);
  if (blank) throw new UnusablePage("the page is blank", true);
}

/** Fonts, one pass down the page so lazy content loads, back to the top, then a short settle. */
async function prepareForScreenshot(page: Page): Promise<void> {
  await withTimeout(page.evaluate(FONTS_READY), FONT_WAIT_MS);
  await page.evaluate(scrollThroughPage(MAX_SCREENSHOT_HEIGHT, 60));
  await withTimeout(page.evaluate(IMAGES_SETTLED), LAZY_WAIT_MS);
  await page.waitForLoadState("networkidle", { timeout: LAZY_WAIT_MS }).catch(() => {});
  await page.waitForTimeout(SETTLE_MS);
}

function describeNavigationError(
  message: string,
  timeoutMs: number,
): { reason: string; retryable: boolean; blocked?: boolean } {
  const net = /net::(ERR_[A-Z_]+)/.exec(message)?.[1];
  if (net === "ERR_BLOCKED_BY_CLIENT") return { reason: "blocked", retryable: false, blocked: true };
  if (net === "ERR_NAME_NOT_RESOLVED")
    return { reason: "its domain name does not resolve (DNS)", retryable: false };
  if (net === "ERR_CONNECTION_REFUSED")
    return { reason: "the server refused the connection", retryable: true };
  if (net?.startsWith("ERR_CERT_"))
    return { reason: `its TLS certificate is not valid (${net})`, retryable: false };
  if (
    net === "ERR_TIMED_OUT" ||
    net === "ERR_CONNECTION_TIMED_OUT" ||
    /Timeout \d+ms exceeded/.test(message)
  ) {
    return {
      reason: `the page did not finish loading within ${Math.round(timeoutMs / 1000)} s`,
      retryable: true,
    };
  }
  if (net) return { reason: `the browser reported ${net}`, retryable: true };
  return { reason: message.split("\n")[0] ?? message, retryable: true };
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    // A wait that times out may reject later (page closed); that is not an error here.
    await Promise.race([promise.then(noop, noop), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function noop(): void {}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
