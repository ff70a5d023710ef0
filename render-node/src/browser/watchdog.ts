import type { Page } from "playwright-core";
import { UnusablePage } from "./unusable";

/**
 * Closes `page` when `run` takes longer than `ms`, which makes every pending Playwright call on it fail:
 * a page that blocks its main thread (an endless script loop) would otherwise hold an `evaluate`
 * forever. The failure becomes a retryable timeout.
 */
export async function withPageWatchdog<T>(page: Page, ms: number, run: () => Promise<T>): Promise<T> {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    void page.close().catch(() => {});
  }, ms);
  try {
    return await run();
  } catch (error) {
    if (fired) {
      throw new UnusablePage(`the page did not settle within ${Math.round(ms / 1000)} s`, "timeout", true);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
