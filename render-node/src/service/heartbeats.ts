import { setTimeout as sleep } from "node:timers/promises";
import type { RenderStage } from "@loom-lite/schema";
import type { Logger } from "../log";
import { type EdgeClient, LeaseLostError } from "./edge-client";

export interface HeartbeatOptions {
  edge: EdgeClient;
  renderId: string;
  fence: number;
  intervalMs: number;
  state: () => { stage: RenderStage; progress: number };
  onOk: () => void;
  onCancel: () => void;
  onLeaseLost: (error: LeaseLostError) => void;
  logger: Logger;
  /** Beats end when this aborts too: a job that was stopped must let its lease run out. */
  until: AbortSignal;
}

/** Reports stage and progress every interval until stopped; the answer may ask the node to cancel. */
export function startHeartbeats(options: HeartbeatOptions): { stop(): Promise<void> } {
  const stopper = new AbortController();
  const stopped = AbortSignal.any([stopper.signal, options.until]);
  const loop = (async () => {
    while (!stopped.aborted) {
      try {
        await sleep(options.intervalMs, undefined, { signal: stopped });
      } catch {
        return;
      }
      const { stage, progress } = options.state();
      try {
        const answer = await options.edge.heartbeat(
          options.renderId,
          { fence: options.fence, stage, progress: Math.min(1, Math.max(0, progress)) },
          stopped,
        );
        options.onOk();
        if (answer.cancel) {
          options.onCancel();
          return;
        }
      } catch (error) {
        if (stopped.aborted) return;
        if (error instanceof LeaseLostError) {
          options.onLeaseLost(error);
          return;
        }
        // The lease outlives a few missed beats; keep trying.
        options.logger.warn("heartbeat failed", { error });
      }
    }
  })();
  return {
    async stop() {
      stopper.abort();
      await loop;
    },
  };
}
