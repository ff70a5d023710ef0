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

/** Starts `npm start -w render-node` and waits until its health endpoint answers. */
export async function startRenderNode(opts: StartRenderNodeOptions): Promise<RunningRenderNode> {
  const name = opts.name ?? "render-node";
  const proc = spawnManaged(name, "npm", ["start", "--silent", "-w", "render-node"], {
    cwd: repoRoot,
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
