import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserSession } from "../browser/browser-session";
import { errorMessage, RenderError } from "../core/errors";
import type { Stage } from "../core/stage";
import { type RenderReport, type SceneCapture, STAGE_PROGRESS_SPAN, type StageName } from "../core/types";
import { silentLogger } from "../log";
import { captureStage } from "../stages/capture";
import { composeStage } from "../stages/compose";
import { layoutBubble } from "../stages/compose/bubble";
import { type PreparedFacecam, prepareFacecam } from "../stages/compose/facecam-prep";
import { type Preflighted, preflightStage } from "../stages/preflight";
import type { UntrustedVideo } from "../stages/preflight/untrusted-media";
import { publishStage } from "../stages/publish";
import type { PipelineHooks, PipelineInput, PipelineResult } from "./types";

const DEFAULT_NAVIGATION_TIMEOUT_MS = 30_000;

/**
 * Renders one lead: preflight → capture → compose → publish, each timed. report.json is written into
 * the work folder whatever the outcome; on failure or cancel the error is rethrown after that.
 */
export async function runPipeline(input: PipelineInput, hooks: PipelineHooks): Promise<PipelineResult> {
  const { signal } = hooks;
  const logger = hooks.logger ?? silentLogger;
  const startedAt = new Date();
  const report: RenderReport = {
    version: 1,
    ...(input.renderId ? { renderId: input.renderId } : {}),
    outcome: "failed",
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    elapsedMs: 0,
    timings: {},
    stages: [],
    scenes: [],
    warnings: [],
  };
  const reportFile = path.join(input.workDir, "report.json");
  let lastProgress = 0;
  const progress = (stage: StageName, fraction: number) => {
    const [from, to] = STAGE_PROGRESS_SPAN[stage];
    const overall = Math.min(
      1,
      Math.max(lastProgress, from + (to - from) * Math.min(1, Math.max(0, fraction))),
    );
    lastProgress = overall;
    hooks.onProgress?.(stage, overall);
  };
  const run = async <In, Out>(stage: Stage<In, Out>, stageInput: In): Promise<Out> => {
    const { name } = stage;
    signal.throwIfAborted();
    hooks.onStage?.(name);
    progress(name, 0);
    const began = performance.now();
    let ok = false;
    try {
      const result = await stage.run(stageInput, {
        signal,
        logger,
        report,
        progress: (fraction) => progress(name, fraction),
      });
      ok = true;
      return result;
    } finally {
      const ms = Math.round(performance.now() - began);
      report.timings[name] = ms;
      report.stages.push({ name, ms, ok });
      logger.info(ok ? "stage done" : "stage failed", { stage: name, ms });
      hooks.onStageDone?.(name, ms, ok);
    }
  };

  // The facecam is prepared by ffmpeg while Chromium captures; compose waits for it. Its own
  // controller stops it when the render fails before compose gets to it.
  const facecamControl = new AbortController();
  const stopFacecam = () => facecamControl.abort(signal.reason);
  signal.addEventListener("abort", stopFacecam, { once: true });
  let facecamPrep: Promise<PreparedFacecam> | undefined;
  const cacheDir = input.cacheDir ?? path.join(input.workDir, ".cache");
  const startFacecamPrep = (probed: UntrustedVideo) => {
    const started = performance.now();
    facecamPrep = prepareFacecam({
      ffmpeg: input.binaries.ffmpeg,
      facecamFile: input.facecamFile,
      probed,
      layout: layoutBubble(input.spec.bubble, input.spec.output),
      fps: input.spec.output.fps,
      cacheDir,
      signal: facecamControl.signal,
    }).then((facecam) => {
      report.compose = {
        ...report.compose,
        facecamPrepMs: Math.round(performance.now() - started),
      } as RenderReport["compose"];
      return facecam;
    });
    // Awaited by compose; until then a failure must not surface as an unhandled rejection.
    facecamPrep.catch(() => {});
  };

  try {
    await mkdir(input.workDir, { recursive: true });
    // Opened by the pre-flight, once the input is known to be good; closed before compose.
    let browser: BrowserSession | undefined;
    let preflighted: Preflighted;
    let captured: SceneCapture[];
    try {
      preflighted = await run(preflightStage, {
        ...input,
        navigationTimeoutMs: input.navigationTimeoutMs ?? DEFAULT_NAVIGATION_TIMEOUT_MS,
        onFacecamProbed: startFacecamPrep,
        onBrowserOpen: (session) => {
          browser = session;
        },
      });
      captured = await run(captureStage, {
        preflighted,
        output: input.spec.output,
        ...(input.captureCache ? { cache: input.captureCache } : {}),
        ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
        allowHosts: input.allowHosts,
        workDir: input.workDir,
      });
    } finally {
      const closed = await browser?.close();
      if (closed?.forced) logger.warn("Chromium did not exit when closed; its processes were killed");
    }
    const artifacts = await run(composeStage, {
      ...input,
      prepared: preflighted.prepared,
      captured,
      facecam: facecamPrep as Promise<PreparedFacecam>,
      cacheDir,
    });
    await run(publishStage, { artifacts, ...(hooks.publish ? { publish: hooks.publish } : {}) });
    progress("publish", 1);
    report.outcome = "done";
    return { report, artifacts: { ...artifacts, report: reportFile } };
  } catch (thrown) {
    // Stopped by a job limit: the signal's reason says which, whatever the interrupted call threw.
    const error = signal.aborted && signal.reason instanceof RenderError ? signal.reason : thrown;
    report.outcome = signal.aborted && !(error instanceof RenderError) ? "cancelled" : "failed";
    report.error =
      error instanceof RenderError
        ? {
            code: error.code,
            message: error.message,
            retryable: error.retryable,
            ...(error.details ? { details: error.details } : {}),
          }
        : signal.aborted
          ? { code: "cancelled", message: "The render was stopped.", retryable: true }
          : { code: "internal", message: errorMessage(error), retryable: true };
    throw thrown;
  } finally {
    signal.removeEventListener("abort", stopFacecam);
    if (report.outcome !== "done") facecamControl.abort(new Error("render ended"));
    await facecamPrep?.catch(() => {});
    const finishedAt = new Date();
    report.finishedAt = finishedAt.toISOString();
    report.elapsedMs = finishedAt.getTime() - startedAt.getTime();
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`).catch((error) => {
      logger.warn("report.json could not be written", { error });
    });
  }
}
