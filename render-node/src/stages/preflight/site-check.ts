import path from "node:path";
import { type PreflightResult, renderMergeFields, type SceneSpec } from "@loom-lite/schema";
import sharp from "sharp";
import { settleWithin } from "../../browser/deadline";
import type { WarmBrowser } from "../../browser/warm-browser";
import { EgressGuard } from "../../core/egress-guard";
import { RenderError } from "../../core/errors";
import type { PreflightVerdict } from "../../core/types";
import { resolveSceneUrl } from "./inputs";
import { checkPage } from "./page-check";

export interface SiteCheckInput {
  spec: SceneSpec;
  fields: Record<string, string>;
  allowHosts: readonly string[];
  workDir: string;
  navigationTimeoutMs: number;
  /** What the checked page's JavaScript heap may hold (JOB_MEMORY_MB): a check owns no process to measure. */
  pageMemoryMb: number;
  /** The node's warm browser: the check gets a fresh context in it (a launch costs more than a check). */
  browser: WarmBrowser;
  signal: AbortSignal;
}

export interface SiteCheck {
  result: PreflightResult;
  /** The first frame as a contact-sheet JPEG, when the page showed anything. */
  frameFile: string | null;
}

/** Wide enough for a contact-sheet tile on a large screen, small enough to page through fast. */
const FRAME_WIDTH = 640;

/**
 * A pre-flight-only job (kind `preflight`): visits the lead's first scene page as a render would, keeps
 * its first frame and says whether a video could film it. No facecam, no capture, no encode: the
 * answer is the product, so an unusable page is a verdict, not a failure.
 */
export async function checkSite(input: SiteCheckInput): Promise<SiteCheck> {
  const { spec, fields, signal } = input;
  const template = spec.scenes[0]?.url ?? "";
  let url: string;
  try {
    url = resolveSceneUrl(template, fields, "Scene 1");
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const filled = renderMergeFields(template, fields).slice(0, 2048);
    return {
      result: { verdict: "broken", url: filled, reason: error.message.slice(0, 500) },
      frameFile: null,
    };
  }
  const session = await input.browser.session({
    viewport: { width: spec.output.width, height: spec.output.height },
    // Laid out as the video would show it, painted at the thumbnail's size: a quarter of the pixels
    // to paint, screenshot and encode for a 720p video.
    deviceScaleFactor: Math.min(1, FRAME_WIDTH / spec.output.width),
    guard: new EgressGuard(input.allowHosts),
    signal,
  });
  try {
    const options = {
      workDir: input.workDir,
      navigationTimeoutMs: input.navigationTimeoutMs,
      memoryLimitBytes: input.pageMemoryMb * 1024 * 1024,
      signal,
    };
    const own = await checkPage(session, url, { ...options, name: "1" });
    if (own.usable)
      return { result: { verdict: "usable", url, reason: null }, frameFile: await thumbnail(own, input) };
    const reason = own.reason ?? "the page could not be used";
    const fallbackUrl =
      spec.onUnusable === "fallback" && spec.fallbackUrl ? resolveFallback(spec.fallbackUrl, fields) : null;
    if (fallbackUrl) {
      const stand = await checkPage(session, fallbackUrl, { ...options, name: "1-fallback" });
      if (stand.usable) {
        return {
          result: {
            verdict: "fallback",
            url,
            reason: clip(`${reason}; the campaign's fallback page ${fallbackUrl} would be filmed instead`),
          },
          frameFile: await thumbnail(own.frame ? own : stand, input),
        };
      }
    }
    return {
      result: { verdict: own.problem === "bot_wall" ? "walled" : "broken", url, reason: clip(reason) },
      frameFile: await thumbnail(own, input),
    };
  } finally {
    await settleWithin(session.close(), 10_000);
  }
}

function resolveFallback(template: string, fields: Record<string, string>): string | null {
  try {
    return resolveSceneUrl(template, fields, "The campaign's fallbackUrl");
  } catch {
    return null;
  }
}

const clip = (text: string) => (text.length > 500 ? `${text.slice(0, 499)}…` : text);

async function thumbnail(verdict: PreflightVerdict, input: SiteCheckInput): Promise<string | null> {
  if (!verdict.frame) return null;
  const file = path.join(input.workDir, "first-frame.jpg");
  await sharp(verdict.frame)
    .resize({ width: FRAME_WIDTH, withoutEnlargement: true })
    .jpeg({ quality: 72 })
    .toFile(file);
  return file;
}
