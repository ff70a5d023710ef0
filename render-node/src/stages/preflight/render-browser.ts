import path from "node:path";
import { BrowserSession } from "../../browser/browser-session";
import { EgressGuard } from "../../core/egress-guard";

/** What a render's browser is opened with: a viewport of the video's size behind the render's egress guard. */
export interface RenderBrowserInput {
  chromiumPath: string | undefined;
  output: { width: number; height: number };
  allowHosts: readonly string[];
  /** Names the browser's profile (and so its processes) after the render's work folder. */
  workDir: string;
  browserUser?: { uid: number; gid: number } | undefined;
}

/**
 * Opens the browser of one render. Kept apart from the pre-flight stage so the CLI can start it before
 * the rest of the node has loaded.
 */
export function openRenderBrowser(input: RenderBrowserInput, signal: AbortSignal): Promise<BrowserSession> {
  return BrowserSession.open({
    chromiumPath: input.chromiumPath,
    viewport: { width: input.output.width, height: input.output.height },
    guard: new EgressGuard(input.allowHosts),
    signal,
    label: path.basename(input.workDir),
    ...(input.browserUser ? { user: input.browserUser } : {}),
  });
}
