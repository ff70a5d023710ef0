import { MAX_VIDEO_SECONDS, renderMergeFields, type SceneSpec } from "@loom-lite/schema";
import type { Binaries } from "../../binaries";
import { RenderError } from "../../core/errors";
import { planSceneDurations, type SceneTiming } from "./durations";
import { probeUntrustedVideo, type UntrustedVideo } from "./untrusted-media";

/** The parts of a render request the input checks read. */
export interface RenderRequest {
  spec: SceneSpec;
  fields: Record<string, string>;
  facecamFile: string;
  binaries: Pick<Binaries, "ffprobe">;
}

export interface PreparedRender {
  scenes: { index: number; url: string; timing: SceneTiming }[];
  fallbackUrl: string | undefined;
  facecam: UntrustedVideo;
  totalSeconds: number;
  warnings: string[];
}

/**
 * Fills merge fields into the scene URLs, checks and measures the facecam (an upload: see
 * untrusted-media.ts) and decides how long each scene lasts, within the platform's longest video.
 */
export async function preflight(input: RenderRequest, signal: AbortSignal): Promise<PreparedRender> {
  const { spec, fields } = input;
  const urls = spec.scenes.map((scene, index) => resolveSceneUrl(scene.url, fields, `Scene ${index + 1}`));
  const fallbackUrl = spec.fallbackUrl
    ? resolveSceneUrl(spec.fallbackUrl, fields, "The campaign's fallbackUrl")
    : undefined;
  const facecam = await probeUntrustedVideo(input.binaries.ffprobe, input.facecamFile, signal);
  const plan = planSceneDurations(spec.scenes, facecam.seconds, spec.output.fps, spec.length);
  if (plan.totalSeconds > MAX_VIDEO_SECONDS) {
    throw new RenderError(
      "invalid_input",
      `The scenes would last ${plan.totalSeconds.toFixed(1)} s, longer than the ${MAX_VIDEO_SECONDS} s the ` +
        "platform renders; shorten the scenes' seconds or give fewer scenes a length of their own.",
      { retryable: false },
    );
  }
  const warnings = [...plan.warnings];
  if (!facecam.hasAudio) warnings.push("The facecam has no audio track; the video is silent.");
  return {
    scenes: urls.map((url, index) => ({ index, url, timing: plan.scenes[index] as SceneTiming })),
    fallbackUrl,
    facecam,
    totalSeconds: plan.totalSeconds,
    warnings,
  };
}

/**
 * A scene URL after merge fields; a bare domain from a lead list (`acme.com`) gets https://. Only
 * http and https pages can be captured.
 */
export function resolveSceneUrl(template: string, fields: Record<string, string>, label: string): string {
  let filled = renderMergeFields(template, fields).trim();
  if (filled && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(filled) && /^[\w-]+(\.[\w-]+)+/.test(filled)) {
    filled = `https://${filled}`;
  }
  let url: URL | undefined;
  try {
    url = new URL(filled);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    throw new RenderError(
      "invalid_input",
      `${label}: the URL template "${template}" gives "${filled}" for this lead, which is not an http(s) web ` +
        "address. Fill the lead's fields used in the template (for example website).",
      { retryable: false },
    );
  }
  return url.toString();
}
