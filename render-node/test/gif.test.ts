import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { GIF_MAX_BYTES, makePosterAndGif } from "../src/stages/compose/gif";
import { ffprobe, isJpeg } from "./helpers/media";

let tmp: string;
let binaries: Binaries;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-gif-test-"));
  binaries = await resolveBinaries();
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function video(name: string, source: string): Promise<string> {
  const file = path.join(tmp, name);
  await execa("ffmpeg", [
    ...["-v", "error", "-f", "lavfi", "-i", source, "-t", "4"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", file],
  ]);
  return file;
}

async function firstFrameRgb(
  gif: string,
  width: number,
  height: number,
): Promise<(x: number, y: number) => number[]> {
  const { stdout } = await execa(
    "ffmpeg",
    ["-v", "error", "-i", gif, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
    { encoding: "buffer" },
  );
  const data = Buffer.from(stdout);
  expect(data.length).toBe(width * height * 3);
  return (x, y) => Array.from(data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));
}

describe("poster and email GIF", () => {
  it("makes a GIF under 1 MB of the first seconds whose first frame already shows a play button", async () => {
    // A white page with a moving box: the button must stand out from the page, not from noise.
    const source = await video(
      "white.mp4",
      "color=c=white:s=1280x720:r=30,drawbox=x=100+t*100:y=100:w=80:h=80:color=red:t=fill",
    );
    const poster = path.join(tmp, "poster.jpg");
    const gif = path.join(tmp, "preview.gif");
    const result = await makePosterAndGif({
      ffmpeg: binaries.ffmpeg,
      video: source,
      videoSeconds: 5,
      poster,
      gif,
      cacheDir: path.join(tmp, "cache"),
      signal: new AbortController().signal,
    });
    expect(result).toMatchObject({ gifWidth: 480, attempts: 1 });
    expect((await stat(gif)).size).toBe(result.gifBytes);
    expect(result.gifBytes).toBeLessThan(GIF_MAX_BYTES);
    const probe = await ffprobe(gif);
    expect(probe.streams[0]).toMatchObject({ codec_name: "gif", width: 480, height: 270 });
    expect(Math.abs(Number(probe.format.duration) - 3.5), probe.format.duration).toBeLessThan(0.2);
    expect(await isJpeg(poster)).toBe(true);

    const at = await firstFrameRgb(gif, 480, 270);
    const r = Math.round(270 * 0.24) / 2;
    for (const v of at(240 + Math.round(r * 0.05), 135)) expect(v, "triangle").toBeGreaterThan(225);
    for (const v of at(240 - Math.round(r * 0.55), 135 + Math.round(r * 0.55))) {
      expect(v, "dark disc around the triangle").toBeLessThan(150);
    }
    for (const v of at(440, 240)) expect(v, "the page itself, untouched").toBeGreaterThan(225);
  });

  it("falls back to a lighter look when a busy page makes the GIF too heavy", async () => {
    const source = await video("noise.mp4", "testsrc2=s=640x360:r=30,noise=alls=80:allf=t+u");
    const result = await makePosterAndGif({
      ffmpeg: binaries.ffmpeg,
      video: source,
      videoSeconds: 5,
      poster: path.join(tmp, "poster-2.jpg"),
      gif: path.join(tmp, "preview-2.gif"),
      cacheDir: path.join(tmp, "cache"),
      signal: new AbortController().signal,
    });
    expect(result.attempts, `bytes ${result.gifBytes}`).toBeGreaterThan(1);
    expect(result.gifWidth).toBeLessThan(480);
  });
});
