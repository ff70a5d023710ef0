import { mkdirSync } from "node:fs";
import path from "node:path";
import { prefixedLogger } from "./log";
import { fromRoot, repoRoot } from "./paths";
import { type ManagedProcess, spawnManaged, waitForHttp } from "./processes";

export interface StartWranglerOptions {
  port: number;
  databaseUrl: string;
  /** Extra `--var KEY:VALUE` overrides (ADMIN_TOKEN, BETTER_AUTH_SECRET, LEASE_TTL_MS, …). */
  vars?: Record<string, string>;
  /** Where local R2, Durable Object and cache state live between starts. */
  persistTo: string;
  config?: string;
  log?: (line: string) => void;
  /** Drop per-request access lines (the node polls every 2 s); errors are always shown. */
  quiet?: boolean;
  readyTimeoutMs?: number;
}

export interface RunningWrangler {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

const ACCESS_LINE = /^\[wrangler:info\] (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ (\d{3})/;

/** Runs the edge under `wrangler dev` (local workerd, R2 and Durable Objects) and waits until it answers. */
export async function startWrangler(opts: StartWranglerOptions): Promise<RunningWrangler> {
  const log = opts.log ?? prefixedLogger("wrangler");
  const vars = { DATABASE_URL: opts.databaseUrl, ...opts.vars };
  // The ASSETS binding refuses to start without its directory; an unbuilt site is still a valid start.
  mkdirSync(fromRoot("site", "dist"), { recursive: true });

  const args = [
    "dev",
    "--config",
    opts.config ?? fromRoot("wrangler.toml"),
    "--port",
    String(opts.port),
    "--ip",
    "127.0.0.1",
    "--persist-to",
    path.resolve(opts.persistTo),
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  const proc = spawnManaged("wrangler", fromRoot("node_modules", ".bin", "wrangler"), args, {
    cwd: repoRoot,
    env: { WRANGLER_SEND_METRICS: "false", NO_COLOR: process.stdout.isTTY ? undefined : "1" },
    log,
    filter: opts.quiet
      ? (line) => {
          const m = ACCESS_LINE.exec(line);
          return !m || Number(m[2]) >= 500;
        }
      : undefined,
  });

  const url = `http://127.0.0.1:${opts.port}`;
  try {
    // Any answer below 500 from a route that touches the auth library and the database means the
    // Worker, its environment and its database connection are all up.
    await waitForHttp(`${url}/api/auth/get-session`, {
      timeoutMs: opts.readyTimeoutMs ?? 120_000,
      ready: (res) => res.status < 500,
      process: proc,
    });
  } catch (err) {
    await proc.stop(2000);
    throw err;
  }
  return { url, process: proc, stop: () => proc.stop(10_000) };
}
