import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBinaries } from "../src/binaries";
import { BrowserSession } from "../src/browser/browser-session";
import { EgressGuard } from "../src/core/egress-guard";
import { descendantsOf, type ProcessEntry } from "../src/core/process-table";
import { isAlive, procStatus } from "./helpers/processes";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

/**
 * The node runs as root here (tests and CI do), so Chromium must run as nobody (65534) with its
 * namespace + seccomp sandbox on; as any other user it runs sandboxed as that user.
 */
const EXPECTED_UID = process.getuid?.() === 0 ? 65534 : (process.getuid?.() ?? -1);
const CANARY = "ll_node_canary_that_must_not_reach_the_browser";

let site: SiteServer;
let session: BrowserSession;
const saved = { token: process.env.NODE_TOKEN, bunny: process.env.BUNNY_STORAGE_KEY };

beforeAll(async () => {
  site = await startSiteServer("127.0.0.1");
  // The node's secrets are in its environment; the browser must not inherit them.
  process.env.NODE_TOKEN = CANARY;
  process.env.BUNNY_STORAGE_KEY = CANARY;
  session = await BrowserSession.open({
    chromiumPath: (await resolveBinaries()).chromium,
    viewport: { width: 1280, height: 720 },
    guard: new EgressGuard(["127.0.0.1"]),
    signal: new AbortController().signal,
    label: "rnd_sandbox_test",
  });
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  process.env.NODE_TOKEN = saved.token;
  process.env.BUNNY_STORAGE_KEY = saved.bunny;
  if (saved.token === undefined) delete process.env.NODE_TOKEN;
  if (saved.bunny === undefined) delete process.env.BUNNY_STORAGE_KEY;
});

/** The browser process (Chromium's main process for this profile) and everything it started. */
function browserTree(): { browser: ProcessEntry; tree: ProcessEntry[] } {
  const mine = descendantsOf(process.pid);
  const browser = mine.find(
    (p) => p.cmdline.includes(`--user-data-dir=${session.profile.dir}`) && !p.cmdline.includes("--type="),
  );
  if (!browser) throw new Error(`no browser process among ${JSON.stringify(mine.map((p) => p.cmdline))}`);
  return { browser, tree: [browser, ...descendantsOf(browser.pid)] };
}

const uids = (pid: number) => (procStatus(pid, "Uid") ?? "").split(/\s+/).map(Number);

describe("Chromium's sandbox", () => {
  it("runs the browser and all its processes as the unprivileged user, without --no-sandbox", async () => {
    const page = await session.newPage();
    await page.goto(`${site.origin}/pages/plain.html`);
    const { browser, tree } = browserTree();
    expect(uids(browser.pid), browser.cmdline).toEqual([
      EXPECTED_UID,
      EXPECTED_UID,
      EXPECTED_UID,
      EXPECTED_UID,
    ]);
    for (const p of tree) expect(uids(p.pid)[1], p.cmdline.slice(0, 120)).toBe(EXPECTED_UID);
    for (const p of tree) expect(p.cmdline).not.toContain("--no-sandbox");
    expect(procStatus(browser.pid, "CapEff"), "no capabilities").toBe("0000000000000000");
    await page.close();
  });

  it("puts every renderer in its own namespaces under a seccomp filter", async () => {
    const page = await session.newPage();
    await page.goto(`${site.origin}/pages/plain.html`);
    const { browser, tree } = browserTree();
    const renderers = tree.filter((p) => p.cmdline.includes("--type=renderer"));
    expect(renderers.length, JSON.stringify(tree.map((p) => p.cmdline.slice(0, 80)))).toBeGreaterThan(0);
    const ns = (pid: number, kind: string) => readlinkSync(`/proc/${pid}/ns/${kind}`);
    for (const renderer of renderers) {
      expect(procStatus(renderer.pid, "Seccomp"), "seccomp-bpf filter mode").toBe("2");
      expect(procStatus(renderer.pid, "NoNewPrivs")).toBe("1");
      expect(ns(renderer.pid, "user"), "user namespace").not.toBe(ns(browser.pid, "user"));
      expect(ns(renderer.pid, "pid"), "pid namespace").not.toBe(ns(browser.pid, "pid"));
    }
    await page.close();
  });

  it("gives the browser a clean environment and a profile folder of its own", () => {
    const { browser } = browserTree();
    const environ = readFileSync(`/proc/${browser.pid}/environ`, "utf8").split("\0");
    expect(environ.filter((v) => v.includes(CANARY))).toEqual([]);
    expect(environ.filter((v) => /^(NODE_TOKEN|BUNNY_STORAGE_KEY)=/.test(v))).toEqual([]);
    expect(environ).toContain(`HOME=${session.profile.dir}`);
    expect(session.profile.dir).toMatch(/\/loom-chromium-rnd_sandbox_test-[^/]+$/);
    expect(statSync(session.profile.dir).uid).toBe(EXPECTED_UID);
  });

  it("leaves no browser process and no profile folder after close", async () => {
    const { tree } = browserTree();
    const dir = session.profile.dir;
    await session.close();
    await expect
      .poll(() => tree.filter((p) => isAlive(p.pid)).map((p) => p.cmdline.slice(0, 80)))
      .toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});

describe("a browser whose render is cancelled while it starts", () => {
  it("stops opening at once, with the cancel's reason, and leaves no process or profile behind", async () => {
    const label = `rnd_abort_${process.pid}`;
    const ours = () =>
      descendantsOf(process.pid).filter((p) => p.cmdline.includes(`loom-chromium-${label}-`));
    const controller = new AbortController();
    const opening = BrowserSession.open({
      chromiumPath: (await resolveBinaries()).chromium,
      viewport: { width: 1280, height: 720 },
      guard: new EgressGuard(["127.0.0.1"]),
      signal: controller.signal,
      label,
    });
    // Cancelled once Chromium is running but (almost always) before Playwright has connected to it.
    await expect.poll(() => ours().length, { interval: 5, timeout: 30_000 }).toBeGreaterThan(0);
    const reason = new Error("cancelled by the rep");
    controller.abort(reason);
    await expect(opening).rejects.toBe(reason);
    await expect.poll(() => ours().map((p) => p.cmdline.slice(0, 80)), { timeout: 30_000 }).toEqual([]);
    await expect
      .poll(() => readdirSync(os.tmpdir()).filter((name) => name.startsWith(`loom-chromium-${label}-`)))
      .toEqual([]);
  });

  it("stops opening a page at once when the render is cancelled meanwhile", async () => {
    const controller = new AbortController();
    const session = await BrowserSession.open({
      chromiumPath: (await resolveBinaries()).chromium,
      viewport: { width: 1280, height: 720 },
      guard: new EgressGuard(["127.0.0.1"]),
      signal: controller.signal,
      label: `rnd_abort_page_${process.pid}`,
    });
    const dir = session.profile.dir;
    const opening = session.newPage();
    const reason = new Error("cancelled by the rep");
    controller.abort(reason);
    await expect(opening).rejects.toBe(reason);
    await expect.poll(() => existsSync(dir), { timeout: 30_000 }).toBe(false);
  });
});
