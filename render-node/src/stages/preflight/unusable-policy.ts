import type { UnusablePage } from "../../browser/unusable";
import { RenderError } from "../../core/errors";
import type { CaptureScene, PolicyOptions } from "../../core/types";

/** The fallback URL to use for an unusable scene, or the error that ends the render. */
export function fallbackFor(scene: CaptureScene, failure: UnusablePage, options: PolicyOptions): string {
  if (options.onUnusable === "fallback" && options.fallbackUrl) return options.fallbackUrl;
  throw unusableError(scene, failure);
}

function unusableError(scene: CaptureScene, failure: UnusablePage): RenderError {
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

export function fallbackFailed(
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

export function fallbackWarning(scene: CaptureScene, reason: string, fallbackUrl: string): string {
  return `Scene ${scene.index + 1}: ${scene.url} could not be used (${reason}); captured the fallback page ${fallbackUrl} instead.`;
}
