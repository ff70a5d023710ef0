import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserSession } from "../../browser/browser-session";
import { Deadline, settleWithin } from "../../browser/deadline";
import { loadPage } from "../../browser/page-load";
import { watchPageMemory } from "../../browser/page-memory";
import { judgePage, siteOf } from "../../browser/page-verdict";
import { UnusablePage } from "../../browser/unusable";
import { withPageWatchdog } from "../../browser/watchdog";
import type { PreflightVerdict } from "../../core/types";

export interface PageCheckOptions {
  /** Names the first-frame file: `preflight-<name>.jpg`. */
  name: string;
  workDir: string;
  navigationTimeoutMs: number;
  signal: AbortSignal;
  /** A usable page stays open in the session for the capture to continue on. */
  park?: boolean;
  /** The page's JavaScript heap may not pass this; a page that does is closed and called unusable. */
  memoryLimitBytes?: number;
}

/** How long the quick visit may take, whatever the navigation timeout. */
const CHECK_BUDGET_MS = 12_000;
const CHECK_LOAD_CAP_MS = 3000;

/**
 * The quick visit before any render time is spent: loads the page with short timeouts and says whether
 * it can be used (reachable, HTTP status, bot wall, blank) and where it ended up, saving what it showed
 * as `preflight-<name>.jpg`.
 */
export async function checkPage(
  session: BrowserSession,
  url: string,
  options: PageCheckOptions,
): Promise<PreflightVerdict> {
  const frameFile = path.join(options.workDir, `preflight-${options.name}.jpg`);
  const page = await session.newPage();
  const mark = session.blockedMark();
  let parked = false;
  const memory = options.memoryLimitBytes
    ? await watchPageMemory(page, options.memoryLimitBytes, () => void page.close().catch(() => {}))
    : undefined;
  try {
    const deadline = new Deadline(CHECK_BUDGET_MS);
    const seen = await withPageWatchdog(page, CHECK_BUDGET_MS + 20_000, async () => {
      const response = await loadPage(session, page, url, {
        navigationTimeoutMs: Math.min(options.navigationTimeoutMs, CHECK_BUDGET_MS),
        deadline,
        signal: options.signal,
        loadCapMs: CHECK_LOAD_CAP_MS,
      });
      return judgePage(page, response);
    });
    await memory?.readNow();
    if (memory?.overBytes) throw tooHeavy(memory.overBytes);
    await writeFile(frameFile, seen.frame);
    const finalUrl = page.url();
    const verdict: PreflightVerdict = { url, usable: true, status: seen.status, finalUrl, frame: frameFile };
    if (siteOf(finalUrl) !== siteOf(url)) verdict.redirectedTo = finalUrl;
    if (options.park) {
      session.park(url, page, mark);
      parked = true;
    }
    return verdict;
  } catch (caught) {
    if (options.signal.aborted) throw options.signal.reason;
    const error = memory?.overBytes ? tooHeavy(memory.overBytes) : caught;
    if (!(error instanceof UnusablePage)) throw error;
    const verdict: PreflightVerdict = {
      url,
      usable: false,
      reason: error.reason,
      problem: error.problem,
      status: error.status,
      finalUrl: error.finalUrl ?? url,
      retryable: error.retryable,
    };
    if (error.frame) {
      await writeFile(frameFile, error.frame);
      verdict.frame = frameFile;
    }
    return verdict;
  } finally {
    await memory?.stop();
    if (!parked) await settleWithin(page.close(), 5000);
  }
}

function tooHeavy(bytes: number): UnusablePage {
  const mb = Math.round(bytes / (1024 * 1024));
  return new UnusablePage(
    `the page used ${mb} MB of memory while loading, more than a render may use; it was closed`,
    "memory",
    false,
  );
}
