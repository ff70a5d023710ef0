import type { FallbackScene } from "@loom-lite/schema";

/** Why a finished video is of the campaign's fallback page rather than the lead's own site. */
export function fallbackReason(fallbacks: readonly FallbackScene[]): string {
  return fallbacks.map((f) => `Scene ${f.scene}: ${f.url} could not be used (${f.reason})`).join("; ");
}

/** Marks a video of the fallback page, with the reason on hover and for screen readers. */
export function FallbackBadge({ fallbacks }: { fallbacks: readonly FallbackScene[] | undefined }) {
  if (!fallbacks || fallbacks.length === 0) return null;
  const reason = fallbackReason(fallbacks);
  return (
    <span className="badge held" title={reason}>
      fallback page<span className="sr-only">: {reason}</span>
    </span>
  );
}
