import sharp from "sharp";

/**
 * Share of a picture's pixels that differ clearly from its most common colour: about 0 for a blank
 * page, a few percent for a page with a little text, much more for a real page.
 */
export async function paintedShare(image: Buffer): Promise<number> {
  const { data, info } = await sharp(image)
    // Averaging, not sampling: thin lines and small text must not fall between sampled pixels.
    .resize(320, 180, { fit: "fill" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const counts = new Map<number, number>();
  const pixels = info.width * info.height;
  // Colours quantised to 5 bits a channel so compression noise counts as one colour.
  for (let i = 0; i < data.length; i += 3) {
    const key = ((data[i] ?? 0) >> 3) | (((data[i + 1] ?? 0) >> 3) << 5) | (((data[i + 2] ?? 0) >> 3) << 10);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let top = 0;
  for (const n of counts.values()) top = Math.max(top, n);
  return 1 - top / pixels;
}

/** Whether a PNG with an alpha channel paints nothing at all. */
export async function isFullyTransparent(png: Buffer): Promise<boolean> {
  const stats = await sharp(png).ensureAlpha().stats();
  return (stats.channels[3]?.max ?? 255) === 0;
}

/** A piece of a PNG (pixels), clamped to the picture; null when nothing of it is inside. */
export async function cropPng(
  png: Buffer,
  box: { x: number; y: number; width: number; height: number },
): Promise<{ png: Buffer; x: number; y: number; width: number; height: number } | null> {
  const meta = await sharp(png).metadata();
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  const right = Math.min(meta.width ?? 0, Math.ceil(box.x + box.width));
  const bottom = Math.min(meta.height ?? 0, Math.ceil(box.y + box.height));
  if (right - x < 1 || bottom - y < 1) return null;
  const out = await sharp(png)
    .extract({ left: x, top: y, width: right - x, height: bottom - y })
    .png()
    .toBuffer();
  return { png: out, x, y, width: right - x, height: bottom - y };
}

/** Share of pixels that differ clearly (any channel by more than 16) between two same-sized pictures. */
export async function changedShare(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((img) => sharp(img).removeAlpha().raw().toBuffer()));
  if (!x || !y || x.length !== y.length) return 1;
  let changed = 0;
  for (let i = 0; i < x.length; i += 3) {
    if (
      Math.abs((x[i] ?? 0) - (y[i] ?? 0)) > 16 ||
      Math.abs((x[i + 1] ?? 0) - (y[i + 1] ?? 0)) > 16 ||
      Math.abs((x[i + 2] ?? 0) - (y[i + 2] ?? 0)) > 16
    ) {
      changed++;
    }
  }
  return changed / (x.length / 3);
}
