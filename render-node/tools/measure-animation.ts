/**
 * Measures the two ways to show a page's animation (see README, "Animation"): recording a loop of the
 * moving region by seeking the animation, against recording the viewport live with CDP screencast while
 * the page scrolls. Prints one JSON line. Usage: node --import tsx tools/measure-animation.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resolveBinaries } from "../src/binaries";
import { BrowserSession } from "../src/browser/browser-session";
import { EgressGuard } from "../src/core/egress-guard";
import { captureMotionLoops } from "../src/stages/capture/motion-loops";
import { startSiteServer } from "../test/helpers/site-server";

const viewport = { width: 1280, height: 720 };
const LIVE_SECONDS = 6;
const site = await startSiteServer();
const workDir = await mkdtemp(path.join(os.tmpdir(), "measure-animation-"));
const session = await BrowserSession.open({
  chromiumPath: (await resolveBinaries()).chromium,
  viewport,
  guard: new EgressGuard(["127.0.0.1"]),
  signal: new AbortController().signal,
});
try {
  const url = `${site.origin}/fixtures/animated/`;
  const cpu0 = process.cpuUsage();

  const loopPage = await session.newPage();
  await loopPage.goto(url, { waitUntil: "load" });
  const loopStart = performance.now();
  const loops = await captureMotionLoops(loopPage, {
    viewport,
    maxHeight: 8000,
    workDir,
    prefix: "m",
    fps: 15,
    maxFrames: 150,
    deadlineMs: 60_000,
  });
  const loopMs = performance.now() - loopStart;
  await loopPage.close();

  const livePage = await session.newPage();
  await livePage.goto(url, { waitUntil: "load" });
  const cdp = await session.context.newCDPSession(livePage);
  const stamps: number[] = [];
  cdp.on("Page.screencastFrame", (frame: { sessionId: number; metadata: { timestamp?: number } }) => {
    stamps.push(frame.metadata.timestamp ?? performance.now() / 1000);
    void cdp.send("Page.screencastFrameAck", { sessionId: frame.sessionId }).catch(() => {});
  });
  const liveStart = performance.now();
  await cdp.send("Page.startScreencast", { format: "jpeg", quality: 80, everyNthFrame: 1 });
  await livePage.evaluate(async (seconds) => {
    const end = performance.now() + seconds * 1000;
    const travel = document.documentElement.scrollHeight - innerHeight;
    while (performance.now() < end) {
      window.scrollTo(0, (travel * (1 - (end - performance.now()) / (seconds * 1000))) | 0);
      await new Promise((r) => requestAnimationFrame(r));
    }
  }, LIVE_SECONDS);
  await cdp.send("Page.stopScreencast");
  const liveMs = performance.now() - liveStart;
  const gaps = stamps.slice(1).map((t, i) => (t - (stamps[i] ?? t)) * 1000);
  await livePage.close();
  const cpu = process.cpuUsage(cpu0);

  const frames = loops.layers[0]?.frames?.length ?? 0;
  console.log(
    JSON.stringify({
      loop: {
        frames,
        fps: loops.layers[0]?.fps,
        wallMs: Math.round(loopMs),
        msPerFrame: Math.round(loopMs / Math.max(1, frames)),
        region: loops.layers[0] && `${loops.layers[0].width}x${loops.layers[0].height}`,
        videoSecondsCovered: "any (seamless loop)",
      },
      live: {
        seconds: LIVE_SECONDS,
        wallMs: Math.round(liveMs),
        frames: stamps.length,
        fps: Number((stamps.length / LIVE_SECONDS).toFixed(1)),
        worstGapMs: Math.round(Math.max(0, ...gaps)),
      },
      nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
    }),
  );
} finally {
  await session.close();
  await site.close();
  await rm(workDir, { recursive: true, force: true });
}
