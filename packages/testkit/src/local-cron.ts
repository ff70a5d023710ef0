import { paint } from "./log";

/** What the local cron has done so far; tests read it to know the sweep really ran. */
export interface LocalCronStats {
  runs: number;
  failures: number;
  lastOkAt: number | null;
  lastError: string | null;
}

export interface LocalCron {
  stats: LocalCronStats;
  /** Fires the scheduled handler now and resolves with whether it succeeded. */
  runNow(): Promise<boolean>;
  stop(): void;
}

const CRON = "* * * * *";
const TIMEOUT_MS = 50_000;

/**
 * Fires the Worker's scheduled handler under `wrangler dev --test-scheduled` at `intervalMs`, as
 * Cloudflare's cron trigger does in production. `/__scheduled` is wrangler's own test route: it runs in
 * front of the Worker and dispatches to its `scheduled` export, and answers 500 when the run throws.
 * (`/cdn-cgi/handler/scheduled` goes to miniflare's entry service, which with static assets is the
 * assets router and has no scheduled handler: it answers 500 "exception" without reaching the Worker.)
 * Every answer is checked; a failed run is logged loudly, never dropped.
 */
export function startLocalCron(options: {
  url: string;
  intervalMs: number;
  log: (line: string) => void;
}): LocalCron {
  const stats: LocalCronStats = { runs: 0, failures: 0, lastOkAt: null, lastError: null };
  let inFlight: Promise<boolean> | null = null;

  const fire = async (): Promise<boolean> => {
    stats.runs += 1;
    try {
      const res = await fetch(`${options.url}/__scheduled?cron=${encodeURIComponent(CRON)}`, {
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await res.text()).trim();
      if (res.ok) {
        stats.lastOkAt = Date.now();
        return true;
      }
      throw new Error(`HTTP ${res.status}: ${body.split("\n")[0]?.slice(0, 300) || "(no body)"}`);
    } catch (error) {
      stats.failures += 1;
      stats.lastError = error instanceof Error ? error.message : String(error);
      options.log(
        paint(
          ["bold", "red"],
          `CRON RUN FAILED (${stats.failures} of ${stats.runs}): ${stats.lastError} — lease sweep, webhook retries and domain checks did not complete; see the wrangler log above`,
        ),
      );
      return false;
    }
  };
  const runNow = () => {
    inFlight ??= fire().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const timer = setInterval(() => void runNow(), options.intervalMs);
  timer.unref();
  return { stats, runNow, stop: () => clearInterval(timer) };
}
