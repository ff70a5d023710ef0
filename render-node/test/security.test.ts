import dgram from "node:dgram";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEgressProxy } from "../src/browser/egress-proxy";
import { EgressGuard } from "../src/core/egress-guard";
import { checkPage } from "../src/stages/preflight/page-check";
import { type CaptureKit, openCaptureKit } from "./helpers/capture-session";
import { colorShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

/**
 * A real Chromium behind the egress proxy, RENDER_ALLOW_HOSTS=127.0.0.1. The site is on 127.0.0.1; the
 * forbidden target is a second server on 127.0.0.2 (loopback, not allowed) that counts every request,
 * WebSocket upgrade and UDP packet it receives. Every test ends by checking that count is zero.
 */
let site: SiteServer;
let forbidden: SiteServer;
let udp: dgram.Socket;
let udpPackets = 0;
let kit: CaptureKit;

beforeAll(async () => {
  site = await startSiteServer("127.0.0.1");
  forbidden = await startSiteServer("127.0.0.2");
  udp = dgram.createSocket("udp4");
  udp.on("message", () => {
    udpPackets += 1;
  });
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.2", resolve));
  kit = await openCaptureKit({ allowHosts: ["127.0.0.1"] });
});

afterAll(async () => {
  await kit?.close();
  await site?.close();
  await forbidden?.close();
  udp?.close();
});

let checks = 0;
function check(url: string, on: CaptureKit = kit) {
  checks += 1;
  return checkPage(on.session, url, {
    name: `s${checks}`,
    workDir: on.workDir,
    navigationTimeoutMs: 10_000,
    signal: on.signal,
  });
}

function nothingReachedTheTarget() {
  expect(forbidden.requests, JSON.stringify(forbidden.requests)).toEqual([]);
  expect(udpPackets, "UDP packets at 127.0.0.2").toBe(0);
}

describe("egress from a real Chromium", () => {
  it("refuses a forbidden address as the page, directly and by redirect", async () => {
    const direct = await check(`${forbidden.origin}/pages/plain.html`);
    expect(direct).toMatchObject({ usable: false, problem: "blocked", retryable: false });
    expect(direct.reason).toContain("loopback");
    const redirected = await check(
      `${site.origin}/redirect?to=${encodeURIComponent(`${forbidden.origin}/pages/plain.html`)}`,
    );
    expect(redirected).toMatchObject({ usable: false, problem: "blocked" });
    expect(redirected.reason).toContain("forbidden address");
    const ipv6 = await check(`http://[::1]:${site.port}/pages/plain.html`);
    expect(ipv6).toMatchObject({ usable: false, problem: "blocked" });
    nothingReachedTheTarget();
  });

  it("allows 127.0.0.1 and no other name for it: localhost is refused", async () => {
    const seen = site.requests.length;
    const verdict = await check(`http://localhost:${site.port}/pages/plain.html`);
    expect(verdict).toMatchObject({ usable: false, problem: "blocked" });
    expect(verdict.reason).toContain("localhost resolves to a loopback address");
    expect(site.requests.slice(seen).filter((r) => r.host.startsWith("localhost"))).toEqual([]);
    expect(await check(`${site.origin}/pages/plain.html`)).toMatchObject({ usable: true });
  });

  it("refuses cloud metadata addresses and names without connecting", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://100.64.0.1/",
    ]) {
      const verdict = await check(url);
      expect(verdict, url).toMatchObject({ usable: false, problem: "blocked", status: 0 });
    }
  });

  it("refuses non-web schemes for the page", async () => {
    for (const url of [
      "file:///etc/passwd",
      "chrome://version",
      "data:text/html,<h1>x</h1>",
      "javascript:alert(1)",
    ]) {
      const verdict = await check(url);
      expect(verdict, url).toMatchObject({ usable: false, problem: "blocked" });
      expect(verdict.reason).toContain("scheme is not allowed");
    }
  });

  it("lets no subresource through: iframe, fetch, XHR, image, CSS, script, WebSocket, EventSource, beacon, worker", async () => {
    const shot = await kit.capture(
      `${site.origin}/pages/exfil.html?target=${encodeURIComponent(forbidden.origin)}`,
    );
    // The page itself is captured; what it tried is refused and reported.
    expect(await colorShare(shot.background.file, "#00C853")).toBeGreaterThan(0.01);
    expect(shot.warnings.join("\n")).toContain("request(s) to forbidden addresses were refused");
    nothingReachedTheTarget();
  });

  it("lets a page open no window: window.open answers null, as a popup blocker's does", async () => {
    const page = await kit.session.newPage();
    try {
      await page.goto(`${site.origin}/pages/plain.html`);
      const before = kit.session.context.pages().length;
      const opened = await page.evaluate(() => String(window.open("about:blank") ?? "null"));
      expect(opened).toBe("null");
      expect(kit.session.context.pages().length).toBe(before);
    } finally {
      await page.close();
    }
  });

  it("keeps the page on the web when it navigates to file:, chrome: or data: and opens windows", async () => {
    // A page an earlier check of this file closes may still be closing on a loaded machine; only the
    // windows this page opens are this test's business.
    const earlier = new Set(kit.session.context.pages());
    const shot = await kit.capture(`${site.origin}/pages/navigate-away.html`);
    expect(shot.capturedUrl).toBe(`${site.origin}/pages/navigate-away.html`);
    expect(await colorShare(shot.background.file, "#00C853")).toBeGreaterThan(0.01);
    expect(await colorShare(shot.background.file, "#FF0000", { tolerance: 10 })).toBe(0);
    // Windows the page opened are closed as they appear (asynchronously); none may stay.
    await expect
      .poll(
        () =>
          kit.session.context
            .pages()
            .filter((p) => !earlier.has(p))
            .map((p) => p.url()),
        { timeout: 5000 },
      )
      .toEqual([]);
  });

  it("blocks service workers, also registered through a fresh frame", async () => {
    const seen = site.requests.length;
    const shot = await kit.capture(`${site.origin}/pages/service-worker.html`, {
      selectors: ["body[data-registrations='0']"],
    });
    expect(shot.targets["body[data-registrations='0']"], "no registration exists").not.toBeNull();
    expect(site.requests.slice(seen).map((r) => r.path)).not.toContain("/pages/sw.js");
  });

  it("sends no WebRTC (STUN) packets beside the proxy", async () => {
    const stun = `127.0.0.2:${udp.address().port}`;
    await kit.capture(`${site.origin}/pages/webrtc.html?stun=${stun}`, { budgetMs: 3000 });
    nothingReachedTheTarget();
  });
});

describe("DNS rebinding", () => {
  it("a name that resolved public at the check and private at connect time is refused at connect", async () => {
    const answers = new Map<string, number>();
    const rebinding = async (host: string) => {
      if (!host.endsWith(".test")) throw new Error("ENOTFOUND");
      const n = (answers.get(host) ?? 0) + 1;
      answers.set(host, n);
      // The pre-flight's own lookup and the early route check see a public address; the proxy does not.
      return [n <= 2 ? "93.184.216.34" : "127.0.0.2"];
    };
    // Chromium's own resolver would send these names straight to the target: it must never be asked.
    const rebound = await openCaptureKit({
      allowHosts: ["127.0.0.1"],
      resolver: rebinding,
      extraArgs: ["--host-resolver-rules=MAP *.test 127.0.0.2"],
    });
    try {
      const verdict = await check(`http://rebind.test:${forbidden.port}/pages/plain.html`, rebound);
      expect(verdict).toMatchObject({ usable: false, problem: "blocked" });
      expect(verdict.reason).toContain("127.0.0.2");
      expect(answers.get("rebind.test")).toBe(3);
      expect(rebound.session.proxy.blocked.map((b) => b.host)).toContain("rebind.test");
      const shot = await rebound.capture(
        `${site.origin}/pages/exfil.html?target=${encodeURIComponent(`http://sub.test:${forbidden.port}`)}`,
      );
      expect(shot.warnings.join("\n")).toContain("forbidden addresses were refused");
      nothingReachedTheTarget();
    } finally {
      await rebound.close();
    }
  });
});

describe("egress proxy", () => {
  it("answers 403 to plain and CONNECT requests for forbidden hosts, before connecting", async () => {
    const proxy = await startEgressProxy(new EgressGuard(["127.0.0.1"]));
    try {
      const { port } = new URL(proxy.url);
      const plain = await new Promise<number>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: `${forbidden.origin}/x` }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on("error", reject);
      });
      expect(plain).toBe(403);
      const connect = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => {
          socket.write(
            `CONNECT 127.0.0.2:${forbidden.port} HTTP/1.1\r\nHost: 127.0.0.2:${forbidden.port}\r\n\r\n`,
          );
        });
        socket.once("data", (data) => {
          resolve(data.toString().split("\r\n")[0] ?? "");
          socket.destroy();
        });
        socket.on("error", reject);
      });
      expect(connect).toContain("403");
      expect(proxy.blocked.map((b) => b.host)).toEqual(["127.0.0.2", "127.0.0.2"]);
      nothingReachedTheTarget();
    } finally {
      await proxy.close();
    }
  });
});
