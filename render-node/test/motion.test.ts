import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBinaries } from "../src/binaries";
import { type CaptureKit, openCaptureKit } from "./helpers/capture-session";
import { colorShare, differingShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

/** Videos on the page: a small clip becomes a loop, and so does a full-screen hero, at a lower rate. */
let site: SiteServer;
let kit: CaptureKit;
let media: string;

beforeAll(async () => {
  media = await mkdtemp(path.join(os.tmpdir(), "render-motion-media-"));
  const { ffmpeg } = await resolveBinaries();
  await promisify(execFile)(ffmpeg, [
    ...[
      "-hide_banner",
      "-loglevel",
      "error",
      "-f",
      "lavfi",
      "-i",
      "testsrc2=size=320x240:rate=15:duration=2",
    ],
    ...["-c:v", "libvpx", "-b:v", "300k", "-y", path.join(media, "clip.webm")],
  ]);
  site = await startSiteServer("127.0.0.1", { mediaDir: media });
  kit = await openCaptureKit();
});

afterAll(async () => {
  await kit?.close();
  await site?.close();
  if (media) await rm(media, { recursive: true, force: true });
});

describe("videos", () => {
  it("a small playing video becomes a loop of its own frames, seeked, at its place in the page", async () => {
    const shot = await kit.capture(`${site.origin}/pages/videos.html`, { selectors: ["#clip"] });
    expect(shot.mode).toBe("layers");
    expect(shot.animatedLayers, JSON.stringify(shot.animatedLayers)).toHaveLength(1);
    const loop = shot.animatedLayers[0];
    const target = shot.targets["#clip"];
    expect(loop).toMatchObject({ mode: "document", fps: 15, x: target?.x, width: 320 });
    // The clip sits at a fractional y; the loop covers the whole pixel rows it touches.
    expect(Math.abs((loop?.y ?? 0) - (target?.y ?? 0)), JSON.stringify({ loop, target })).toBeLessThanOrEqual(
      1,
    );
    expect(loop?.height).toBeGreaterThanOrEqual(240);
    expect(loop?.height).toBeLessThanOrEqual(241);
    // Two seconds of clip at 15 fps.
    const frames = loop?.frames ?? [];
    expect(frames).toHaveLength(30);
    const step = await differingShare(frames[0] as string, frames[15] as string);
    expect(step, "the clip moves between frames").toBeGreaterThan(0.02);
  });

  it("a full-screen hero video plays: a loop of its frames over the first screen, at a lower rate", async () => {
    // It was frozen by design (the scene went live, the hero shown still); a visitor sees it play.
    const shot = await kit.capture(`${site.origin}/pages/video-hero.html`);
    expect(shot.mode).toBe("layers");
    expect(shot.liveReason).toBeUndefined();
    expect(shot.warnings.join("\n")).not.toContain("shown still");
    expect(shot.animatedLayers, JSON.stringify(shot.animatedLayers)).toHaveLength(1);
    const loop = shot.animatedLayers[0];
    expect(loop).toMatchObject({ mode: "document", fps: 10, x: 0, y: 0, width: 1280, height: 720 });
    // Two seconds of clip at 10 fps.
    const frames = loop?.frames ?? [];
    expect(frames).toHaveLength(20);
    const step = await differingShare(frames[0] as string, frames[10] as string);
    expect(step, "the hero moves between frames").toBeGreaterThan(0.02);
  });

  it("slides a timer swaps (a carousel, no CSS animation) are recorded in real time and loop", async () => {
    const shot = await kit.capture(`${site.origin}/pages/carousel.html`, { selectors: ["#carousel"] });
    expect(shot.mode).toBe("layers");
    expect(shot.animatedLayers, JSON.stringify(shot.animatedLayers)).toHaveLength(1);
    const loop = shot.animatedLayers[0];
    const box = shot.targets["#carousel"];
    expect(loop?.label).toContain("swapped by a timer every 0.6 s");
    expect(loop).toMatchObject({ mode: "document", width: 600, x: box?.x });
    // The carousel sits at a fractional y; the loop covers the whole pixel rows it touches.
    expect(loop?.height).toBeGreaterThanOrEqual(240);
    expect(loop?.height).toBeLessThanOrEqual(241);
    // The slides it shows: each frame is one flat colour; at least two of the three come by.
    const colours = ["#E53935", "#43A047", "#1E88E5"];
    const seen = new Set<string>();
    for (const frame of new Set(loop?.frames ?? [])) {
      for (const colour of colours) if ((await colorShare(frame, colour)) > 0.9) seen.add(colour);
    }
    expect([...seen].length, [...seen].join()).toBeGreaterThanOrEqual(2);
  });

  it("a canvas the page keeps redrawing is recorded; a still canvas stays in the background", async () => {
    const shot = await kit.capture(`${site.origin}/pages/canvas.html`, { selectors: ["#live", "#still"] });
    expect(shot.mode).toBe("layers");
    expect(
      shot.animatedLayers.map((l) => l.label),
      JSON.stringify(shot.animatedLayers),
    ).toHaveLength(1);
    const loop = shot.animatedLayers[0];
    expect(loop).toMatchObject({ mode: "document", fps: 10, x: shot.targets["#live"]?.x, width: 300 });
    const frames = loop?.frames ?? [];
    expect(frames).toHaveLength(20);
    const diffs = await Promise.all(frames.map((f) => differingShare(frames[0] as string, f)));
    expect(Math.max(...diffs), "the bar moves").toBeGreaterThan(0.05);
  });
});
