import { mkdirSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { type LocalCron, startLocalCron } from "./local-cron";
import { prefixedLogger } from "./log";
import { fromRoot, repoRoot } from "./paths";
import { freePort } from "./postgres";
import { type ManagedProcess, spawnManaged, waitForHttp } from "./processes";

export interface StartWranglerOptions {
  port: number;
  databaseUrl: string;
  /**
   * Extra `--var KEY:VALUE` overrides (ADMIN_TOKEN, BETTER_AUTH_SECRET, LEASE_TTL_MS, …). Every local
   * stack runs as ENVIRONMENT=development with the dev mailbox on, unless these say otherwise.
   */
  vars?: Record<string, string>;
  /** Where local R2, Durable Object and cache state live between starts. */
  persistTo: string;
  config?: string;
  log?: (line: string) => void;
  /** Drop per-request access lines (the node polls every 2 s); errors are always shown. */
  quiet?: boolean;
  readyTimeoutMs?: number;
  /**
   * `wrangler dev` never fires cron triggers by itself; when set, the Worker's scheduled handler is
   * called once the edge is up and then this often (local-cron.ts), as the cron would be
   * in production.
   */
  cronIntervalMs?: number;
}

export interface RunningWrangler {
  url: string;
  process: ManagedProcess;
  /** Present when `cronIntervalMs` was given. */
  cron?: LocalCron;
  stop(): Promise<void>;
}

const ACCESS_LINE = /^\[wrangler:info\] (GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ (\d{3})/;

/**
 * Drops what is noise on these machines: per-request access lines below 500, the failed lookup of
 * Cloudflare's `Request.cf` data (no internet here) with its stack, and the notice that cron triggers
 * are not fired locally (the `cronIntervalMs` option fires them).
 */
export function quietWranglerFilter(): (line: string) => boolean {
  let skipping: "no" | "block" | "blanks" = "no";
  let inStack = false;
  return (line) => {
    const plain = stripVTControlCharacters(line);
    if (skipping === "block") {
      if (plain.includes("For more details")) skipping = "blanks";
      return false;
    }
    if (skipping === "blanks") {
      if (plain.trim() === "") return false;
      skipping = "no";
    }
    if (plain.includes("Scheduled Workers are not automatically triggered")) {
      skipping = "block";
      return false;
    }
    if (plain.includes("Unable to fetch the `Request.cf` object")) return false;
    if (/^Error: getaddrinfo \w+ workers\.cloudflare\.com/.test(plain)) {
      inStack = true;
      return false;
    }
    if (inStack && /^\s+at /.test(plain)) return false;
    inStack = false;
    if (plain.trim() === "") return false;
    const m = ACCESS_LINE.exec(plain);
    return !m || Number(m[2]) >= 500;
  };
}

/** Runs the edge under `wrangler dev` (local workerd, R2 and Durable Objects) and waits until it answers. */
export async function startWrangler(opts: StartWranglerOptions): Promise<RunningWrangler> {
  const log = opts.log ?? prefixedLogger("wrangler");
  const vars = {
    ENVIRONMENT: "development",
    DEV_MAILBOX: "on",
    DATABASE_URL: opts.databaseUrl,
    // Links in e-mails (watch alerts) point at this stack's dashboard.
    DASHBOARD_URL: `http://localhost:${opts.port}`,
    ...opts.vars,
  };
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
    // wrangler probes from 9229 for a free inspector port: two stacks starting at once both find 9229
    // free and the second dies on "address in use".
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    path.resolve(opts.persistTo),
    "--show-interactive-dev-session=false",
    ...(opts.cronIntervalMs ? ["--test-scheduled"] : []),
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  const proc = spawnManaged("wrangler", fromRoot("node_modules", ".bin", "wrangler"), args, {
    cwd: repoRoot,
    env: {
      WRANGLER_SEND_METRICS: "false",
      ...(process.stdout.isTTY ? {} : { FORCE_COLOR: "0", NO_COLOR: "1" }),
    },
    log,
    filter: opts.quiet ? quietWranglerFilter() : undefined,
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
  const cron = opts.cronIntervalMs
    ? startLocalCron({ url, intervalMs: opts.cronIntervalMs, log: prefixedLogger("cron") })
    : undefined;
  // At once too: a restart must not leave leases that ran out while the stack was down for a minute.
  void cron?.runNow();
  return {
    url,
    process: proc,
    ...(cron ? { cron } : {}),
    stop: () => {
      cron?.stop();
      return proc.stop(10_000);
    },
  };
}
