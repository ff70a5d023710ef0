import type { Page, Request } from "playwright-core";
import { sleep } from "../../browser/deadline";

/**
 * Counts the page's requests in flight. Playwright's own `networkidle` fires once per navigation; lazy
 * content requested later (after the scroll pass) needs a fresh wait. A request open longer than
 * `staleMs` (long polling, a resource that hangs) no longer holds the page back.
 */
export class NetworkTracker {
  private readonly open = new Map<Request, number>();
  private lastChange = Date.now();

  constructor(
    private readonly page: Page,
    private readonly staleMs = 4000,
  ) {
    page.on("request", this.onStart);
    page.on("requestfinished", this.onEnd);
    page.on("requestfailed", this.onEnd);
  }

  private readonly onStart = (request: Request) => {
    this.open.set(request, Date.now());
    this.lastChange = Date.now();
  };

  private readonly onEnd = (request: Request) => {
    if (this.open.delete(request)) this.lastChange = Date.now();
  };

  private busy(): boolean {
    const now = Date.now();
    for (const started of this.open.values()) if (now - started < this.staleMs) return true;
    return false;
  }

  /** Resolves once nothing (fresh) was in flight for `quietMs`, or after `maxMs`. */
  async idle(quietMs: number, maxMs: number): Promise<boolean> {
    const end = Date.now() + maxMs;
    while (Date.now() < end) {
      if (!this.busy() && Date.now() - this.lastChange >= quietMs) return true;
      await sleep(50);
    }
    return false;
  }

  dispose(): void {
    this.page.off("request", this.onStart);
    this.page.off("requestfinished", this.onEnd);
    this.page.off("requestfailed", this.onEnd);
  }
}
