import type { BrowserSession } from "../../browser/browser-session";
import { UnusablePage } from "../../browser/unusable";
import { RenderError } from "../../core/errors";
import type { PreflightVerdict, SceneCapture } from "../../core/types";
import type { Logger } from "../../log";
import { checkPage } from "../preflight/page-check";
import { captureScene } from "./scene";

export { CHROMIUM_ARGS } from "../../browser/browser-session";

/** Tallest background we scroll through; longer (and endless) pages are cut here. */
export const MAX_SCREENSHOT_HEIGHT = 8000;
/** Time a loaded page gets to become ready (consent, lazy content, embeds, fonts) before capture. */
export const SCENE_BUDGET_MS = 15_000;

export interface CaptureScene {
  index: number;
  url: string;
  /** Selectors of the scene's actions, merge fields filled. */
  selectors?: readonly string[];
}

interface PolicyOptions {
  onUnusable: "fallback" | "reject";
  fallbackUrl: string | undefined;
  workDir: string;
  signal: AbortSignal;
  navigationTimeoutMs: number;
  logger: Logger;
}

export interface CaptureOptions extends PolicyOptions {
  scenes: readonly CaptureScene[];
  viewport: { width: number; height: number };
  fps: number;
  maxHeight?: number;
  sceneBudgetMs?: number;
  warnings: string[];
  onSceneCaptured?: (done: number, total: number) => void;
}

/** Pre-flight verdicts per scene index: the scene's own URL, then the fallback when it stands in. */
export type PreflightPlan = Map<number, PreflightVerdict[]>;

/**
 * The quick visit of every scene URL before render time is spent. Unusable pages follow the campaign's
 * policy: the fallback page (checked as well) stands in with a warning, or the render fails with a
 * reason the user can act on.
 */
export async function preflightPages(
  session: BrowserSession,
  scenes: readonly CaptureScene[],
  options: PolicyOptions & { warnings: string[] },
  /** Filled as verdicts come in, so a caller still has them when an unusable page ends the render. */
  plan: PreflightPlan = new Map(),
): Promise<PreflightPlan> {
  const byUrl = new Map<string, Promise<PreflightVerdict>>();
  const check = (url: string, name: string) => {
    let verdict = byUrl.get(url);
    if (!verdict) {
      // Usable pages stay loaded: the capture goes on from there instead of loading them again.
      verdict = checkPage(session, url, { ...options, name, park: true });
      byUrl.set(url, verdict);
    }
    return verdict;
  };
  // All scene pages at once: a visit mostly waits for the network. Failures surface in the loop below.
  await Promise.allSettled(scenes.map((scene) => check(scene.url, String(scene.index + 1))));
  for (const scene of scenes) {
    const own = await check(scene.url, String(scene.index + 1));
    const verdicts = [own];
    plan.set(scene.index, verdicts);
    if (own.usable) {
      if (own.redirectedTo) {
        options.warnings.push(
          `Scene ${scene.index + 1}: ${scene.url} redirects to another site, ${own.redirectedTo}; that site is what the video shows.`,
        );
      }
      continue;
    }
    const failure = new UnusablePage(
      own.reason ?? "unusable",
      own.problem ?? "unreachable",
      own.retryable ?? true,
    );
    const fallback = fallbackFor(scene, failure, options);
    verdicts.push(await check(fallback, `${scene.index + 1}-fallback`));
    const stand = verdicts[1] as PreflightVerdict;
    if (!stand.usable) {
      throw fallbackFailed(
        scene,
        failure,
        options.fallbackUrl ?? fallback,
        stand.reason ?? "unusable",
        stand.retryable ?? true,
      );
    }
    options.warnings.push(fallbackWarning(scene, failure.reason, fallback));
  }
  return plan;
}

/** Captures every scene in one browser, following the pre-flight plan and the campaign's policy. */
export async function captureScenes(
  session: BrowserSession,
  plan: PreflightPlan,
  options: CaptureOptions,
): Promise<SceneCapture[]> {
  const captured: SceneCapture[] = [];
  for (const scene of options.scenes) {
    const verdicts = plan.get(scene.index) ?? [];
    const useFallback = verdicts[0]?.usable === false;
    const run = (loadUrl: string, fallback: boolean) =>
      captureScene(session, {
        index: scene.index,
        url: scene.url,
        loadUrl,
        fallback,
        selectors: scene.selectors ?? [],
        viewport: options.viewport,
        fps: options.fps,
        maxHeight: options.maxHeight ?? MAX_SCREENSHOT_HEIGHT,
        budgetMs: options.sceneBudgetMs ?? SCENE_BUDGET_MS,
        navigationTimeoutMs: options.navigationTimeoutMs,
        workDir: options.workDir,
        signal: options.signal,
        logger: options.logger,
      });
    let shot: Omit<SceneCapture, "preflight">;
    if (useFallback && options.fallbackUrl) {
      shot = await runFallback(scene, verdicts, run, options);
    } else {
      try {
        shot = await run(scene.url, false);
      } catch (error) {
        if (!(error instanceof UnusablePage) || options.signal.aborted) throw error;
        // The page changed between the pre-flight visit and now (a wall that came up late).
        const fallback = fallbackFor(scene, error, options);
        options.warnings.push(fallbackWarning(scene, error.reason, fallback));
        shot = await runFallback(scene, verdicts, run, options);
      }
    }
    options.warnings.push(...shot.warnings);
    captured.push({ ...shot, preflight: verdicts });
    options.onSceneCaptured?.(captured.length, options.scenes.length);
  }
  return captured;
}

async function runFallback(
  scene: CaptureScene,
  verdicts: PreflightVerdict[],
  run: (url: string, fallback: boolean) => Promise<Omit<SceneCapture, "preflight">>,
  options: CaptureOptions,
): Promise<Omit<SceneCapture, "preflight">> {
  const fallbackUrl = options.fallbackUrl as string;
  try {
    return await run(fallbackUrl, true);
  } catch (error) {
    if (!(error instanceof UnusablePage) || options.signal.aborted) throw error;
    const own = verdicts[0];
    const first = new UnusablePage(own?.reason ?? "unusable", own?.problem ?? "unreachable", false);
    throw fallbackFailed(scene, first, fallbackUrl, error.reason, error.retryable);
  }
}

/** The fallback URL to use for an unusable scene, or the error that ends the render. */
function fallbackFor(scene: CaptureScene, failure: UnusablePage, options: PolicyOptions): string {
  if (options.onUnusable === "fallback" && options.fallbackUrl) return options.fallbackUrl;
  throw unusableError(scene, failure);
}

export function unusableError(scene: CaptureScene, failure: UnusablePage): RenderError {
  const advice = failure.blocked
    ? "Use a public website; for local development list the host in RENDER_ALLOW_HOSTS."
    : failure.problem === "bot_wall"
      ? 'Add a fallback URL to the campaign (onUnusable "fallback") or remove the lead.'
      : "Check the lead's website field, or set the campaign's onUnusable to \"fallback\" with a fallbackUrl.";
  return new RenderError(
    failure.blocked ? "page_blocked" : "page_unusable",
    `Scene ${scene.index + 1}: could not load ${scene.url}: ${failure.reason}. ${advice}`,
    { retryable: failure.problem === "bot_wall" ? false : failure.retryable, cause: failure },
  );
}

function fallbackFailed(
  scene: CaptureScene,
  failure: UnusablePage,
  fallbackUrl: string,
  fallbackReason: string,
  retryable: boolean,
): RenderError {
  return new RenderError(
    "page_unusable",
    `Scene ${scene.index + 1}: could not load ${scene.url} (${failure.reason}), nor the fallback page ` +
      `${fallbackUrl} (${fallbackReason}). Check the campaign's fallbackUrl.`,
    { retryable },
  );
}

function fallbackWarning(scene: CaptureScene, reason: string, fallbackUrl: string): string {
  return `Scene ${scene.index + 1}: ${scene.url} could not be used (${reason}); captured the fallback page ${fallbackUrl} instead.`;
}
