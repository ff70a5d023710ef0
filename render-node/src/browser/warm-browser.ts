import type { Browser } from "playwright-core";
import { EgressGuard } from "../core/egress-guard";
import { killProcessesMarked, residentBytesMarked } from "../core/process-table";
import { BrowserSession, type LaunchedBrowser, launchBrowser, untilAborted } from "./browser-session";
import type { BrowserUser } from "./browser-user";
import { type EgressProxy, startEgressProxy } from "./egress-proxy";

export interface WarmBrowserOptions {
  chromiumPath: string | undefined;
  /** Who Chromium runs as when the node is root (default nobody); ignored otherwise. */
  user?: BrowserUser | undefined;
  /** Extra Chromium flags (tests map host names with --host-resolver-rules). */
  extraArgs?: readonly string[];
  /** A browser is retired (closed once its sessions end) after this many sessions; a long-lived Chromium grows. */
  maxSessions?: number;
  /**
   * The memory the whole browser (every process it started) may hold; past it the browser is killed and
   * the next session gets a new one. Each page is also bounded on its own (page-check's heap watch).
   */
  memoryLimitBytes?: number;
  /** Told when the browser was killed for its memory. */
  onOverMemory?: (bytes: number) => void;
}

const MEMORY_POLL_MS = 1000;

/** Names the warm browser's profile folder; never a render id, so no job's process sweep touches it. */
const PROFILE_LABEL = "site-checks";
const DEFAULT_MAX_SESSIONS = 100;
/** The persistent context's own window size; nobody browses in it. */
const IDLE_VIEWPORT = { width: 800, height: 600 };

interface Running {
  launched: LaunchedBrowser;
  browser: Browser;
  /** Behind the unused persistent context: refuses every private address, allows no exceptions. */
  proxy: EgressProxy;
  sessions: number;
  open: number;
  retired: boolean;
  memoryPoll?: NodeJS.Timeout;
  closing?: Promise<void>;
}

/**
 * One Chromium kept running for site checks, which only need a page's first frame: a launch (a profile,
 * a sandboxed process tree) costs more than the check itself. It is launched on first use with the
 * flags, sandbox and user of a render's browser; every session gets a fresh off-the-record context
 * behind its own egress proxy (BrowserSession.openContext), closed with the session, so no cookie,
 * storage or cache passes from one lead's site to another's. A browser that crashed is replaced on the
 * next session; one that served `maxSessions` sessions is closed once they end.
 */
export class WarmBrowser {
  /** Browsers launched so far. */
  launches = 0;
  /** Browsers killed for holding more than `memoryLimitBytes`. */
  killedForMemory = 0;
  private current: Running | undefined;
  private starting: Promise<Running> | undefined;
  private readonly all = new Set<Running>();
  private closed = false;

  constructor(private readonly options: WarmBrowserOptions) {}

  /** The profile folder of the browser now in use (its process has it on its command line). */
  get profileDir(): string | undefined {
    return this.current?.launched.profile.dir;
  }

  /** A fresh, guarded context in the warm browser, launching it first when none runs. */
  async session(options: {
    viewport: { width: number; height: number };
    deviceScaleFactor?: number;
    guard: EgressGuard;
    signal: AbortSignal;
  }): Promise<BrowserSession> {
    // A browser that died between the launch and this session's context is replaced once.
    for (let attempt = 0; ; attempt++) {
      const running = await untilAborted(this.ready(), options.signal, () => {});
      running.sessions += 1;
      running.open += 1;
      if (running.sessions >= (this.options.maxSessions ?? DEFAULT_MAX_SESSIONS)) this.retire(running);
      try {
        return await BrowserSession.openContext(running.browser, running.launched.profile, options, () =>
          this.released(running),
        );
      } catch (error) {
        this.released(running);
        if (attempt > 0 || options.signal.aborted || running.browser.isConnected()) throw error;
        this.retire(running);
      }
    }
  }

  /** Closes every browser (waiting for none of its sessions: their calls fail at once). */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => {});
    await Promise.all([...this.all].map((running) => this.shut(running)));
  }

  private ready(): Promise<Running> {
    if (this.closed) return Promise.reject(new Error("the render node is shutting down"));
    if (this.current) return Promise.resolve(this.current);
    this.starting ??= this.launch().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async launch(): Promise<Running> {
    const proxy = await startEgressProxy(new EgressGuard([]));
    let launched: LaunchedBrowser;
    try {
      launched = await launchBrowser(
        {
          chromiumPath: this.options.chromiumPath,
          viewport: IDLE_VIEWPORT,
          proxyUrl: proxy.url,
          extraArgs: this.options.extraArgs,
          label: PROFILE_LABEL,
          user: this.options.user,
        },
        new AbortController().signal,
      );
    } catch (error) {
      await proxy.close();
      throw error;
    }
    const browser = launched.context.browser();
    const running: Running = {
      launched,
      browser: browser as Browser,
      proxy,
      sessions: 0,
      open: 0,
      retired: false,
    };
    this.launches += 1;
    this.all.add(running);
    if (!browser || this.closed) {
      await this.shut(running);
      throw new Error(browser ? "the render node is shutting down" : "Chromium started without a browser");
    }
    for (const page of launched.context.pages()) await page.close().catch(() => {});
    // A crash (or a kill) ends the browser: its leftovers go, and the next session launches anew.
    browser.on("disconnected", () => void this.shut(running));
    this.watchMemory(running);
    this.current = running;
    return running;
  }

  private watchMemory(running: Running): void {
    const limit = this.options.memoryLimitBytes;
    if (!limit) return;
    const profileDir = running.launched.profile.dir;
    running.memoryPoll = setInterval(() => {
      const bytes = residentBytesMarked(profileDir);
      if (bytes <= limit || running.closing) return;
      this.killedForMemory += 1;
      this.options.onOverMemory?.(bytes);
      this.retire(running);
      // Its sessions' pages die with it; their checks fail and are tried again on a fresh browser.
      void killProcessesMarked(profileDir).then(() => this.shut(running));
    }, MEMORY_POLL_MS);
    running.memoryPoll.unref();
  }

  /** No new sessions go to `running`; it closes when its last one does. */
  private retire(running: Running): void {
    running.retired = true;
    if (this.current === running) this.current = undefined;
    if (running.open === 0) void this.shut(running);
  }

  private released(running: Running): void {
    running.open -= 1;
    if (running.retired && running.open === 0) void this.shut(running);
  }

  private shut(running: Running): Promise<void> {
    running.retired = true;
    clearInterval(running.memoryPoll);
    if (this.current === running) this.current = undefined;
    running.closing ??= (async () => {
      await running.launched.context.close().catch(() => {});
      await running.proxy.close().catch(() => {});
      await running.launched.profile.remove().catch(() => {});
      this.all.delete(running);
    })();
    return running.closing;
  }
}
