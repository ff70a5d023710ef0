import path from "node:path";
import { prefixedLogger } from "./log";
import { repoRoot } from "./paths";
import { type ManagedProcess, spawnManaged, waitForHttp } from "./processes";

export interface StartRenderNodeOptions {
  edgeUrl: string;
  token: string;
  /** Health and metrics port. */
  port: number;
  /** More of the node's environment: WORK_DIR (absolute), SLOTS, RENDER_ALLOW_HOSTS, HEARTBEAT_MS, … */
  env?: Record<string, string>;
  /** Shown in the log prefix; several nodes in one test read better with names. */
  name?: string;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** How long SIGTERM may take to drain before SIGKILL. */
  stopGraceMs?: number;
}

export interface RunningRenderNode {
  process: ManagedProcess;
  /** Base URL of its health and metrics server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the node as render-node's `npm start` script does (`node --import tsx src/main.ts`), without
 * npm in between: npm's own start-up costs a second or more of CPU per node on a busy machine, and the
 * node is then the process the signals reach, as under systemd or in a container. Waits until its
 * health endpoint answers.
 */
export async function startRenderNode(opts: StartRenderNodeOptions): Promise<RunningRenderNode> {
  const name = opts.name ?? "render-node";
  const proc = spawnManaged(name, process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: path.join(repoRoot, "render-node"),
    env: {
      EDGE_URL: opts.edgeUrl,
      NODE_TOKEN: opts.token,
      PORT: String(opts.port),
      ...opts.env,
    },
    log: opts.log ?? prefixedLogger(name),
  });
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    // 503 means "up, but stale or no contact with the edge yet": the process is running either way.
    await waitForHttp(`${url}/health`, {
      timeoutMs: opts.readyTimeoutMs ?? 60_000,
      ready: (res) => res.status === 200 || res.status === 503,
      process: proc,
    });
  } catch (err) {
    await proc.stop(2000);
    throw err;
  }
  return { process: proc, url, stop: () => proc.stop(opts.stopGraceMs ?? 30_000) };
}
