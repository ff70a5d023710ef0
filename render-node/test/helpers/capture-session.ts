import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resolveBinaries } from "../../src/binaries";
import { BrowserSession } from "../../src/browser/browser-session";
import { EgressGuard, type Resolver } from "../../src/core/egress-guard";
import { silentLogger } from "../../src/log";
import { captureScene, type SceneCaptureOptions } from "../../src/stages/capture/scene";

export const VIEWPORT = { width: 1280, height: 720 };

export interface CaptureKit {
  session: BrowserSession;
  workDir: string;
  signal: AbortSignal;
  /** Captures `url` as scene `index` with the production defaults (15 s budget, 8000 px). */
  capture(url: string, extra?: Partial<SceneCaptureOptions>): ReturnType<typeof captureScene>;
  close(): Promise<void>;
}

/** One Chromium behind the egress proxy for a test file, and a scratch folder. */
export async function openCaptureKit(
  options: { allowHosts?: string[]; resolver?: Resolver; extraArgs?: string[] } = {},
): Promise<CaptureKit> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "render-capture-test-"));
  const binaries = await resolveBinaries();
  const signal = new AbortController().signal;
  const session = await BrowserSession.open({
    chromiumPath: binaries.chromium,
    viewport: VIEWPORT,
    guard: new EgressGuard(options.allowHosts ?? ["127.0.0.1"], options.resolver),
    signal,
    extraArgs: options.extraArgs ?? [],
  });
  let scenes = 0;
  return {
    session,
    workDir,
    signal,
    capture: (url, extra = {}) =>
      captureScene(session, {
        index: scenes++,
        url,
        loadUrl: url,
        fallback: false,
        selectors: [],
        viewport: VIEWPORT,
        fps: 30,
        maxHeight: 8000,
        budgetMs: 15_000,
        navigationTimeoutMs: 15_000,
        workDir,
        signal,
        logger: silentLogger,
        ...extra,
      }),
    close: async () => {
      await session.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
