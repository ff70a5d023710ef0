import { type Binaries, resolveBinaries } from "../../render-node/src/binaries";
import type { RenderNodeConfigInput } from "../../render-node/src/config";
import type { Logger } from "../../render-node/src/log";

/** render-node's `/health` body (render-node/src/service/render-node.ts, `HealthBody`). */
export interface HealthBody {
  status: "ok" | "stale" | "low-disk" | "stuck" | "stopping";
  jobs: { renderId: string; stage: string; progress: number; startedAt: string }[];
  slots: { total: number; busy: number };
  lastPollAt: string | null;
  disk: { freeBytes: number; minFreeBytes: number; low: boolean; pollsSkipped: number };
  version: string;
}

/** What the tests use of a render node started in this process (`RenderNode` in render-node). */
export interface InProcessNode {
  config: { workDir: string };
  port: number;
  url: string;
  health(): Promise<{ status: number; body: HealthBody }>;
  idle(): Promise<void>;
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
}

interface RenderNodeModule {
  startRenderNode(
    config: RenderNodeConfigInput,
    deps: { logger?: Logger; fetch?: typeof fetch; binaries?: Binaries },
  ): Promise<InProcessNode>;
}

// Loaded by a specifier tsc does not follow: render-node's service sources are written against the DOM
// declarations (as render-node's own tsconfig has them), which the scripts in this program must not
// get; `tsc -p render-node` checks them.
const RENDER_NODE_PACKAGE: string = "@loom-lite/render-node";

let binaries: Promise<Binaries> | undefined;

/** `startRenderNode` of @loom-lite/render-node, with the binaries resolved once per test file. */
export async function startInProcessNode(
  config: RenderNodeConfigInput,
  deps: { logger?: Logger; fetch?: typeof fetch } = {},
): Promise<InProcessNode> {
  binaries ??= resolveBinaries();
  const { startRenderNode } = (await import(/* @vite-ignore */ RENDER_NODE_PACKAGE)) as RenderNodeModule;
  return startRenderNode(config, { ...deps, binaries: await binaries });
}
