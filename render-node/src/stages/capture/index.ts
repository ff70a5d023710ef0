import type { Stage } from "../../core/stage";
import type { CaptureScene, SceneCapture } from "../../core/types";
import type { Preflighted } from "../preflight";
import { type CachedCaptureScene, type CaptureCache, captureWithCache } from "./capture-cache";
import { captureScenes } from "./scenes";

export interface CaptureInput {
  preflighted: Preflighted;
  output: { width: number; height: number; fps: number };
  /** Scene captures reused across renders; absent: every scene is captured. */
  cache?: CaptureCache;
  /** Part of the cache key (with the hosts the capture may reach), so no workspace gets another's. */
  workspaceId?: string;
  allowHosts: readonly string[];
  workDir: string;
}

/** Captures every scene in the browser the pre-flight left on its pages, or takes it from the cache. */
export const captureStage: Stage<CaptureInput, SceneCapture[]> = {
  name: "capture",
  async run(input, { report, progress }) {
    const { session, pages, scenes, policy, prepared } = input.preflighted;
    const captureOptions = {
      ...policy,
      viewport: { width: input.output.width, height: input.output.height },
      fps: input.output.fps,
      onSceneCaptured: (done: number, total: number) => progress(done / total),
    };
    const cache = input.cache;
    let captured: SceneCapture[];
    if (!cache) {
      captured = await captureScenes(session, pages, { ...captureOptions, scenes });
    } else {
      const keyed = scenes.map((scene): CaptureScene & CachedCaptureScene => {
        const fallback = pages.get(scene.index)?.[0]?.usable === false && prepared.fallbackUrl !== undefined;
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
      captured = captures;
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
    return captured;
  },
};
