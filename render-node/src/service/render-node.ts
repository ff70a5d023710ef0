import { setTimeout as sleep } from "node:timers/promises";
import type { Binaries } from "../binaries";
import { resolveBinaries } from "../binaries";
import { settleWithin } from "../browser/deadline";
import { WarmBrowser } from "../browser/warm-browser";
import {
  JOB_WIND_DOWN_MS,
  parseConfig,
  type RenderNodeConfig,
  type RenderNodeConfigInput,
  STOP_PART_MS,
} from "../config";
import { createJsonLogger, type Logger } from "../log";
import { chooseVideoCodec, type NvencTrial } from "../stages/compose/encoder";
import { EdgeClient } from "./edge-client";
import { type ErrorTracker, startErrorTracking } from "./error-tracking";
import { startHttpServer } from "./http-server";
import { type ActiveJob, JobStopped, startJob } from "./job-runner";
import { createMetrics, type JobOutcome } from "./metrics";
import { type SweepResult, WorkDirs } from "./work-dirs";

const MB = 1024 * 1024;

export interface HealthBody {
  /** `stuck`: a stalled job was abandoned but did not wind down; restart the node. */
  status: "ok" | "stale" | "low-disk" | "stuck" | "stopping";
  jobs: { renderId: string; stage: string; progress: number; startedAt: string }[];
  slots: { total: number; busy: number };
  lastPollAt: string | null;
  /** `pollsSkipped`: polls that claimed nothing because free disk was below the floor, since start. */
  disk: { freeBytes: number; minFreeBytes: number; low: boolean; pollsSkipped: number };
  version: string;
}

export interface RenderNode {
  config: RenderNodeConfig;
  /** Port of the health/metrics server (useful with PORT=0). */
  port: number;
  url: string;
  health(): Promise<{ status: number; body: HealthBody }>;
  /** Runs the work-folder sweep now (it also runs at start and every SWEEP_INTERVAL_MS). */
  sweep(): Promise<SweepResult>;
  /** Resolves when every job started so far has settled (for tests and drains). */
  idle(): Promise<void>;
  /**
   * Stops claiming, lets running renders finish within `drainTimeoutMs` (default from config), then
   * aborts what is left and fails it as retryable. Resolves once the edge has been told.
   */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
}

export interface RenderNodeDeps {
  logger?: Logger;
  fetch?: typeof fetch;
  binaries?: Binaries;
  /** Replaces the one-frame NVENC trial encode (tests). */
  nvencTrial?: NvencTrial;
  /** Replaces the Sentry client SENTRY_DSN would start. */
  errorTracker?: ErrorTracker;
}

/** Starts the long-running node: health server, work-folder sweeps and the claim loop. */
export async function startRenderNode(
  input: RenderNodeConfigInput | RenderNodeConfig,
  deps: RenderNodeDeps = {},
): Promise<RenderNode> {
  const config = parseConfig(input as RenderNodeConfigInput);
  const logger = deps.logger ?? createJsonLogger();
  const binaries =
    deps.binaries ??
    (await resolveBinaries({
      chromiumPath: config.chromiumPath,
      ffmpegPath: config.ffmpegPath,
      ffprobePath: config.ffprobePath,
    }));
  // Decided once per node: every render of this node uses the same encoder.
  const video = await chooseVideoCodec({
    ffmpeg: binaries.ffmpeg,
    choice: config.encoder,
    ...(deps.nvencTrial ? { trial: deps.nvencTrial } : {}),
  });
  const errorTracker =
    deps.errorTracker ??
    startErrorTracking({
      dsn: config.sentryDsn,
      environment: config.sentryEnvironment,
      release: config.version,
      logger,
    });
  const workDirs = new WorkDirs(config.workDir, config.keepFailedDays, logger);
  await workDirs.init();
  // The pipeline loads Playwright on first use. Loading it holds the event loop for a while (seconds on
  // a busy machine); here, before the first claim, it cannot starve a claimed render's heartbeats.
  await import("playwright-core");
  const edge = new EdgeClient({
    baseUrl: config.edgeUrl,
    token: config.nodeToken,
    requestTimeoutMs: config.edgeTimeoutMs,
    fetch: deps.fetch,
  });
  const jobs = new Map<string, ActiveJob>();
  /** Abandoned jobs whose work never wound down; the node cannot vouch for itself while any remain. */
  const stuck = new Set<string>();
  const metrics = createMetrics({ slots: config.slots, freeBytes: () => workDirs.freeBytes() });
  const minFreeBytes = config.minFreeDiskMb * MB;
  const startedAt = Date.now();
  const staleAfterMs = config.healthStaleMs ?? 3 * config.pollIdleMs + 10_000;

  let lastPollAt: Date | null = null;
  let lastEdgeContact = startedAt;
  let lowDisk = false;
  let pollsSkippedForDisk = 0;
  let stopping: Promise<void> | null = null;
  const loopStopper = new AbortController();
  let wakeLoop: () => void = () => {};

  const activeDirs = () => new Set([...jobs.values()].map((j) => j.workDir));
  const sweep = () => workDirs.sweep(activeDirs());
  await sweep();

  const health = async (): Promise<{ status: number; body: HealthBody }> => {
    const freeBytes = await workDirs.freeBytes().catch(() => 0);
    const stale = Date.now() - lastEdgeContact > staleAfterMs;
    const status: HealthBody["status"] = stopping
      ? "stopping"
      : stuck.size > 0
        ? "stuck"
        : lowDisk
          ? "low-disk"
          : stale
            ? "stale"
            : "ok";
    return {
      status: status === "ok" ? 200 : 503,
      body: {
        status,
        jobs: [...jobs.values()].map((j) => ({
          renderId: j.renderId,
          stage: j.stage,
          progress: Math.round(j.progress * 1000) / 1000,
          startedAt: j.startedAt.toISOString(),
        })),
        slots: { total: config.slots, busy: jobs.size },
        lastPollAt: lastPollAt?.toISOString() ?? null,
        disk: { freeBytes, minFreeBytes, low: freeBytes < minFreeBytes, pollsSkipped: pollsSkippedForDisk },
        version: config.version,
      },
    };
  };

  const server = await startHttpServer(config.host, config.port, {
    health,
    metrics: async () => ({
      contentType: metrics.registry.contentType,
      body: await metrics.registry.metrics(),
    }),
  });

  // Site checks share one warm Chromium (a fresh context each); renders keep a browser of their own.
  const siteCheckBrowser = new WarmBrowser({
    chromiumPath: binaries.chromium,
    user: { uid: config.browserUid, gid: config.browserGid },
    // As much as the node's slots may hold when each runs a render.
    memoryLimitBytes: config.slots * config.jobMemoryMb * MB,
    onOverMemory: (bytes) =>
      logger.warn("the site-check browser held more than its memory limit; it was killed and starts anew", {
        heldMb: Math.round(bytes / MB),
        limitMb: config.slots * config.jobMemoryMb,
      }),
  });
  const jobDeps = {
    config,
    siteCheckBrowser,
    edge,
    workDirs,
    binaries,
    videoCodec: video.codec,
    metrics,
    logger,
    errorTracker,
    onEdgeContact: () => {
      lastEdgeContact = Date.now();
    },
    onStuck: (renderId: string, settled: Promise<unknown>) => {
      stuck.add(renderId);
      void settled.finally(() => {
        stuck.delete(renderId);
        logger.info("abandoned job wound down at last", { renderId });
      });
    },
  };

  const runClaimed = (job: Parameters<typeof startJob>[0], lease: Parameters<typeof startJob>[1]) => {
    const active = startJob(job, lease, jobDeps);
    jobs.set(job.renderId, active);
    metrics.slotsBusy.set(jobs.size);
    void active.done.then((outcome: JobOutcome) => {
      jobs.delete(job.renderId);
      metrics.slotsBusy.set(jobs.size);
      logger.info("slot free", { renderId: job.renderId, outcome, busy: jobs.size });
      wakeLoop();
    });
  };

  const idleWait = async () => {
    await sleep(config.pollIdleMs, undefined, { signal: loopStopper.signal }).catch(() => {});
  };

  const pollLoop = async () => {
    while (!loopStopper.signal.aborted) {
      const free = config.slots - jobs.size;
      if (free <= 0) {
        // Full: wait for a render to end, then claim again at once.
        await new Promise<void>((resolve) => {
          const onStop = () => resolve();
          wakeLoop = () => {
            loopStopper.signal.removeEventListener("abort", onStop);
            resolve();
          };
          loopStopper.signal.addEventListener("abort", onStop, { once: true });
        });
        continue;
      }
      const freeBytes = await workDirs.freeBytes().catch(() => Number.POSITIVE_INFINITY);
      const low = freeBytes < minFreeBytes;
      if (low !== lowDisk) {
        lowDisk = low;
        if (low) {
          logger.warn("free disk below MIN_FREE_DISK_MB; not claiming renders", {
            freeMb: Math.floor(freeBytes / MB),
            minFreeMb: config.minFreeDiskMb,
          });
        } else {
          logger.info("free disk back above MIN_FREE_DISK_MB; claiming again");
        }
      }
      if (low) {
        pollsSkippedForDisk++;
        await idleWait();
        continue;
      }
      try {
        const claimed = await edge.claim(free, config.version, loopStopper.signal);
        lastPollAt = new Date();
        lastEdgeContact = lastPollAt.getTime();
        if (claimed.job && claimed.lease) {
          runClaimed(claimed.job, claimed.lease);
          continue;
        }
      } catch (error) {
        if (loopStopper.signal.aborted) break;
        logger.warn("claim failed", { error });
      }
      await idleWait();
    }
  };
  const loopDone = pollLoop().catch((error: unknown) => {
    logger.error("poll loop crashed", { error });
    errorTracker.report(error, { where: "poll_loop" });
  });

  const sweepTimer = setInterval(() => {
    sweep().catch((error: unknown) => logger.warn("sweep failed", { error }));
  }, config.sweepIntervalMs);
  sweepTimer.unref();

  logger.info("render node started", {
    port: server.port,
    slots: config.slots,
    edgeUrl: config.edgeUrl,
    workDir: config.workDir,
    chromium: binaries.chromium ?? "playwright",
    ffmpeg: binaries.ffmpeg,
    encoder: video.codec,
    encoderReason: video.reason,
  });

  const idle = async () => {
    while (jobs.size > 0) await Promise.allSettled([...jobs.values()].map((j) => j.done));
  };

  // Each part of a stop waits a bounded time: one that hangs must not keep the process (or a test) up for
  // ever, and the log names it.
  const within = async (part: string, step: Promise<unknown>) => {
    if (await settleWithin(step, STOP_PART_MS)) await step;
    else
      logger.error("a part of the stop did not finish; stopping without it", {
        part,
        waitedMs: STOP_PART_MS,
      });
  };

  const drainThenStop = async (drainTimeoutMs: number) => {
    loopStopper.abort();
    clearInterval(sweepTimer);
    await within("poll loop", loopDone);
    if (jobs.size > 0) {
      logger.info("draining", { jobs: [...jobs.keys()], drainTimeoutMs });
      const drained = await Promise.race([idle().then(() => true), sleep(drainTimeoutMs).then(() => false)]);
      if (!drained) {
        logger.warn("drain deadline passed; stopping running renders", { jobs: [...jobs.keys()] });
        for (const job of jobs.values()) job.controller.abort(new JobStopped("shutdown"));
        const wound = await Promise.race([
          idle().then(() => true),
          sleep(JOB_WIND_DOWN_MS, undefined, { ref: false }).then(() => false),
        ]);
        if (!wound) {
          // Whatever they await ignored the abort (an edge call that never answers): the process is
          // ending, and the edge re-queues them when their leases run out.
          logger.error("running renders ignored the stop; stopping without them", {
            jobs: [...jobs.values()].map((j) => ({ renderId: j.renderId, stage: j.stage })),
          });
        }
      }
    }
    await within("site-check browser", siteCheckBrowser.close());
    await within("health server", server.close());
    await within("error tracker", errorTracker.close());
    logger.info("render node stopped");
  };

  return {
    config,
    port: server.port,
    url: server.url,
    health,
    sweep,
    idle,
    stop(options = {}) {
      const deadline = options.drainTimeoutMs ?? config.drainTimeoutMs;
      if (stopping) {
        // A second stop with a shorter deadline (a second Ctrl-C) cuts the drain short.
        if (deadline === 0) for (const job of jobs.values()) job.controller.abort(new JobStopped("shutdown"));
        return stopping;
      }
      stopping = drainThenStop(deadline);
      return stopping;
    },
  };
}
