import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { WarmBrowser } from "../src/browser/warm-browser";
import { EgressGuard, type Resolver } from "../src/core/egress-guard";
import { descendantsOf } from "../src/core/process-table";
import { checkPage } from "../src/stages/preflight/page-check";
import { checkSite } from "../src/stages/preflight/site-check";
import { isAlive, procStatus } from "./helpers/processes";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

// Site checks share one warm Chromium per node: launched once, a fresh context per check, replaced
// after a crash, closed at shutdown, and every check still behind its own egress proxy.

const EXPECTED_UID = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? -1);
const VIEWPORT = { width: 1280, height: 720 };

let site: SiteServer;
let forbidden: SiteServer;
let binaries: Binaries;
let tmp: string;
let warm: WarmBrowser;
let jobs = 0;

beforeAll(async () => {
  site = await startSiteServer("127.0.0.1");
  forbidden = await startSiteServer("127.0.0.2");
  binaries = await resolveBinaries();
  tmp = await mkdtemp(path.join(os.tmpdir(), "warm-browser-test-"));
  // Chromium's own resolver would send *.test straight to the forbidden server: only the proxy may
  // decide where a name goes (see the DNS rebinding check below).
  warm = new WarmBrowser({
    chromiumPath: binaries.chromium,
    extraArgs: ["--host-resolver-rules=MAP *.test 127.0.0.2"],
  });
});

afterAll(async () => {
  await warm?.close();
  await site?.close();
  await forbidden?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function workDir(): Promise<string> {
  jobs += 1;
  const dir = path.join(tmp, `job-${jobs}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function check(website: string, pageMemoryMb = 1024) {
  return checkSite({
    spec: SceneSpecSchema.parse({ facecam: "ast_unused", scenes: [{ url: "{{website}}" }] }),
    fields: { website },
    allowHosts: ["127.0.0.1"],
    workDir: await workDir(),
    navigationTimeoutMs: 10_000,
    pageMemoryMb,
    browser: warm,
    signal: AbortSignal.timeout(60_000),
  });
}

function session(resolver?: Resolver) {
  return warm.session({
    viewport: VIEWPORT,
    guard: new EgressGuard(["127.0.0.1"], resolver),
    signal: AbortSignal.timeout(60_000),
  });
}

/** The warm browser's main process (its profile folder is on its command line). */
function browserProcess() {
  const dir = warm.profileDir;
  if (!dir) return undefined;
  return descendantsOf(process.pid).find(
    (p) => p.cmdline.includes(`--user-data-dir=${dir}`) && !p.cmdline.includes("--type="),
  );
}

describe("the warm site-check browser", () => {
  it("serves consecutive and concurrent checks from one launch, sandboxed as the browser user", async () => {
    const before = warm.launches;
    const first = await check(`${site.origin}/fixtures/sticky-header/`);
    const [wall, usable] = await Promise.all([
      check(`${site.origin}/fixtures/bot-wall/`),
      check(`${site.origin}/fixtures/long-article/`),
    ]);
    expect(first.result.verdict).toBe("usable");
    expect(wall.result.verdict).toBe("walled");
    expect(usable.result.verdict).toBe("usable");
    expect(warm.launches - before).toBeLessThanOrEqual(1);
    expect(warm.launches).toBe(1);
    const browser = browserProcess();
    expect(browser, "the warm browser runs between checks").toBeDefined();
    expect((procStatus(browser?.pid ?? 0, "Uid") ?? "").split(/\s+/).map(Number)).toEqual([
      EXPECTED_UID,
      EXPECTED_UID,
      EXPECTED_UID,
      EXPECTED_UID,
    ]);
    expect(browser?.cmdline).not.toContain("--no-sandbox");
  });

  it("gives each check a fresh context: lead A's cookies and storage are not there at lead B's", async () => {
    const page = `${site.origin}/pages/plain.html`;
    const a = await session();
    const b = await session();
    try {
      const pageA = await a.newPage();
      await pageA.goto(page);
      await pageA.evaluate(() => {
        // biome-ignore lint/suspicious/noDocumentCookie: the way a lead's site script sets one
        document.cookie = "lead=A; max-age=3600; path=/";
        localStorage.setItem("lead", "A");
      });
      expect(await a.context.cookies()).toHaveLength(1);
      // A check running at the same time, on the very same origin, sees none of it.
      const pageB = await b.newPage();
      await pageB.goto(page);
      expect(await pageB.evaluate(() => [document.cookie, localStorage.getItem("lead")])).toEqual(["", null]);
      expect(await b.context.cookies()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
    // Nor does the next check after A's context closed.
    const c = await session();
    try {
      const pageC = await c.newPage();
      await pageC.goto(page);
      expect(await pageC.evaluate(() => [document.cookie, localStorage.getItem("lead")])).toEqual(["", null]);
      expect(await c.context.cookies()).toEqual([]);
    } finally {
      await c.close();
    }
    expect(warm.launches).toBe(1);
  });

  it("refuses a private address through the shared browser, at the route check and at the proxy", async () => {
    const s = await session();
    const dir = await workDir();
    try {
      const direct = await checkPage(s, `${forbidden.origin}/pages/plain.html`, {
        name: "direct",
        workDir: dir,
        navigationTimeoutMs: 10_000,
        signal: AbortSignal.timeout(30_000),
      });
      expect(direct).toMatchObject({ usable: false, problem: "blocked", retryable: false });
      expect(direct.reason).toContain("loopback");
    } finally {
      await s.close();
    }
    // A name that looked public at the early checks and is private at connect time: only the check's
    // own proxy stands between the shared browser and 127.0.0.2.
    const answers = new Map<string, number>();
    const rebinding: Resolver = async (host) => {
      if (!host.endsWith(".test")) throw new Error("ENOTFOUND");
      const n = (answers.get(host) ?? 0) + 1;
      answers.set(host, n);
      return [n <= 2 ? "93.184.216.34" : "127.0.0.2"];
    };
    const rebound = await session(rebinding);
    try {
      const verdict = await checkPage(rebound, `http://rebind.test:${forbidden.port}/pages/plain.html`, {
        name: "rebind",
        workDir: dir,
        navigationTimeoutMs: 10_000,
        signal: AbortSignal.timeout(30_000),
      });
      expect(verdict).toMatchObject({ usable: false, problem: "blocked" });
      expect(rebound.proxy.blocked.map((b) => b.host)).toContain("rebind.test");
    } finally {
      await rebound.close();
    }
    expect(forbidden.requests, JSON.stringify(forbidden.requests)).toEqual([]);
  });

  it("launches a new browser for the next check after the warm one crashed", async () => {
    await check(`${site.origin}/fixtures/sticky-header/`);
    const launches = warm.launches;
    const crashed = browserProcess();
    const oldProfile = warm.profileDir;
    expect(crashed).toBeDefined();
    process.kill(crashed?.pid ?? 0, "SIGKILL");
    const after = await check(`${site.origin}/fixtures/sticky-header/`);
    expect(after.result.verdict).toBe("usable");
    expect(warm.launches).toBe(launches + 1);
    expect(warm.profileDir).not.toBe(oldProfile);
    await expect.poll(() => existsSync(oldProfile ?? ""), { timeout: 5000 }).toBe(false);
  });

  it("calls a page that allocates without end broken, naming its memory, and the browser serves the next check", async () => {
    const launches = warm.launches;
    const hog = await check(`${site.origin}/pages/memory-hog.html`, 128);
    expect(hog.result.verdict).toBe("broken");
    expect(hog.result.reason).toMatch(/used \d+ MB of memory/);
    const mb = Number(/used (\d+) MB/.exec(hog.result.reason ?? "")?.[1]);
    // Caught on its way up, long before the page's own 1.5 GB.
    expect(mb).toBeGreaterThan(128);
    expect(mb).toBeLessThan(1024);
    const next = await check(`${site.origin}/fixtures/sticky-header/`);
    expect(next.result.verdict).toBe("usable");
    expect(warm.launches).toBe(launches);
  });

  it("kills a browser whose processes hold more than its limit, and the next session launches anew", async () => {
    const overs: number[] = [];
    const small = new WarmBrowser({
      chromiumPath: binaries.chromium,
      memoryLimitBytes: 1024 * 1024,
      onOverMemory: (bytes) => overs.push(bytes),
    });
    try {
      const s = await small.session({
        viewport: VIEWPORT,
        guard: new EgressGuard(["127.0.0.1"]),
        signal: AbortSignal.timeout(30_000),
      });
      const dir = small.profileDir ?? "";
      const running = () => descendantsOf(process.pid).filter((p) => p.cmdline.includes(dir));
      expect(running().length).toBeGreaterThan(0);
      await expect.poll(() => small.killedForMemory, { timeout: 10_000 }).toBe(1);
      expect(overs[0]).toBeGreaterThan(1024 * 1024);
      await expect.poll(() => running().length, { timeout: 10_000 }).toBe(0);
      await s.close().catch(() => {});
      const again = await small.session({
        viewport: VIEWPORT,
        guard: new EgressGuard(["127.0.0.1"]),
        signal: AbortSignal.timeout(30_000),
      });
      expect(small.launches).toBe(2);
      await again.close().catch(() => {});
    } finally {
      await small.close();
    }
  });

  it("closes the browser at shutdown: no Chromium left, its profile removed, no session after", async () => {
    await check(`${site.origin}/fixtures/sticky-header/`);
    const browser = browserProcess();
    const profile = warm.profileDir;
    expect(browser).toBeDefined();
    const tree = [browser?.pid ?? 0, ...descendantsOf(browser?.pid ?? 0).map((p) => p.pid)];
    await warm.close();
    await expect.poll(() => tree.filter(isAlive), { timeout: 5000 }).toEqual([]);
    expect(existsSync(profile ?? "")).toBe(false);
    await expect(session()).rejects.toThrow(/shutting down/);
  });
});
