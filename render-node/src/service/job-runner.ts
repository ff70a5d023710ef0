import path from "node:path";
import type { Lease, RenderJob, RenderStage } from "@loom-lite/schema";
import type { Binaries } from "../binaries";
import type { RenderNodeConfig } from "../config";
import type { Logger } from "../log";
import { RenderError, runPipeline, STAGE_TO_RENDER_STAGE } from "../pipeline";
import { CaptureCache } from "../pipeline/capture-cache";
import { type ArtifactPublisher, bunnyPublisher, edgePublisher } from "./artifact-publisher";
import { BunnyStorage } from "./bunny-storage";
import { type EdgeClient, EdgeHttpError, LeaseLostError } from "./edge-client";
import { startHeartbeats } from "./heartbeats";
import { watchJobLimits } from "./job-limits";
import type { JobOutcome, NodeMetrics } from "./metrics";
import type { WorkDirs } from "./work-dirs";

/** Why a job's AbortController fired. It is the abort reason, so every awaiting call rejects with it. */
export class JobStopped extends Error {
  override readonly name = "AbortError";
  constructor(readonly kind: "cancel" | "lease-lost" | "shutdown") {
    super(`render stopped: ${kind}`);
  }
}

export interface ActiveJob {
  renderId: string;
  workDir: string;
  stage: RenderStage;
  progress: number;
  startedAt: Date;
  controller: AbortController;
  done: Promise<JobOutcome>;
}

export interface JobDeps {
  config: RenderNodeConfig;
  edge: EdgeClient;
  workDirs: WorkDirs;
  binaries: Binaries;
  metrics: NodeMetrics;
  logger: Logger;
  /** A heartbeat reached the edge. */
  onEdgeContact: () => void;
}

/** Calls after the job's signal fired (fail, cleanup) still need a bound. */
const FINAL_CALL_TIMEOUT_MS = 30_000;

/** Where this node's artifacts go: Bunny Storage when configured, else R2 through the edge. */
function publisherFor(job: RenderJob, fence: number, deps: JobDeps): ArtifactPublisher {
  const { config } = deps;
  if (
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
    return bunnyPublisher(bunny, config.bunnyCdnBaseUrl, job, fence);
  }
  return edgePublisher(deps.edge, job.renderId, fence);
}

/** Starts one render; the returned job's `done` settles when the edge has been told the outcome. */
export function startJob(job: RenderJob, lease: Lease, deps: JobDeps): ActiveJob {
  const active: ActiveJob = {
    renderId: job.renderId,
    workDir: deps.workDirs.pathFor(job.renderId),
    stage: "claimed",
    progress: 0,
    startedAt: new Date(),
    controller: new AbortController(),
    done: Promise.resolve("failed"),
  };
  active.done = runJob(job, lease, active, deps).then(
    (outcome) => outcome,
    (error: unknown) => {
      deps.logger.error("job crashed", { renderId: job.renderId, error });
      return "failed" as const;
    },
  );
  return active;
}

async function runJob(job: RenderJob, lease: Lease, active: ActiveJob, deps: JobDeps): Promise<JobOutcome> {
  const { edge, workDirs, metrics, config } = deps;
  const log = deps.logger.child({ renderId: job.renderId });
  const { controller } = active;
  const { signal } = controller;
  const fence = lease.fence;
  log.info("job claimed", { attempt: job.attempt, fence, leaseExpiresAt: lease.expiresAt });

  const heartbeats = startHeartbeats({
    edge,
    renderId: job.renderId,
    fence,
    intervalMs: config.heartbeatMs,
    state: () => ({ stage: active.stage, progress: active.progress }),
    onOk: deps.onEdgeContact,
    onCancel: () => {
      log.info("cancel requested by the edge");
      controller.abort(new JobStopped("cancel"));
    },
    onLeaseLost: (error) => {
      log.warn("lease lost", { error });
      controller.abort(new JobStopped("lease-lost"));
    },
    logger: log,
  });

  const publisher = publisherFor(job, fence, deps);
  const limits = watchJobLimits(
    path.basename(active.workDir),
    { timeoutMs: config.jobTimeoutMs, memoryMb: config.jobMemoryMb },
    controller,
  );
  try {
    const workDir = await workDirs.create(job.renderId);
    const facecamFile = path.join(workDir, "facecam");
    const bytes = await downloadFacecam(edge, job.facecamPath, facecamFile, signal);
    log.info("facecam downloaded", { bytes });

    const result = await runPipeline(
      {
        spec: job.spec,
        fields: job.fields,
        facecamFile,
        workDir,
        cacheDir: workDirs.cacheDir,
        binaries: deps.binaries,
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
        },
        onStageDone: (stage, ms) => metrics.stageSeconds.observe({ stage }, ms / 1000),
        onProgress: (_stage, progress) => {
          active.progress = progress;
        },
        publish: async (artifacts, publishSignal) => {
          await publisher.put("video.mp4", artifacts.video, publishSignal);
          active.progress = Math.max(active.progress, 0.97);
          await publisher.put("poster.jpg", artifacts.poster, publishSignal);
          await publisher.put("preview.gif", artifacts.gif, publishSignal);
        },
      },
    );
    await publisher.put("report.json", result.artifacts.report, signal);
    // Stop beating first: once complete lands the lease is gone and a late beat would read as lost.
    await heartbeats.stop();
    await edge.complete(
      job.renderId,
      {
        fence,
        durationMs: Math.max(1, Math.round((result.report.video?.seconds ?? 0) * 1000)),
        timings: result.report.timings,
        warnings: result.report.warnings,
        storage: publisher.storage(),
      },
      signal,
    );
    await workDirs.remove(job.renderId);
    log.info("job done", { elapsedMs: result.report.elapsedMs, timings: result.report.timings });
    return finish("done");
  } catch (error) {
    await heartbeats.stop();
    return finish(await settleFailure(error));
  } finally {
    limits.stop();
  }

  function finish(outcome: JobOutcome): JobOutcome {
    metrics.jobs.inc({ outcome });
    return outcome;
  }

  async function settleFailure(error: unknown): Promise<JobOutcome> {
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
    await tellEdge(failure);
    return "failed";
  }

  async function tellEdge(failure: {
    cancelled?: boolean;
    retryable: boolean;
    code: string;
    message: string;
  }) {
    try {
      await edge.fail(
        job.renderId,
        { fence, cancelled: failure.cancelled ?? false, ...failure, message: failure.message.slice(0, 2000) },
        AbortSignal.timeout(FINAL_CALL_TIMEOUT_MS),
      );
    } catch (error) {
      log.error("could not report the failure to the edge", { error });
    }
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
