import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { screenshot } from "../../browser/screenshot";
import { findFixedBackgrounds, paintFixedBackground } from "../../browser/scripts/backgrounds";
import type { SceneLayer } from "../../core/types";

/** Sections with a fixed background that get a layer of their own; further ones scroll with the page. */
const MAX_FIXED_BACKGROUNDS = 3;

/**
 * `background-attachment: fixed` backgrounds as a visitor sees them: the picture stays put while its
 * section slides over it. Each becomes a viewport layer (the background over the whole viewport) seen
 * through a window in the page: where its section shows that background, told apart from the content
 * in front of it by two pictures of the section, its background painted black and then white. `left`:
 * there were more such sections than get a layer. Runs
 * in the state of the page's tall picture (pinned elements hidden), which shows such a section with
 * its background anchored to it, the fallback where these layers are not drawn.
 */
export async function captureFixedBackgrounds(
  page: Page,
  options: {
    viewport: { width: number; height: number };
    maxHeight: number;
    workDir: string;
    prefix: string;
  },
): Promise<{ layers: SceneLayer[]; left: boolean }> {
  const found = await page.evaluate(findFixedBackgrounds, {
    maxY: options.maxHeight,
    limit: MAX_FIXED_BACKGROUNDS + 1,
  });
  const boxes = found.slice(0, MAX_FIXED_BACKGROUNDS);
  const layers: SceneLayer[] = [];
  try {
    for (const box of boxes) {
      const clip = { x: box.x, y: box.y, width: box.width, height: box.height };
      await page.evaluate(paintFixedBackground, { id: box.id, as: "black" as const });
      const onBlack = await screenshot(page, { format: "png", clip, beyondViewport: true });
      await page.evaluate(paintFixedBackground, { id: box.id, as: "white" as const });
      const onWhite = await screenshot(page, { format: "png", clip, beyondViewport: true });
      const window = await showingThrough(onBlack, onWhite);
      if (!window) continue;
      await page.evaluate(paintFixedBackground, { id: box.id, as: "viewport" as const });
      const { width, height } = options.viewport;
      const picture = await screenshot(page, { format: "png", clip: { x: 0, y: 0, width, height } });
      const stem = path.join(options.workDir, `${options.prefix}-fixed-bg-${box.id}`);
      await writeFile(`${stem}.png`, picture);
      await writeFile(`${stem}-window.png`, window);
      layers.push({
        file: `${stem}.png`,
        mode: "viewport",
        x: 0,
        y: 0,
        width,
        height,
        label: `fixed background of ${box.label}`,
        pageWindow: { file: `${stem}-window.png`, x: box.x, y: box.y, width: box.width, height: box.height },
      });
    }
  } finally {
    await page.evaluate(paintFixedBackground, { id: "", as: "restore" as const }).catch(() => {});
  }
  return { layers, left: found.length > boxes.length };
}

/**
 * A gray PNG of how much of the background shows at each pixel (white: all of it), from pictures with
 * the background black and white: content in front looks the same in both. Null when nothing shows.
 */
async function showingThrough(onBlack: Buffer, onWhite: Buffer): Promise<Buffer | null> {
  const [black, white] = await Promise.all(
    [onBlack, onWhite].map((png) => sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })),
  );
  if (!black || !white || black.data.length !== white.data.length) return null;
  const { width, height } = black.info;
  const gray = Buffer.alloc(width * height);
  let shown = 0;
  for (let p = 0; p < gray.length; p++) {
    const i = p * 3;
    const d = Math.max(
      (white.data[i] as number) - (black.data[i] as number),
      (white.data[i + 1] as number) - (black.data[i + 1] as number),
      (white.data[i + 2] as number) - (black.data[i + 2] as number),
    );
    const value = Math.max(0, Math.min(255, d));
    gray[p] = value;
    if (value > 128) shown++;
  }
  if (shown === 0) return null;
  return sharp(gray, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}
