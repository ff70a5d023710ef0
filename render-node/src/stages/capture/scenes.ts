import type { BrowserSession } from "../../browser/browser-session";
import { UnusablePage } from "../../browser/unusable";
import type {
  CaptureScene,
  PolicyOptions,
  PreflightPlan,
  PreflightVerdict,
  SceneCapture,
} from "../../core/types";
import { fallbackFailed, fallbackFor, fallbackWarning } from "../preflight/unusable-policy";
import { captureScene } from "./scene";

/** Tallest background we scroll through; longer (and endless) pages are cut here. */
export const MAX_SCREENSHOT_HEIGHT = 8000;
/** Time a loaded page gets to become ready (consent, lazy content, embeds, fonts) before capture. */
export const SCENE_BUDGET_MS = 15_000;

export interface CaptureOptions extends PolicyOptions {
  scenes: readonly CaptureScene[];
  viewport: { width: number; height: number };
  fps: number;
  maxHeight?: number;
  sceneBudgetMs?: number;
  warnings: string[];
  onSceneCaptured?: (done: number, total: number) => void;
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
