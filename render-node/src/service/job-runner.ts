import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { FallbackScene, Lease, RenderJob, RenderStage } from "@loom-lite/schema";
import type { Binaries } from "../binaries";
import type { WarmBrowser } from "../browser/warm-browser";
import { JOB_WIND_DOWN_MS, type RenderNodeConfig } from "../config";
import { killProcessesMarked } from "../core/process-table";
import type { RenderReport, VideoCodec } from "../core/types";
import type { Logger } from "../log";
import { RenderError, runPipeline, STAGE_TO_RENDER_STAGE } from "../pipeline";
import { CaptureCache } from "../stages/capture/capture-cache";
import { DEFAULT_ENCODER } from "../stages/compose/args";
import { checkSite } from "../stages/preflight/site-check";
import { type ArtifactPublisher, bunnyPublisher, edgePublisher } from "../stages/publish/artifact-publisher";
import { BunnyStorage } from "../stages/publish/bunny-storage";
import { type EdgeClient, EdgeHttpError, LeaseLostError } from "./edge-client";
import type { ErrorTracker } from "./error-tracking";
import { startHeartbeats } from "./heartbeats";
import { watchJobLimits } from "./job-limits";
import type { JobOutcome, NodeMetrics } from "./metrics";
import type { WorkDirs } from "./work-dirs";

/** Why a job's AbortController fired. It is the abort reason, so every awaiting call rejects with it. */
export class JobStopped extends Error {
  override readonly name = "AbortError";
  constructor(readonly kind: "cancel" | "lease-lost" | "shutdown" | "stalled") {
    super(`render stopped: ${kind}`);
  }
}

export interface ActiveJob {
  renderId: string;
  workDir: string;
  stage: RenderStage;
  progress: number;
  startedAt: Date;
  /** Last time the stage or progress changed or upload bytes moved (epoch ms); the stall watchdog reads it. */
  lastProgressAt: number;
  controller: AbortController;
  done: Promise<JobOutcome>;
}

export interface JobDeps {
  config: RenderNodeConfig;
  edge: EdgeClient;
  workDirs: WorkDirs;
  binaries: Binaries;
  /** The H.264 encoder this node chose at start (NVENC when its GPU passed the trial). */
  videoCodec?: VideoCodec;
  metrics: NodeMetrics;
  logger: Logger;
  errorTracker: ErrorTracker;
  /** The Chromium site checks (and a sample's first frame) open their fresh contexts in. */
  siteCheckBrowser: WarmBrowser;
  /** A heartbeat reached the edge. */
  onEdgeContact: () => void;
  /**
   * The job was abandoned after a stall and its slot freed, but its own work has not wound down
   * (something it awaits ignored the abort); `settled` resolves if it ever does.
   */
  onStuck: (renderId: string, settled: Promise<unknown>) => void;
}

/** Calls after the job's signal fired (fail, cleanup) still need a bound. */
const FINAL_CALL_TIMEOUT_MS = 30_000;
/** After a stall's abort, how long the job gets to wind down by itself before its slot is taken back. */

/** Where this node's artifacts go: Bunny Storage when configured, else R2 through the edge. */
function publisherFor(job: RenderJob, fence: number, deps: JobDeps): ArtifactPublisher {
  const { config } = deps;
  // A site check's first frame is the workspace's own (never on a CDN).
  if (
    job.kind === "video" &&
    config.bunnyStorageHost &&
    config.bunnyStorageZone &&
    config.bunnyStorageKey &&
    config.bunnyCdnBaseUrl
  ) {
    const bunny = new BunnyStorage({
      host: config.bunnyStorageHost,
      zone: config.bunnyStorageZone,
      accessKey: config.bunnyStorageKey,
    });
    return bunnyPublisher(
      {
        bunny,
        cdnBaseUrl: config.bunnyCdnBaseUrl,
        zone: config.bunnyStorageZone,
        edge: deps.edge,
        logger: deps.logger.child({ renderId: job.renderId }),
      },
      job,
      fence,
    );
  }
  return edgePublisher(deps.edge, job.renderId, fence);
}

/**
 * Starts one render; the returned job's `done` settles when the edge has been told the outcome, or
 * when the job stalled and was abandoned (its slot is free again either way).
 */
export function startJob(job: RenderJob, lease: Lease, deps: JobDeps): ActiveJob {
  const log = deps.logger.child({ renderId: job.renderId });
  const active: ActiveJob = {
    renderId: job.renderId,
    workDir: deps.workDirs.pathFor(job.renderId),
    stage: "claimed",
    progress: 0,
    startedAt: new Date(),
    lastProgressAt: Date.now(),
    controller: new AbortController(),
    done: Promise.resolve("failed"),
  };
  let outcomeCounted = false;
  const count = (outcome: JobOutcome) => {
    if (!outcomeCounted) deps.metrics.jobs.inc({ outcome });
    outcomeCounted = true;
    return outcome;
  };
  const settled = runJob(job, lease, active, deps, log).then(
    (outcome) => count(outcome),
    (error: unknown) => {
      log.error("job crashed", { error });
      deps.errorTracker.report(error, { render_id: job.renderId, job_kind: job.kind });
      return count("failed");
    },
  );
  const abandoned = watchForStall(active, deps.config.jobStallMs, async () => {
    const stalledForS = Math.round((Date.now() - active.lastProgressAt) / 1000);
    log.error("job made no progress; abandoning it", { stage: active.stage, stalledForS });
    deps.errorTracker.report(new Error(`render made no progress for ${stalledForS} s in ${active.stage}`), {
      render_id: job.renderId,
      job_kind: job.kind,
    });
    active.controller.abort(new JobStopped("stalled"));
    // Told at once, while the lease still holds (beats stopped with the abort), so the render is
    // queued again now rather than when its lease runs out.
    await reportFailure(deps.edge, job.renderId, lease.fence, stalledFailure(stalledForS), log);
    const wound = await Promise.race([
      settled.then(() => true),
      sleep(Math.min(JOB_WIND_DOWN_MS, deps.config.jobStallMs)).then(() => false),
    ]);
    if (wound) return settled;
    // Whatever it awaits ignored the abort: take the slot back anyway.
    log.error("abandoned job did not wind down; its slot is freed and the node reports itself stuck");
    await deps.workDirs.remove(job.renderId).catch(() => {});
    // Last, so the slot is freed in the same turn as the node starts saying it is stuck.
    deps.onStuck(job.renderId, settled);
    return count("failed");
  });
  active.done = Promise.race([settled, abandoned.promise]).finally(abandoned.stop);
  return active;
}

/** Calls `onStall` once when `active` has not moved for `stallMs`; its result becomes `promise`. */
function watchForStall(
  active: ActiveJob,
  stallMs: number,
  onStall: () => Promise<JobOutcome>,
): { promise: Promise<JobOutcome>; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<JobOutcome>((resolve) => {
    timer = setInterval(
      () => {
        if (Date.now() - active.lastProgressAt < stallMs) return;
        clearInterval(timer);
        void onStall().then(resolve);
      },
      Math.min(1000, Math.max(50, stallMs / 4)),
    );
    timer.unref();
  });
  return { promise, stop: () => clearInterval(timer) };
}

function stalledFailure(stalledForS: number) {
  return {
    retryable: true,
    code: "node_stalled",
    message: `The render made no progress for ${stalledForS} s on its render node and was stopped; it will be retried.`,
  };
}

async function runJob(
  job: RenderJob,
  lease: Lease,
  active: ActiveJob,
  deps: JobDeps,
  log: Logger,
): Promise<JobOutcome> {
  const { edge, workDirs, metrics, config } = deps;
  const { controller } = active;
  const { signal } = controller;
  const fence = lease.fence;
  const moved = () => {
    active.lastProgressAt = Date.now();
  };
  /** Set once `complete` is sent: the work is done, and only the edge's answer decides now. */
  let completing = false;
  log.info("job claimed", { attempt: job.attempt, fence, leaseExpiresAt: lease.expiresAt });

  const heartbeats = startHeartbeats({
    edge,
    renderId: job.renderId,
    fence,
    intervalMs: config.heartbeatMs,
    state: () => ({ stage: active.stage, progress: active.progress }),
    onOk: deps.onEdgeContact,
    onCancel: () => {
      if (completing) return;
      log.info("cancel requested by the edge");
      controller.abort(new JobStopped("cancel"));
    },
    // A beat that crosses `complete` finds the lease already gone; the complete's answer says how it went.
    onLeaseLost: (error) => {
      if (completing) return;
      log.warn("lease lost", { error });
      controller.abort(new JobStopped("lease-lost"));
    },
    logger: log,
    until: signal,
  });

  const publisher = publisherFor(job, fence, deps);
  const limits = watchJobLimits(
    path.basename(active.workDir),
    // A site check starts no process of its own (it browses in the warm browser): nothing to measure.
    { timeoutMs: config.jobTimeoutMs, memoryMb: job.kind === "preflight" ? null : config.jobMemoryMb },
    controller,
  );
  try {
    const workDir = await workDirs.create(job.renderId);
    if (job.kind === "preflight") return await siteCheckJob(workDir);
    if (job.kind !== "video" && job.kind !== "sample") {
      throw new RenderError("invalid_input", `This render node does not make ${job.kind} jobs; update it.`, {
        retryable: false,
      });
    }
    if (job.kind === "sample") await sampleFirstFrame(workDir);
    const facecamFile = path.join(workDir, "facecam");
    const bytes = await downloadFacecam(edge, job.facecamPath, facecamFile, signal);
    moved();
    log.info("facecam downloaded", { bytes });

    const result = await runPipeline(
      {
        spec: job.spec,
        fields: job.fields,
        facecamFile,
        workDir,
        cacheDir: workDirs.cacheDir,
        binaries: deps.binaries,
        ...(deps.videoCodec ? { encoder: { ...DEFAULT_ENCODER, codec: deps.videoCodec } } : {}),
        // The cores this slot may count on: more parts than that only take turns with other renders.
        encodeParts: Math.max(1, Math.floor(os.availableParallelism() / config.slots)),
        allowHosts: config.allowHosts,
        browserUser: { uid: config.browserUid, gid: config.browserGid },
        renderId: job.renderId,
        navigationTimeoutMs: config.navigationTimeoutMs,
        workspaceId: job.workspaceId,
        ...(config.captureCacheTtlS > 0
          ? {
              captureCache: new CaptureCache({
                dir: path.join(workDirs.cacheDir, "captures"),
                ttlSeconds: config.captureCacheTtlS,
                maxBytes: config.captureCacheMaxMb * 1024 * 1024,
              }),
            }
          : {}),
      },
      {
        signal,
        logger: log,
        onStage: (stage) => {
          active.stage = STAGE_TO_RENDER_STAGE[stage];
          moved();
        },
        onStageDone: (stage, ms) => metrics.stageSeconds.observe({ stage }, ms / 1000),
        onProgress: (_stage, progress) => {
          if (progress !== active.progress) moved();
          active.progress = progress;
        },
        publish: async (artifacts, publishSignal) => {
          await publisher.put("video.mp4", artifacts.video, publishSignal, moved);
          active.progress = Math.max(active.progress, 0.97);
          await publisher.put("poster.jpg", artifacts.poster, publishSignal, moved);
          await publisher.put("preview.gif", artifacts.gif, publishSignal, moved);
        },
      },
    );
    await publisher.put("report.json", result.artifacts.report, signal, moved);
    active.progress = Math.max(active.progress, 0.99);
    moved();
    // Heartbeats go on until the edge acknowledges complete: a complete that takes long (retries, a slow
    // edge) must not let the lease run out under a finished render.
    completing = true;
    await edge.complete(
      job.renderId,
      {
        fence,
        durationMs: Math.max(1, Math.round((result.report.video?.seconds ?? 0) * 1000)),
        timings: result.report.timings,
        warnings: result.report.warnings,
        fallbacks: fallbacksOf(result.report),
        storage: publisher.storage(),
      },
      signal,
    );
    await heartbeats.stop();
    await workDirs.remove(job.renderId);
    log.info("job done", { elapsedMs: result.report.elapsedMs, timings: result.report.timings });
    return "done";
  } catch (error) {
    await heartbeats.stop();
    if (stillOwnsRender()) {
      // A stop does not wait for a Chromium still starting; it must not outlive the job.
      const killed = await killProcessesMarked(path.basename(active.workDir));
      if (killed > 0) log.warn("killed the stopped job's processes", { processes: killed });
    }
    return settleFailure(error);
  } finally {
    limits.stop();
  }

  /**
   * Whether no other attempt of this render can be running here under the same name: true when the job
   * failed or was stopped by a job limit or a cancel; false after a lease loss or a shutdown, when the
   * render may already be claimed again (by this node's other slot, or another node in this process).
   */
  function stillOwnsRender(): boolean {
    const reason = signal.aborted ? signal.reason : undefined;
    if (reason instanceof JobStopped) return reason.kind === "cancel";
    return true;
  }

  /** Pre-flight of the lead's first page in this job's work folder: its first frame and the verdict. */
  function checkLeadSite(workDir: string) {
    active.stage = "capturing";
    moved();
    return checkSite({
      spec: job.spec,
      fields: job.fields,
      allowHosts: config.allowHosts,
      workDir,
      navigationTimeoutMs: config.navigationTimeoutMs,
      pageMemoryMb: config.jobMemoryMb,
      browser: deps.siteCheckBrowser,
      signal,
    });
  }

  /** A pre-flight-only job: the lead's first page, its first frame and the verdict; no video. */
  async function siteCheckJob(workDir: string): Promise<JobOutcome> {
    const started = Date.now();
    const check = await checkLeadSite(workDir);
    const checkedMs = Date.now() - started;
    active.progress = 0.8;
    moved();
    if (check.frameFile) {
      active.stage = "uploading";
      await publisher.put("first-frame.jpg", check.frameFile, signal, moved);
    }
    completing = true;
    await edge.complete(
      job.renderId,
      {
        fence,
        durationMs: 0,
        timings: { preflight: checkedMs, total: Date.now() - started },
        preflight: check.result,
        storage: publisher.storage(),
      },
      signal,
    );
    await heartbeats.stop();
    await workDirs.remove(job.renderId);
    log.info("site checked", { verdict: check.result.verdict, checkMs: checkedMs, ms: Date.now() - started });
    return "done";
  }

  /**
   * A storefront sample shows its visitor the page's first frame within seconds, long before the video:
   * the pre-flight's frame is published first. A page that cannot be filmed ends the sample there, with
   * the reason the visitor is shown.
   */
  async function sampleFirstFrame(workDir: string): Promise<void> {
    const check = await checkLeadSite(workDir);
    if (check.frameFile) await publisher.put("first-frame.jpg", check.frameFile, signal, moved);
    moved();
    if (check.result.verdict !== "usable") {
      throw new RenderError(
        "page_unusable",
        `This site cannot be filmed: ${check.result.reason ?? "the page could not be used"}`,
        { retryable: false },
      );
    }
  }

  async function settleFailure(error: unknown): Promise<JobOutcome> {
    await publisher.discard();
    const reason = signal.aborted ? signal.reason : undefined;
    const stopped = reason instanceof JobStopped ? reason.kind : undefined;
    if (stopped === "lease-lost" || error instanceof LeaseLostError) {
      // Another attempt owns the render now; telling the edge anything would be refused with 409.
      controller.abort(new JobStopped("lease-lost"));
      await workDirs.remove(job.renderId);
      log.warn("job abandoned: lease lost", { error });
      return "failed";
    }
    if (stopped === "cancel") {
      await workDirs.remove(job.renderId);
      await tellEdge({
        cancelled: true,
        retryable: false,
        code: "cancelled",
        message: "The render was cancelled.",
      });
      log.info("job cancelled");
      return "cancelled";
    }
    if (stopped === "stalled") {
      // The stall watchdog has told the edge.
      await workDirs.remove(job.renderId);
      return "failed";
    }
    if (stopped === "shutdown") {
      await workDirs.remove(job.renderId);
      await tellEdge({
        retryable: true,
        code: "node_shutdown",
        message: "The render node shut down before the render finished; it will be retried.",
      });
      log.warn("job stopped by shutdown");
      return "failed";
    }
    // A job limit (job-limits.ts) stops the job with the RenderError that says which.
    const cause = reason instanceof RenderError ? reason : error;
    const failure =
      cause instanceof RenderError
        ? { retryable: cause.retryable, code: cause.code, message: cause.message }
        : {
            retryable: true,
            code: "render_error",
            message: `The render failed unexpectedly (${error instanceof Error ? error.message : String(error)}); it will be retried.`,
          };
    await workDirs.markFailed(job.renderId, failure.message).catch(() => {});
    log.error("job failed", {
      ...failure,
      details: cause instanceof RenderError ? cause.details : undefined,
    });
    deps.errorTracker.jobFailed(cause, {
      renderId: job.renderId,
      jobKind: job.kind,
      workspaceId: job.workspaceId,
      code: failure.code,
      retryable: failure.retryable,
    });
    await tellEdge(failure);
    return "failed";
  }

  function tellEdge(failure: Failure) {
    return reportFailure(edge, job.renderId, fence, failure, log);
  }
}

interface Failure {
  cancelled?: boolean;
  retryable: boolean;
  code: string;
  message: string;
}

/** Tells the edge a render failed; bounded, and a refusal is only logged (the lease may be gone). */
async function reportFailure(
  edge: EdgeClient,
  renderId: string,
  fence: number,
  failure: Failure,
  log: Logger,
) {
  try {
    await edge.fail(
      renderId,
      { fence, cancelled: failure.cancelled ?? false, ...failure, message: failure.message.slice(0, 2000) },
      AbortSignal.timeout(FINAL_CALL_TIMEOUT_MS),
    );
  } catch (error) {
    log.error("could not report the failure to the edge", { error });
  }
}

/** A facecam the edge does not have (4xx) is unusable input; anything else is worth a retry. */
async function downloadFacecam(
  edge: EdgeClient,
  from: string,
  to: string,
  signal: AbortSignal,
): Promise<number> {
  try {
    return await edge.download(from, to, signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const missing = error instanceof EdgeHttpError && error.status >= 400 && error.status < 500;
    throw new RenderError(
      "facecam_unusable",
      missing
        ? "The campaign's facecam could not be found; upload the facecam again and re-render."
        : "The facecam could not be downloaded from the platform; the render will be retried.",
      { retryable: !missing, details: error instanceof Error ? error.message : String(error), cause: error },
    );
  }
}

/** The scenes the campaign's fallback page stood in for, as the edge records them on the render. */
function fallbacksOf(report: RenderReport): FallbackScene[] {
  return report.scenes
    .filter((scene) => scene.fallback)
    .map((scene) => ({
      scene: scene.index + 1,
      url: scene.url,
      reason: scene.preflight?.[0]?.reason ?? "the page could not be used",
    }));
}
