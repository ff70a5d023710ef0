import sharp from "sharp";

/** Share (0..1) of the pixels in `file` (optionally a region) within `tolerance` of `hex`. */
export async function colorShare(
  file: string | Buffer,
  hex: string,
  options: { tolerance?: number; region?: { left: number; top: number; width: number; height: number } } = {},
): Promise<number> {
  const tolerance = options.tolerance ?? 24;
  const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let image = sharp(file);
  if (options.region) image = image.extract(options.region);
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let hits = 0;
  for (let i = 0; i < data.length; i += 4) {
    if ((data[i + 3] ?? 0) < 128) continue;
    if (
      Math.abs((data[i] ?? 0) - (target[0] ?? 0)) <= tolerance &&
      Math.abs((data[i + 1] ?? 0) - (target[1] ?? 0)) <= tolerance &&
      Math.abs((data[i + 2] ?? 0) - (target[2] ?? 0)) <= tolerance
    ) {
      hits++;
    }
  }
  return hits / (info.width * info.height);
}

/** Share of pixels that two same-sized pictures disagree on (any channel off by more than 16). */
export async function differingShare(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((f) => sharp(f).ensureAlpha().raw().toBuffer()));
  if (!x || !y || x.length !== y.length) return 1;
  let diff = 0;
  for (let i = 0; i < x.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs((x[i + c] ?? 0) - (y[i + c] ?? 0)) > 16) {
        diff++;
        break;
      }
    }
  }
  return diff / (x.length / 4);
}
