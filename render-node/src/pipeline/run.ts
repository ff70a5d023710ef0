import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { BrowserSession } from "../browser/browser-session";
import { EgressGuard } from "../core/egress-guard";
import { errorMessage, RenderError } from "../core/errors";
import {
  type PipelineArtifacts,
  type RenderReport,
  type SceneCapture,
  STAGE_PROGRESS_SPAN,
  type StageName,
} from "../core/types";
import { silentLogger } from "../log";
import { type CachedCaptureScene, captureWithCache } from "../stages/capture/capture-cache";
import {
  type CaptureScene,
  captureScenes,
  type PreflightPlan,
  preflightPages,
} from "../stages/capture/scenes";
import { actionSelectors } from "../stages/capture/selectors";
import { layoutBubble } from "../stages/compose/bubble";
import { composeVideo } from "../stages/compose/compose";
import { type PreparedFacecam, prepareFacecam } from "../stages/compose/facecam-prep";
import { type PreparedRender, preflight } from "../stages/preflight/inputs";
import type { UntrustedVideo } from "../stages/preflight/untrusted-media";
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
  const stage = async <T>(name: StageName, run: () => Promise<T>): Promise<T> => {
    signal.throwIfAborted();
    hooks.onStage?.(name);
    progress(name, 0);
    const began = performance.now();
    let ok = false;
    try {
      const result = await run();
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
    // Opened inside the preflight stage, once the input is known to be good; closed before compose.
    const browser: { session?: BrowserSession } = {};
    let captured: SceneCapture[];
    let prepared: PreparedRender;
    try {
      const navigationTimeoutMs = input.navigationTimeoutMs ?? DEFAULT_NAVIGATION_TIMEOUT_MS;
      const policy = {
        onUnusable: input.spec.onUnusable,
        workDir: input.workDir,
        signal,
        navigationTimeoutMs,
        logger,
        warnings: report.warnings,
      };
      const pages: PreflightPlan = new Map();
      const scenes: CaptureScene[] = input.spec.scenes.map((scene, index) => ({
        index,
        url: "",
        selectors: actionSelectors(scene, input.fields),
      }));
      prepared = await stage("preflight", async () => {
        const ready = await preflight(input, signal);
        startFacecamPrep(ready.facecam);
        report.warnings.push(...ready.warnings);
        for (const s of ready.scenes) (scenes[s.index] as CaptureScene).url = s.url;
        report.facecam = {
          seconds: ready.facecam.seconds,
          ...(ready.facecam.declaredSeconds !== undefined
            ? { declaredSeconds: ready.facecam.declaredSeconds }
            : {}),
          hasAudio: ready.facecam.hasAudio,
        };
        report.scenes = ready.scenes.map((s) => ({ index: s.index, url: s.url, seconds: s.timing.seconds }));
        report.video = { seconds: ready.totalSeconds, ...input.spec.output };
        browser.session = await BrowserSession.open({
          chromiumPath: input.binaries.chromium,
          viewport: { width: input.spec.output.width, height: input.spec.output.height },
          guard: new EgressGuard(input.allowHosts),
          signal,
          label: path.basename(input.workDir),
          ...(input.browserUser ? { user: input.browserUser } : {}),
        });
        try {
          await preflightPages(browser.session, scenes, { ...policy, fallbackUrl: ready.fallbackUrl }, pages);
        } finally {
          // Also when a lead is rejected: the report says what each page showed.
          for (const [index, verdicts] of pages) {
            const scene = report.scenes[index];
            if (scene) scene.preflight = verdicts;
          }
        }
        return ready;
      });
      const session = browser.session as BrowserSession;
      const captureOptions = {
        ...policy,
        fallbackUrl: prepared.fallbackUrl,
        viewport: { width: input.spec.output.width, height: input.spec.output.height },
        fps: input.spec.output.fps,
        onSceneCaptured: (done: number, total: number) => progress("capture", done / total),
      };
      const cache = input.captureCache;
      captured = await stage("capture", async () => {
        if (!cache) return captureScenes(session, pages, { ...captureOptions, scenes });
        const keyed = scenes.map((scene): CaptureScene & CachedCaptureScene => {
          const fallback =
            pages.get(scene.index)?.[0]?.usable === false && prepared.fallbackUrl !== undefined;
          return {
            ...scene,
            key: {
              workspaceId: input.workspaceId,
              loadUrl: fallback ? (prepared.fallbackUrl as string) : scene.url,
              fallback,
              selectors: scene.selectors ?? [],
              viewport: captureOptions.viewport,
              fps: captureOptions.fps,
              allowHosts: input.allowHosts,
            },
          };
        });
        const { captures, hits } = await captureWithCache(cache, keyed, input.workDir, (missing) =>
          captureScenes(session, pages, { ...captureOptions, scenes: missing }),
        );
        for (const shot of captures) {
          const scene = report.scenes[shot.index];
          if (scene) scene.captureCache = hits.has(shot.index) ? "hit" : "miss";
          if (hits.has(shot.index)) {
            shot.preflight = pages.get(shot.index) ?? shot.preflight;
            report.warnings.push(...shot.warnings);
          }
        }
        return captures;
      });
    } finally {
      await browser.session?.close();
    }
    for (const shot of captured) {
      const scene = report.scenes[shot.index];
      if (!scene) continue;
      scene.capturedUrl = shot.capturedUrl;
      scene.screenshotHeight = shot.background.height;
      scene.captureMode = shot.mode;
      if (shot.liveReason) scene.liveReason = shot.liveReason;
      if (shot.fallback) scene.fallback = true;
    }

    const facecam = facecamPrep as Promise<PreparedFacecam>;
    const artifacts: PipelineArtifacts = await stage("compose", async () => {
      const composed = await composeVideo({
        binaries: input.binaries,
        spec: input.spec,
        fields: input.fields,
        facecam,
        facecamSeconds: prepared.facecam.seconds,
        scenes: captured.map((capture) => ({
          capture,
          frames: prepared.scenes[capture.index]?.timing.frames ?? 1,
        })),
        workDir: input.workDir,
        cacheDir,
        signal,
        ...(input.encoder ? { encoder: input.encoder } : {}),
        onProgress: (fraction) => progress("compose", fraction),
      });
      report.warnings.push(...composed.warnings);
      report.compose = { ...report.compose, ...composed.report };
      return { video: composed.video, poster: composed.poster, gif: composed.gif };
    });

    await stage("publish", async () => {
      await hooks.publish?.(artifacts, signal);
    });
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
