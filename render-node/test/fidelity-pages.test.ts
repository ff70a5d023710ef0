import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaptureKit, openCaptureKit } from "./helpers/capture-session";
import { colorShare, differingShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

/** Pages of test/pages that combine what breaks captures differently from the shared fixtures. */
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

function region(box: { x: number; y: number; width: number; height: number } | null | undefined) {
  if (!box) throw new Error("target not found");
  return {
    left: Math.round(box.x),
    top: Math.round(box.y),
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}

describe("capture fidelity on combined pages", () => {
  it("rejects a consent banner inside a shadow root and lifts the scroll lock it left", async () => {
    const shot = await kit.capture(`${site.origin}/pages/shadow-consent.html`, {
      selectors: ["img.io", "body[data-consent=rejected]"],
    });
    expect(await colorShare(shot.background.file, "#FF6A00")).toBeLessThan(0.0001);
    expect(shot.fixedLayers).toEqual([]);
    // The CMP's own "Reject all" was clicked.
    expect(shot.targets["body[data-consent=rejected]"]).not.toBeNull();
    // The body had overflow:hidden; the image below the fold only loads when the page really scrolls.
    const green = await colorShare(shot.background.file, "#00B34A", {
      region: region(shot.targets["img.io"]),
    });
    expect(green, `green share of the observed image ${green}`).toBeGreaterThan(0.6);
  });

  it("loads backgrounds that a class added on intersection brings", async () => {
    const shot = await kit.capture(`${site.origin}/pages/lazy-background.html`, {
      selectors: [".tile:nth-of-type(2)", ".tile:nth-of-type(3)"],
    });
    for (const [selector, box] of Object.entries(shot.targets)) {
      const green = await colorShare(shot.background.file, "#00E05C", {
        tolerance: 40,
        region: { ...region(box), width: 200 },
      });
      expect(green, `${selector}: green share ${green}`).toBeGreaterThan(0.9);
    }
  });

  it("draws a widget inside a lazy iframe and one injected after the first interaction", async () => {
    const shot = await kit.capture(`${site.origin}/pages/lazy-iframe.html`, {
      selectors: ["iframe[title=calendar]", "iframe.deferred"],
    });
    for (const [selector, box] of Object.entries(shot.targets)) {
      const purple = await colorShare(shot.background.file, "#7B2FF7", { region: region(box) });
      expect(purple, `${selector}: purple share ${purple}`).toBeGreaterThan(0.1);
    }
  });

  it("closes a newsletter modal, hides a banner that appears on scroll, keeps the header as it looks scrolled", async () => {
    const shot = await kit.capture(`${site.origin}/pages/modal.html`);
    expect(await colorShare(shot.background.file, "#5A008C", { tolerance: 30 })).toBeLessThan(0.0001);
    expect(await colorShare(shot.background.file, "#FF6A00")).toBeLessThan(0.0001);
    // The header as it looks once scrolled (it is transparent at the top: that look comes first).
    const header = shot.fixedLayers.find((l) => l.label.includes("header") && !l.scrollRange?.until);
    expect(header, JSON.stringify(shot.fixedLayers)).toMatchObject({
      mode: "sticky",
      y: 0,
      sticky: { top: 0 },
    });
    expect(await colorShare(header?.file as string, "#0B3D91")).toBeGreaterThan(0.5);
    expect(shot.fixedLayers.filter((l) => l.label.includes("late") || l.label.includes("modal"))).toEqual([]);
  });

  it("records a pulsing fixed chat launcher as a transparent looping layer, absent from the background", async () => {
    const shot = await kit.capture(`${site.origin}/pages/chat-launcher.html`);
    expect(await colorShare(shot.background.file, "#2962FF")).toBe(0);
    expect(shot.fixedLayers, JSON.stringify(shot.fixedLayers)).toHaveLength(1);
    const layer = shot.fixedLayers[0];
    expect(layer).toMatchObject({ mode: "viewport", fps: 15 });
    const frames = layer?.frames ?? [];
    // A 1.2 s pulse at 15 fps.
    expect(frames).toHaveLength(18);
    const meta = await sharp(frames[0] as string).metadata();
    expect([meta.width, meta.height]).toEqual([layer?.width, layer?.height]);
    const corner = await sharp(frames[0] as string)
      .ensureAlpha()
      .extract({ left: 0, top: 0, width: 1, height: 1 })
      .raw()
      .toBuffer();
    expect(corner[3], "transparent around the round button").toBe(0);
    expect(await colorShare(frames[0] as string, "#2962FF", { tolerance: 40 })).toBeGreaterThan(0.2);
    // Where the pulse was paused is chance; somewhere in the loop the button must look clearly different.
    const diffs = await Promise.all(frames.map((f) => differingShare(frames[0] as string, f)));
    expect(
      Math.max(...diffs),
      `differences to the first frame ${diffs.map((d) => d.toFixed(2))}`,
    ).toBeGreaterThan(0.1);
  });

  it("unwraps a page that scrolls inside a full-height container and renders content-visibility sections", async () => {
    const shot = await kit.capture(`${site.origin}/pages/scroll-container.html`, { selectors: [".band"] });
    expect(shot.background.height).toBeGreaterThan(2000);
    const green = await colorShare(shot.background.file, "#00C853", {
      region: region(shot.targets[".band"]),
    });
    expect(green, `green share of the far band ${green}`).toBeGreaterThan(0.95);
  });

  it("keeps a site built inside a full-screen fixed container: not a modal, scrolled as a document", async () => {
    const shot = await kit.capture(`${site.origin}/pages/fixed-shell.html`, { selectors: [".band"] });
    expect(shot.fixedLayers).toEqual([]);
    expect(shot.background.height).toBeGreaterThan(2000);
    const green = await colorShare(shot.background.file, "#00C853", {
      region: region(shot.targets[".band"]),
    });
    expect(green, `green share of the far band ${green}`).toBeGreaterThan(0.95);
  });

  it("shows sections that reveal on entering the viewport and hide on leaving it, revealed everywhere", async () => {
    const colors = { io: "#1E88E5", aos: "#E53935", raf: "#43A047" };
    const ids = Object.keys(colors).flatMap((kind) => [1, 2, 3].map((n) => `#${kind}-${n}`));
    const shot = await kit.capture(`${site.origin}/pages/reveal.html`, { selectors: ids });
    for (const id of ids) {
      const color = colors[id.slice(1, -2) as keyof typeof colors];
      const share = await colorShare(shot.background.file, color, { region: region(shot.targets[id]) });
      expect(share, `${id}: share of its colour ${share}`).toBeGreaterThan(0.95);
    }
  });

  it("captures a header's look at the top and once scrolled, a button that appears, a progress bar that grows", async () => {
    const shot = await kit.capture(`${site.origin}/pages/scroll-look.html`);
    const header = shot.fixedLayers.filter((l) => l.label.includes("header"));
    expect(header, JSON.stringify(shot.fixedLayers)).toHaveLength(2);
    const [top, scrolled] = header;
    // The page turns the header solid past 100 px; the capture probes every 16 px there.
    expect(top?.scrollRange?.until).toBeGreaterThan(100);
    expect(top?.scrollRange?.until).toBeLessThanOrEqual(116);
    expect(scrolled?.scrollRange).toEqual({ from: top?.scrollRange?.until });
    expect(await colorShare(top?.file as string, "#FFD600")).toBeGreaterThan(0.5);
    expect(await colorShare(scrolled?.file as string, "#0B3D91")).toBeGreaterThan(0.5);
    expect(scrolled?.height).toBeLessThan(top?.height as number);
    // Shown only past 400 px, and not at the top.
    const button = shot.fixedLayers.filter((l) => l.label.includes("to-top"));
    expect(button, JSON.stringify(shot.fixedLayers)).toHaveLength(1);
    expect(button[0]?.scrollRange?.from).toBeGreaterThan(400);
    expect(button[0]?.scrollRange?.from).toBeLessThanOrEqual(448);
    expect(await colorShare(button[0]?.file as string, "#00C853")).toBeGreaterThan(0.3);
    // The progress bar grows with the scroll: one layer, its full length, drawn as long as the page
    // makes it at each offset (measured over the whole page; compose interpolates between them).
    const bar = shot.fixedLayers.filter((l) => l.label.includes("progress"));
    expect(
      bar.map((l) => l.label),
      JSON.stringify(shot.fixedLayers),
    ).toEqual(["fixed div.progress (grows with the scroll)"]);
    const [grows] = bar;
    expect(grows?.scrollRange).toBeUndefined();
    expect(grows?.growth?.axis).toBe("x");
    const at = grows?.growth?.at ?? [];
    expect(at.length).toBeGreaterThanOrEqual(5);
    const maxScroll = at.at(-1)?.scrollY ?? 0;
    expect(at[0]).toEqual({ scrollY: 0, length: 0 });
    for (const { scrollY, length } of at) {
      // The page sets the width to the share scrolled, rounded to 0.1 %.
      expect(Math.abs(length / 1280 - scrollY / maxScroll), `${length} px at ${scrollY}`).toBeLessThan(0.01);
    }
    expect(await colorShare(grows?.file as string, "#FF6D00")).toBeGreaterThan(0.15);
    // Its mask is its alpha: the 6 px bar opaque, the 12 px kept above it for a shadow clear.
    const opaque = await colorShare(grows?.growth?.mask as string, "#FFFFFF");
    expect(opaque).toBeCloseTo(6 / 18, 2);
  });

  it("shows a background-attachment: fixed section at the scale a visitor sees, not stretched over the page", async () => {
    const shot = await kit.capture(`${site.origin}/pages/parallax.html`, {
      selectors: ["#parallax", ".card"],
    });
    const box = region(shot.targets["#parallax"]);
    const quarter = Math.floor(box.height / 4);
    // Centred in the viewport, the section shows the gradient's red top and blue bottom.
    const red = await colorShare(shot.background.file, "#D50000", { region: { ...box, height: quarter } });
    const blue = await colorShare(shot.background.file, "#2962FF", {
      region: { ...box, top: box.top + box.height - quarter, height: quarter },
    });
    expect(red, `red share of the top quarter ${red}`).toBeGreaterThan(0.9);
    expect(blue, `blue share of the bottom quarter ${blue}`).toBeGreaterThan(0.9);
    // And a layer for the video: the background as it stays put on the screen (red over the top half
    // of the viewport, blue below), seen through the section wherever the card does not cover it.
    const fixed = shot.animatedLayers.filter((l) => l.pageWindow);
    expect(fixed.map((l) => l.label)).toEqual(["fixed background of section#parallax"]);
    const [layer] = fixed;
    if (!layer?.pageWindow) throw new Error("no window");
    expect(layer).toMatchObject({ mode: "viewport", x: 0, y: 0, width: 1280, height: 720 });
    // The section's box, to the pixel (a fractional edge is taken in).
    const { x, y, width, height } = layer.pageWindow;
    const edges = [
      x - box.left,
      y - box.top,
      x + width - box.left - box.width,
      y + height - box.top - box.height,
    ];
    for (const d of edges)
      expect(Math.abs(d), `window ${JSON.stringify(layer.pageWindow)}`).toBeLessThanOrEqual(1);
    const screenTop = { left: 0, top: 0, width: 1280, height: 340 };
    const screenBottom = { left: 0, top: 380, width: 1280, height: 340 };
    expect(await colorShare(layer.file, "#D50000", { region: screenTop })).toBeGreaterThan(0.95);
    expect(await colorShare(layer.file, "#2962FF", { region: screenBottom })).toBeGreaterThan(0.95);
    const card = region(shot.targets[".card"]);
    const inWindow = (r: { left: number; top: number; width: number; height: number }) => ({
      ...r,
      left: r.left - x,
      top: r.top - y,
    });
    const open = { left: box.left, top: box.top, width: box.width, height: 150 };
    expect(await colorShare(layer.pageWindow.file, "#FFFFFF", { region: inWindow(open) })).toBeGreaterThan(
      0.99,
    );
    expect(await colorShare(layer.pageWindow.file, "#000000", { region: inWindow(card) })).toBeGreaterThan(
      0.99,
    );
  });

  it("shows the first three fixed-background sections as a visitor sees them and says the rest scroll with the page", async () => {
    const shot = await kit.capture(`${site.origin}/pages/parallax-many.html`);
    const windows = shot.animatedLayers.flatMap((l) => (l.pageWindow ? [l.pageWindow.y] : []));
    expect(windows).toHaveLength(3);
    expect(windows).toEqual([...windows].sort((a, b) => a - b));
    expect(shot.warnings.join("\n")).toContain("more sections with a fixed background");
  });

  it("stops an endless feed at the height cap and finishes within the budget", async () => {
    const began = Date.now();
    const shot = await kit.capture(`${site.origin}/pages/infinite.html`, { maxHeight: 6000, budgetMs: 8000 });
    const ms = Date.now() - began;
    expect(shot.background.height).toBe(6000);
    expect(shot.warnings.join("\n")).toContain("only the first 6000 px are shown");
    // Budget plus the pictures; a loaded machine makes screenshots slow, not endless.
    expect(ms, `took ${ms} ms`).toBeLessThan(45_000);
  });

  it("captures a page whose image and script never finish loading", async () => {
    const began = Date.now();
    const shot = await kit.capture(`${site.origin}/pages/hanging.html`, {
      selectors: [".band"],
      budgetMs: 6000,
    });
    const ms = Date.now() - began;
    expect(
      await colorShare(shot.background.file, "#00C853", { region: region(shot.targets[".band"]) }),
    ).toBeGreaterThan(0.95);
    expect(ms, `took ${ms} ms`).toBeLessThan(45_000);
  });
});
