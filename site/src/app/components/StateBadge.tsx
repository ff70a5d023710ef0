import type { RenderState } from "@loom-lite/schema";

const TONE: Record<RenderState, string> = {
  queued: "queued",
  claimed: "active",
  capturing: "active",
  composing: "active",
  uploading: "active",
  done: "done",
  failed: "failed",
  cancelled: "cancelled",
};

export function StateBadge({ state }: { state: RenderState | null }) {
  if (state === null) return <span className="badge">not rendered</span>;
  return <span className={`badge ${TONE[state] ?? ""}`}>{state}</span>;
}
