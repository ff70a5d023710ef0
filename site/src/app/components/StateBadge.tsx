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
  blocked_quota: "held",
};

/** What a state is called on screen; a held render waits for the workspace's minutes. */
const LABEL: Partial<Record<RenderState, string>> = { blocked_quota: "held (limit)" };

export function StateBadge({ state }: { state: RenderState | null }) {
  if (state === null) return <span className="badge">not rendered</span>;
  return <span className={`badge ${TONE[state] ?? ""}`}>{LABEL[state] ?? state}</span>;
}
