import type { Browser, BrowserContext, Page } from "playwright-core";
import type { EgressGuard } from "../core/egress-guard";
import { errorMessage, RenderError } from "../core/errors";
import { killProcessesMarked } from "../core/process-table";
import {
  type BrowserProfile,
  type BrowserUser,
  browserUserFor,
  createBrowserProfile,
  sandboxedLaunch,
} from "./browser-user";
import { settleWithin } from "./deadline";
import { type EgressProxy, startEgressProxy } from "./egress-proxy";
import { PAGE_ENVIRONMENT } from "./scripts/environment";
import { watchTimerSwaps } from "./scripts/timer-swaps";

export const CHROMIUM_ARGS = [
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  // A page in a headless browser is never in front; widgets that wait for it must not be slowed down.
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  "--deny-permission-prompts",
  // WebRTC may only use the proxy, which speaks no UDP: no STUN packets around it.
  "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
];

/**
 * How long a closing browser gets to exit by itself. Playwright waits for the process without a bound,
 * so a Chromium that never exits would hold a stopped render, and its slot, forever.
 */
const BROWSER_EXIT_GRACE_MS = 5000;

/** A request the session refused, from the early route check or from the proxy. */
export interface BlockedAttempt {
  url: string;
  reason: string;
}

/** Positions in the refusal lists, to tell what was refused since. */
export interface BlockedMark {
  route: number;
  proxy: number;
}

export interface SessionOptions {
  chromiumPath: string | undefined;
  viewport: { width: number; height: number };
  guard: EgressGuard;
  signal: AbortSignal;
  /** Extra Chromium flags (tests map host names with --host-resolver-rules). */
  extraArgs?: readonly string[];
  /** Names the profile folder (the render's work folder name), so the job's processes can be told apart. */
  label?: string;
  /** Who Chromium runs as when the node is root (default nobody); ignored otherwise. */
  user?: BrowserUser;
}

/** How every browsing context of a session is set up, in its own browser or in a shared one. */
const CONTEXT_OPTIONS = {
  deviceScaleFactor: 1,
  serviceWorkers: "block",
  acceptDownloads: false,
  ignoreHTTPSErrors: false,
} as const;

export interface LaunchOptions {
  chromiumPath: string | undefined;
  viewport: { width: number; height: number };
  /** The proxy every request of the browser's own (persistent) context goes through. */
  proxyUrl: string;
  extraArgs?: readonly string[] | undefined;
  label?: string | undefined;
  user?: BrowserUser | undefined;
}

export interface LaunchedBrowser {
  /** The persistent context the browser opened with. Closing it ends the browser. */
  context: BrowserContext;
  profile: BrowserProfile;
}

/**
 * Starts Chromium sandboxed (as an unprivileged user when the node is root) with a fresh profile folder
 * it owns; `signal` stops waiting for it (a late browser is closed and its profile removed).
 */
export async function launchBrowser(options: LaunchOptions, signal: AbortSignal): Promise<LaunchedBrowser> {
  signal.throwIfAborted();
  const user = browserUserFor(options.user);
  let profile: BrowserProfile | undefined;
  try {
    profile = await createBrowserProfile(options.label, user);
    // Loaded on first use: the CLI's input errors should not wait for Playwright to load.
    const { chromium } = await import("playwright-core");
    const launching = chromium.launchPersistentContext(profile.dir, {
      ...sandboxedLaunch(options.chromiumPath ?? chromium.executablePath(), user, profile.dir),
      ...CONTEXT_OPTIONS,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
      headless: true,
      timeout: 30_000,
      proxy: { server: options.proxyUrl },
      // The service drains on SIGTERM/SIGINT and the CLI stops through its AbortSignal; Playwright's
      // own handlers would close the browser under a render that was meant to finish.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: options.viewport,
    });
    // A start can take seconds on a loaded machine; a cancelled render must not wait for it.
    const dir = profile;
    // Late means started after the stop, or failed after it (the job's processes are killed at its end).
    const context = await untilAborted(launching, signal, async (late) => {
      await late?.close();
      await dir.remove();
    });
    return { context, profile };
  } catch (error) {
    await profile?.remove().catch(() => {});
    if (signal.aborted) throw signal.reason;
    throw new RenderError(
      "missing_binary",
      "Chromium could not be started; install the chromium package or set CHROMIUM_PATH (when the " +
        "details say its sandbox could not start: allow unprivileged user namespaces).",
      { retryable: true, details: errorMessage(error), cause: error },
    );
  }
}

/**
 * One browsing context behind its own egress proxy, with service workers, downloads and pop-ups off:
 * either a whole Chromium of its own (a render, `open`) or a fresh off-the-record context in a browser
 * shared by site checks (`openContext`: no cookies, storage or cache shared with any other session).
 * Closing it (or aborting the signal) makes every pending Playwright call reject at once.
 */
export class BrowserSession {
  private closing: Promise<{ forced: boolean }> | undefined;
  private readonly onAbort = () => void this.close();
  private readonly parked = new Map<string, { page: Page; mark: BlockedMark }>();

  private constructor(
    readonly context: BrowserContext,
    readonly proxy: EgressProxy,
    /** The profile folder of the browser the context lives in. */
    readonly profile: BrowserProfile,
    readonly guard: EgressGuard,
    /** Refused by the route check, oldest first (the proxy keeps its own list). */
    readonly routeBlocked: BlockedAttempt[],
    private readonly signal: AbortSignal,
    /** Whether the browser is the session's own (`open`), not one shared by site checks. */
    private readonly ownsBrowser: boolean,
    /** Ends what the session owns besides its context and proxy (its own browser's profile). */
    private readonly release: () => Promise<void>,
  ) {
    // An abort that came while the browser was starting has already fired; it must still close it.
    if (signal.aborted) void this.close();
    else signal.addEventListener("abort", this.onAbort, { once: true });
  }

  /** A Chromium of the session's own, its persistent context used for the pages. */
  static async open(options: SessionOptions): Promise<BrowserSession> {
    const { signal } = options;
    signal.throwIfAborted();
    const proxy = await startEgressProxy(options.guard);
    let launched: LaunchedBrowser;
    try {
      launched = await launchBrowser(
        {
          chromiumPath: options.chromiumPath,
          viewport: options.viewport,
          proxyUrl: proxy.url,
          extraArgs: options.extraArgs,
          label: options.label,
          user: options.user,
        },
        signal,
      );
    } catch (error) {
      await proxy.close();
      throw error;
    }
    const { context, profile } = launched;
    try {
      signal.throwIfAborted();
      // The window a persistent profile opens with predates the guards below; nobody uses it.
      for (const page of context.pages()) await page.close();
      return await BrowserSession.guarded(context, proxy, profile, options.guard, signal, true, () =>
        profile.remove(),
      );
    } catch (error) {
      await context.close().catch(() => {});
      await proxy.close();
      await profile.remove();
      throw error;
    }
  }

  /**
   * A fresh context in a running browser (`browser`, whose profile is `profile`), behind an egress
   * proxy of its own, so its refusals are its own. `onClose` runs once the context is gone.
   */
  static async openContext(
    browser: Browser,
    profile: BrowserProfile,
    options: {
      viewport: { width: number; height: number };
      /** Below 1: the page is laid out at `viewport` but painted with fewer pixels (a thumbnail's). */
      deviceScaleFactor?: number;
      guard: EgressGuard;
      signal: AbortSignal;
    },
    onClose: () => void,
  ): Promise<BrowserSession> {
    const { signal } = options;
    signal.throwIfAborted();
    const proxy = await startEgressProxy(options.guard);
    let context: BrowserContext;
    try {
      context = await untilAborted(
        browser.newContext({
          ...CONTEXT_OPTIONS,
          viewport: options.viewport,
          deviceScaleFactor: options.deviceScaleFactor ?? CONTEXT_OPTIONS.deviceScaleFactor,
          proxy: { server: proxy.url },
        }),
        signal,
        (late) => late?.close(),
      );
    } catch (error) {
      await proxy.close();
      throw error;
    }
    try {
      return await BrowserSession.guarded(context, proxy, profile, options.guard, signal, false, async () =>
        onClose(),
      );
    } catch (error) {
      await context.close().catch(() => {});
      await proxy.close();
      throw error;
    }
  }

  private static async guarded(
    context: BrowserContext,
    proxy: EgressProxy,
    profile: BrowserProfile,
    guard: EgressGuard,
    signal: AbortSignal,
    ownsBrowser: boolean,
    release: () => Promise<void>,
  ): Promise<BrowserSession> {
    signal.throwIfAborted();
    await context.addInitScript(PAGE_ENVIRONMENT);
    // After PAGE_ENVIRONMENT, which defines the `__name` helper this compiled function calls.
    await context.addInitScript(watchTimerSwaps);
    const routeBlocked: BlockedAttempt[] = [];
    await guardContext(context, guard, routeBlocked);
    // A page may open windows; nobody watches them and they must not load anything.
    context.on("page", (page) => {
      void page
        .opener()
        .then((opener) => (opener ? page.close() : undefined))
        .catch(() => {});
    });
    return new BrowserSession(context, proxy, profile, guard, routeBlocked, signal, ownsBrowser, release);
  }

  /** A page that believes it is focused and visible (widgets wait for both before drawing). */
  async newPage(): Promise<Page> {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("the browser did not open a page within 30 s")), 30_000);
    });
    try {
      // A page being opened while the browser closes may never settle; a cancel must not wait for it.
      const opening = untilAborted(this.openPage(), this.signal, (late) => late?.close());
      return await Promise.race([opening, stuck]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async openPage(): Promise<Page> {
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    await cdp.send("Emulation.setFocusEmulationEnabled", { enabled: true });
    await cdp.detach().catch(() => {});
    await page.bringToFront();
    return page;
  }

  /**
   * Keeps a page the pre-flight visit loaded and found usable, so the capture continues on it instead
   * of loading it again. The session closes whatever nobody took.
   */
  park(url: string, page: Page, mark: BlockedMark): void {
    if (this.parked.has(url)) void page.close().catch(() => {});
    else this.parked.set(url, { page, mark });
  }

  /** The page parked for `url`, once. */
  takeParked(url: string): { page: Page; mark: BlockedMark } | undefined {
    const parked = this.parked.get(url);
    this.parked.delete(url);
    return parked && !parked.page.isClosed() ? parked : undefined;
  }

  /** A mark to pass to `blockedSince` later. */
  blockedMark(): BlockedMark {
    return { route: this.routeBlocked.length, proxy: this.proxy.blocked.length };
  }

  /** Everything refused since `mark`, from both the route check and the proxy. */
  blockedSince(mark: BlockedMark): BlockedAttempt[] {
    return [
      ...this.routeBlocked.slice(mark.route),
      ...this.proxy.blocked.slice(mark.proxy).map((b) => ({
        url: b.port ? `${b.host}:${b.port}` : b.host,
        reason: b.reason,
      })),
    ];
  }

  /**
   * Closes the pages and the proxy and ends the session's own browser. A browser of its own that has not
   * exited after BROWSER_EXIT_GRACE_MS is killed; `forced` says so.
   */
  close(): Promise<{ forced: boolean }> {
    this.closing ??= (async () => {
      this.signal.removeEventListener("abort", this.onAbort);
      const closed = this.context.close().catch(() => {});
      let forced = false;
      if (this.ownsBrowser && !(await settleWithin(closed, BROWSER_EXIT_GRACE_MS))) {
        forced = (await killProcessesMarked(this.profile.dir)) > 0;
        await settleWithin(closed, BROWSER_EXIT_GRACE_MS);
      } else {
        await closed;
      }
      await this.proxy.close().catch(() => {});
      await this.release().catch(() => {});
      return { forced };
    })();
    return this.closing;
  }
}

/**
 * `work`'s result, or the signal's reason as soon as it aborts; what `work` yields after that is handed
 * to `discard` so nothing it opened is left running.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  discard: (late: T | undefined) => unknown,
): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) void Promise.resolve(discard(value)).catch(() => {});
        else resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) void Promise.resolve(discard(undefined)).catch(() => {});
        reject(error);
      },
    );
  });
}

/**
 * Early refusals with a clear reason (scheme, literal address, a name that resolves privately now).
 * The proxy decides again at connect time; this only makes the common case fail fast and readably.
 */
async function guardContext(
  context: BrowserContext,
  guard: EgressGuard,
  blocked: BlockedAttempt[],
): Promise<void> {
  await context.route("**/*", async (route) => {
    const request = route.request();
    const url = request.url();
    // Playwright's "block" only stubs register() in each realm; the worker script fetch is refused too.
    const reason =
      (await request.headerValue("service-worker")) === "script"
        ? "service workers are not allowed"
        : await guard.checkUrl(url);
    if (reason) blocked.push({ url, reason });
    try {
      if (reason) await route.abort("blockedbyclient");
      else await route.continue();
    } catch {
      // The page closed while the check ran.
    }
  });
  await context.routeWebSocket(/.*/, async (ws) => {
    const reason = await guard.checkUrl(ws.url());
    if (reason) blocked.push({ url: ws.url(), reason });
    if (reason) await ws.close({ code: 1008, reason: "blocked" }).catch(() => {});
    else ws.connectToServer();
  });
}
