import { writeFile } from "node:fs/promises";
import { execa } from "execa";
import { PNG } from "pngjs";
import type { SceneCapture } from "../../src/core/types";

/**
 * A tall page whose left edge spells its own row number: three 30 px bands hold y's base-16 digits as
 * gray levels 16·d + 8, which survive yuv420p conversion, so a decoded frame tells its scroll offset.
 * The rest is flat gray (160), so the cursor's dark outline is easy to find.
 */
export async function writeRulerPage(file: string, width: number, height: number): Promise<void> {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    const digits = [Math.floor(y / 256) % 16, Math.floor(y / 16) % 16, y % 16];
    for (let x = 0; x < width; x++) {
      const band = Math.floor(x / 30);
      const value = band < 3 ? 16 * (digits[band] as number) + 8 : 160;
      const i = (y * width + x) * 4;
      png.data[i] = value;
      png.data[i + 1] = value;
      png.data[i + 2] = value;
      png.data[i + 3] = 255;
    }
  }
  await writeFile(file, PNG.sync.write(png, { colorType: 2 }));
}

/** Row offset read back from a gray frame's ruler bands (at row `row` of the frame). */
export function readRuler(frame: Buffer, width: number, row: number): number {
  const digit = (band: number) => Math.floor((frame[row * width + band * 30 + 15] as number) / 16);
  return digit(0) * 256 + digit(1) * 16 + digit(2);
}

/** A flat PNG of one colour, with alpha. */
export async function writeFlatPng(
  file: string,
  width: number,
  height: number,
  rgba: [number, number, number, number],
): Promise<void> {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  await writeFile(file, PNG.sync.write(png));
}

export function sceneCapture(
  index: number,
  background: { file: string; width: number; height: number },
  extra: Partial<SceneCapture> = {},
): SceneCapture {
  return {
    index,
    url: `https://example.test/${index}`,
    capturedUrl: `https://example.test/${index}`,
    fallback: false,
    background,
    fixedLayers: [],
    animatedLayers: [],
    targets: {},
    mode: "layers",
    preflight: [],
    warnings: [],
    ...extra,
  };
}

/** Runs ffmpeg and hands every decoded gray frame of its rawvideo stdout to `onFrame`, in order. */
export async function eachGrayFrame(
  args: string[],
  frameBytes: number,
  onFrame: (frame: Buffer, index: number) => void,
): Promise<number> {
  const child = execa("ffmpeg", ["-v", "error", "-nostdin", ...args], {
    buffer: { stdout: false },
    encoding: "buffer",
  });
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= frameBytes) {
      onFrame(pending.subarray(0, frameBytes), index++);
      pending = pending.subarray(frameBytes);
    }
  }
  await child;
  return index;
}
