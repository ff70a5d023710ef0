import type { BrowserSession } from "../../browser/browser-session";
import { UnusablePage } from "../../browser/unusable";
import type { CaptureScene, PolicyOptions, PreflightPlan, PreflightVerdict } from "../../core/types";
import { checkPage } from "./page-check";
import { fallbackFailed, fallbackFor, fallbackWarning } from "./unusable-policy";

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
