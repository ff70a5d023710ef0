import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SceneCapture } from "../src/core/types";
import { type CaptureKit, openCaptureKit } from "./helpers/capture-session";
import { colorShare, differingShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

/** The shared fixture sites, each captured once, judged by the marker colours of fixtures/README.md. */
let site: SiteServer;
let kit: CaptureKit;

beforeAll(async () => {
  site = await startSiteServer();
  kit = await openCaptureKit();
});

afterAll(async () => {
  await kit?.close();
  await site?.close();
});

type Shot = Omit<SceneCapture, "preflight">;

function region(box: { x: number; y: number; width: number; height: number } | null | undefined) {
  if (!box) throw new Error("target not found");
  return {
    left: Math.round(box.x),
    top: Math.round(box.y),
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}

describe("fixture sites", () => {
  it("cookie-banner: the OneTrust banner is dismissed and nothing of it is captured", async () => {
    const shot = await kit.capture(`${site.origin}/fixtures/cookie-banner/`);
    const orange = await colorShare(shot.background.file, "#FF6A00");
    expect(orange, `orange share ${orange}`).toBeLessThan(0.0001);
    for (const layer of shot.fixedLayers) {
      expect(await colorShare(layer.file, "#FF6A00"), layer.label).toBeLessThan(0.0001);
    }
    expect(shot.fixedLayers, JSON.stringify(shot.fixedLayers)).toEqual([]);
  });

  it("lazy-images: every loading=lazy and data-src image is painted", async () => {
    const alts = [0, 1, 2, 3].flatMap((i) => [`img[alt='Our clinic ${i}']`, `img[alt='Team ${i}']`]);
    const shot = await kit.capture(`${site.origin}/fixtures/lazy-images/`, { selectors: alts });
    for (const selector of alts) {
      // The left third of each picture, away from its translucent circle.
      const box = region(shot.targets[selector]);
      const green = await colorShare(shot.background.file, "#00C853", {
        tolerance: 40,
        region: { ...box, width: Math.floor(box.width / 3) },
      });
      expect(green, `${selector} at ${JSON.stringify(box)}: green share ${green}`).toBeGreaterThan(0.95);
    }
  });

  it("lazy-widget: the booking embed draws its slots instead of a white box", async () => {
    const shot = await kit.capture(`${site.origin}/fixtures/lazy-widget/`, { selectors: ["#booking"] });
    const purple = await colorShare(shot.background.file, "#7B2FF7", {
      region: region(shot.targets["#booking"]),
    });
    expect(purple, `purple share in the embed ${purple}`).toBeGreaterThan(0.1);
    expect(shot.warnings.join("\n")).not.toContain("stayed empty");
  });

  let sticky: Shot;
  it("sticky-header: the fixed header is a layer, once, and absent from the background", async () => {
    sticky = await kit.capture(`${site.origin}/fixtures/sticky-header/`, {
      selectors: ["header", "aside b"],
    });
    const blueInBackground = await colorShare(sticky.background.file, "#0B3D91");
    expect(blueInBackground, `blue share in the background ${blueInBackground}`).toBeLessThan(0.0001);
    const blueLayers = [];
    for (const layer of sticky.fixedLayers) {
      if ((await colorShare(layer.file, "#0B3D91")) > 0.5) blueLayers.push(layer);
    }
    expect(blueLayers, JSON.stringify(sticky.fixedLayers)).toHaveLength(1);
    expect(blueLayers[0]).toMatchObject({ mode: "viewport", x: 0, y: 0, width: 1280 });
  });

  it("sticky-header: the sticky sidebar is a sticky layer that stops at its column's end", () => {
    const aside = sticky.fixedLayers.find((l) => l.label.includes("aside"));
    expect(aside, JSON.stringify(sticky.fixedLayers)).toMatchObject({ mode: "sticky" });
    // top:84px in the page, less the transparent margin kept for shadows.
    expect(aside?.sticky?.top).toBe(84 - 12);
    expect(aside?.y).toBeGreaterThan(100);
    expect(aside?.sticky?.bottom).toBeGreaterThan((aside?.y ?? 0) + (aside?.height ?? 0));
    expect(aside?.sticky?.bottom).toBeLessThanOrEqual(sticky.background.height + 12);
  });

  it("sticky-header: action targets in the fixed header are on screen, those in the sidebar in the page", () => {
    expect(sticky.targets.header).toMatchObject({ x: 0, y: 0, width: 1280, height: 64, viewport: true });
    const label = sticky.targets["aside b"];
    expect(label?.viewport).toBeUndefined();
    expect(label?.y, JSON.stringify(label)).toBeGreaterThan(300);
  });

  it("long-article: a tall background, nothing pinned, nothing moving", async () => {
    const shot = await kit.capture(`${site.origin}/fixtures/long-article/`);
    expect(shot.background.height).toBeGreaterThan(3 * 720);
    expect(shot.background.width).toBe(1280);
    expect(shot).toMatchObject({ mode: "layers", fixedLayers: [], animatedLayers: [] });
  });

  it("animated: the spinning square becomes a seamless loop of frames over the page", async () => {
    const shot = await kit.capture(`${site.origin}/fixtures/animated/`);
    expect(shot.mode).toBe("layers");
    expect(shot.animatedLayers, JSON.stringify(shot.animatedLayers)).toHaveLength(1);
    const loop = shot.animatedLayers[0];
    const frames = loop?.frames ?? [];
    // A 3 s turn at 15 fps.
    expect(loop).toMatchObject({ mode: "document", fps: 15 });
    expect(frames).toHaveLength(45);
    for (const frame of [frames[0], frames[22]] as string[]) {
      expect(await colorShare(frame, "#00B8D4")).toBeGreaterThan(0.2);
    }
    const turned = await differingShare(frames[0] as string, frames[5] as string);
    const last = await differingShare(frames[0] as string, frames[44] as string);
    expect(turned, "the square turns").toBeGreaterThan(0.05);
    // The last frame is one step before the first: the loop closes without a jump.
    expect(last, `first vs last ${last}, first vs 40° ${turned}`).toBeLessThan(turned / 2);
  });
});
