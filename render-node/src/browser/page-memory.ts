import type { CDPSession, Page } from "playwright-core";
import { settleWithin, sleep } from "./deadline";

export interface PageMemoryWatch {
  /** The heap size that crossed the limit, in bytes, once it has. */
  readonly overBytes: number | undefined;
  /** One reading now (a verdict must not depend on where the 250 ms polling happened to be). */
  readNow(): Promise<void>;
  stop(): Promise<void>;
}

const POLL_MS = 250;

/**
 * Reads the page's JavaScript heap (with its array buffers and external strings) over CDP every 250 ms,
 * and calls `onOver` once when it passes `limitBytes`. A page that only browses in a shared browser owns
 * no process of its own to measure, so its heap is what can be bounded per page; Chromium interrupts
 * running script to answer, so a page stuck in an allocation loop is still read.
 */
export async function watchPageMemory(
  page: Page,
  limitBytes: number,
  onOver: (bytes: number) => void,
): Promise<PageMemoryWatch> {
  let cdp: CDPSession;
  try {
    cdp = await page.context().newCDPSession(page);
  } catch {
    // The page closed before the watch began: nothing left to bound.
    return { overBytes: undefined, readNow: async () => {}, stop: async () => {} };
  }
  let overBytes: number | undefined;
  let stopped = false;
  const read = async () => {
    const heap = (await cdp.send("Runtime.getHeapUsage")) as {
      usedSize: number;
      embedderHeapUsedSize?: number;
      backingStorageSize?: number;
    };
    return heap.usedSize + (heap.embedderHeapUsedSize ?? 0) + (heap.backingStorageSize ?? 0);
  };
  /** False once the page is gone or over the limit: nothing more to read. */
  const measure = async (): Promise<boolean> => {
    if (overBytes !== undefined) return false;
    const bytes = await read().catch(() => undefined);
    if (bytes === undefined) return false; // the page or the browser is gone
    if (bytes > limitBytes && overBytes === undefined) {
      overBytes = bytes;
      onOver(bytes);
      return false;
    }
    return true;
  };
  const loop = (async () => {
    while (!stopped && (await measure())) await sleep(POLL_MS);
  })();
  return {
    get overBytes() {
      return overBytes;
    },
    async readNow() {
      await settleWithin(measure(), 2 * POLL_MS);
    },
    async stop() {
      stopped = true;
      // A reading the page never answers (its renderer hung) must not hold the caller.
      await settleWithin(loop, 2 * POLL_MS);
      await settleWithin(cdp.detach(), 2 * POLL_MS);
    },
  };
}
