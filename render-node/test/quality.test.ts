import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureSsim, sendcmdValues, stillStretchSsim } from "../bench/quality";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { layoutBubble } from "../src/stages/compose/bubble";
import { sendcmdScript } from "../src/stages/compose/commands";
import { composeVideo } from "../src/stages/compose/compose";
import { prepareFacecam } from "../src/stages/compose/facecam-prep";
import { drawCursorSheet } from "../src/stages/compose/sprites";
import { findOverlayFont } from "../src/stages/compose/text";
import { probeUntrustedVideo } from "../src/stages/preflight/untrusted-media";
import { sceneCapture } from "./helpers/compose-fixtures";
import { makeFacecam } from "./helpers/media";

let tmp: string;
let binaries: Binaries;
/** A tall page of small dark text on white: what legibility is about. */
let page: string;
const PAGE_HEIGHT = 2400;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-quality-test-"));
  binaries = await resolveBinaries();
  const lines = Array.from(
    { length: 110 },
    (_, i) =>
      `${i + 1}. The quick brown fox jumps over the lazy dog; pricing, onboarding and support for every team.`,
  );
  const textFile = path.join(tmp, "lines.txt");
  await writeFile(textFile, lines.join("\n"));
  const font = await findOverlayFont();
  page = path.join(tmp, "page.png");
  await execa(binaries.ffmpeg, [
    ...["-v", "error", "-f", "lavfi", "-i", `color=c=white:s=1280x${PAGE_HEIGHT}:d=1`],
    ...[
      "-vf",
      `drawtext=${font ? `fontfile=${font}:` : ""}textfile=${textFile}:fontsize=15:fontcolor=0x222222:x=24:y=16:line_spacing=7`,
    ],
    ...["-frames:v", "1", "-y", page],
  ]);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("SSIM of encoded frames against page pixels", () => {
  it("scores a picture against itself at 1 and against a blurred copy lower", async () => {
    const crop = "crop=1280:720:0:300";
    const same = await measureSsim(
      binaries.ffmpeg,
      { file: page, filters: crop },
      { file: page, filters: crop },
    );
    const blurred = await measureSsim(
      binaries.ffmpeg,
      { file: page, filters: crop },
      { file: page, filters: `${crop},gblur=sigma=1.5` },
    );
    expect(same.all, JSON.stringify(same)).toBeGreaterThan(0.999);
    expect(blurred.all, JSON.stringify(blurred)).toBeLessThan(0.97);
    expect(blurred.all).toBeLessThan(same.all);
  });

  it("reads per-frame values back from a sendcmd script", () => {
    const values = Int32Array.from([0, 0, 5, 5, 9]);
    const script = sendcmdScript([{ target: "crop@scroll0", command: "y", values }], 30);
    expect(Array.from(sendcmdValues(script, "crop@scroll0", "y", 30, 6))).toEqual([0, 0, 5, 5, 9, 9]);
  });

  it("finds a still stretch of a composed video and scores its text at ≥ 0.97 against the page", async () => {
    const spec = SceneSpecSchema.parse({
      facecam: "f.mp4",
      bubble: { shape: "circle", position: "bottom-left", size: 0.24 },
      scenes: [{ url: "https://a.test", seconds: 3 }],
    });
    const facecam = await makeFacecam(tmp, 3);
    const probed = await probeUntrustedVideo(binaries.ffprobe, facecam, new AbortController().signal);
    const layout = layoutBubble(spec.bubble, spec.output);
    const workDir = path.join(tmp, "lead");
    await mkdir(workDir, { recursive: true });
    const cacheDir = path.join(tmp, "cache");
    await composeVideo({
      binaries,
      spec,
      fields: {},
      facecam: prepareFacecam({
        ffmpeg: binaries.ffmpeg,
        facecamFile: facecam,
        probed,
        layout,
        fps: 30,
        cacheDir,
        signal: new AbortController().signal,
      }),
      facecamSeconds: 3,
      scenes: [{ capture: sceneCapture(0, { file: page, width: 1280, height: PAGE_HEIGHT }), frames: 90 }],
      workDir,
      cacheDir,
      signal: new AbortController().signal,
    });
    const ssim = await stillStretchSsim({
      ffmpeg: binaries.ffmpeg,
      workDir,
      output: spec.output,
      sceneFrames: 90,
      skipFrames: 0,
      left: layout.x + layout.width + 16,
      cursorCell: drawCursorSheet(720).cell,
    });
    expect(ssim.stillFrames, JSON.stringify(ssim)).toBeGreaterThanOrEqual(2);
    expect(ssim.all, JSON.stringify(ssim)).toBeGreaterThanOrEqual(0.97);
  });
});
