import type { SceneSpec } from "@loom-lite/schema";
import type { Binaries } from "../../binaries";
import type { BrowserSession } from "../../browser/browser-session";
import type { Stage } from "../../core/stage";
import type { CaptureScene, PolicyOptions, PreflightPlan } from "../../core/types";
import { type PreparedRender, preflight } from "./inputs";
import { preflightPages } from "./pages";
import { openRenderBrowser } from "./render-browser";
import { actionSelectors } from "./selectors";
import type { UntrustedVideo } from "./untrusted-media";

export interface PreflightInput {
  spec: SceneSpec;
  fields: Record<string, string>;
  facecamFile: string;
  binaries: Pick<Binaries, "ffprobe" | "chromium">;
  allowHosts: readonly string[];
  workDir: string;
  navigationTimeoutMs: number;
  browserUser?: { uid: number; gid: number };
  /** Called once the facecam is measured, so its preparation can run alongside the capture. */
  onFacecamProbed: (facecam: UntrustedVideo) => void;
  /** Gets the browser as soon as it is open: the caller closes it, whatever happens next. */
  onBrowserOpen: (session: BrowserSession) => void;
  /** A browser the caller started opening earlier (the CLI, while it loads); otherwise opened here. */
  browser?: Promise<BrowserSession>;
}

/** A render whose input is good and whose pages were visited, with the browser still open on them. */
export interface Preflighted {
  prepared: PreparedRender;
  session: BrowserSession;
  /** Every scene's verdicts: its own page, then the fallback page when that stands in. */
  pages: PreflightPlan;
  scenes: CaptureScene[];
  policy: PolicyOptions & { warnings: string[] };
}

/**
 * Checks the input (merge fields, facecam, durations) while Chromium starts, then visits every scene
 * page, so an unusable page or a bad upload fails the render before capture and compose time is spent.
 */
export const preflightStage: Stage<PreflightInput, Preflighted> = {
  name: "preflight",
  async run(input, { signal, logger, report }) {
    // The launch does not depend on the input checks; started first, it overlaps them.
    const opening = (
      input.browser ??
      openRenderBrowser(
        {
          chromiumPath: input.binaries.chromium,
          output: input.spec.output,
          allowHosts: input.allowHosts,
          workDir: input.workDir,
          browserUser: input.browserUser,
        },
        signal,
      )
    ).then((session) => {
      input.onBrowserOpen(session);
      return session;
    });
    // Awaited below; a launch that fails while the checks run must not surface as unhandled.
    opening.catch(() => {});
    let prepared: PreparedRender;
    try {
      prepared = await preflight(input, signal);
    } catch (error) {
      // Handed to the caller (which closes it) before the failure is: no browser outlives a bad input.
      await opening.catch(() => undefined);
      throw error;
    }
    input.onFacecamProbed(prepared.facecam);
    report.warnings.push(...prepared.warnings);
    const scenes: CaptureScene[] = input.spec.scenes.map((scene, index) => ({
      index,
      url: "",
      selectors: actionSelectors(scene, input.fields),
    }));
    for (const s of prepared.scenes) (scenes[s.index] as CaptureScene).url = s.url;
    report.facecam = {
      seconds: prepared.facecam.seconds,
      ...(prepared.facecam.declaredSeconds !== undefined
        ? { declaredSeconds: prepared.facecam.declaredSeconds }
        : {}),
      hasAudio: prepared.facecam.hasAudio,
    };
    report.scenes = prepared.scenes.map((s) => ({ index: s.index, url: s.url, seconds: s.timing.seconds }));
    report.video = { seconds: prepared.totalSeconds, ...input.spec.output };
    const session = await opening;
    const policy = {
      onUnusable: input.spec.onUnusable,
      fallbackUrl: prepared.fallbackUrl,
      workDir: input.workDir,
      signal,
      navigationTimeoutMs: input.navigationTimeoutMs,
      logger,
      warnings: report.warnings,
    };
    const pages: PreflightPlan = new Map();
    try {
      await preflightPages(session, scenes, policy, pages);
    } finally {
      // Also when a lead is rejected: the report says what each page showed.
      for (const [index, verdicts] of pages) {
        const scene = report.scenes[index];
        if (scene) scene.preflight = verdicts;
      }
    }
    return { prepared, session, pages, scenes, policy };
  },
};
