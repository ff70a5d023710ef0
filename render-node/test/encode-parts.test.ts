import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { waitFor } from "@loom-lite/testkit/wait";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { buildComposeGraph } from "../src/stages/compose/args";
import { layoutBubble } from "../src/stages/compose/bubble";
import { composeVideo } from "../src/stages/compose/compose";
import { type PreparedFacecam, prepareFacecam } from "../src/stages/compose/facecam-prep";
import { buildSceneMotion } from "../src/stages/compose/motion";
import { type FrameRange, slicePlan, splitFrames } from "../src/stages/compose/parts";
import { type ComposePlan, planCursor, planScene } from "../src/stages/compose/plan";
import { drawCursorSheet } from "../src/stages/compose/sprites";
import { findOverlayFont } from "../src/stages/compose/text";
import { probeUntrustedVideo } from "../src/stages/preflight/untrusted-media";
import { sceneCapture, writeFlatPng, writeRulerPage } from "./helpers/compose-fixtures";
import { ffprobe, makeFacecam } from "./helpers/media";
import { isAlive, mediaChildren } from "./helpers/processes";

const output = { width: 1280, height: 720, fps: 30 as const };
const bubble = { shape: "circle" as const, position: "bottom-left" as const, size: 0.28 };
let tmp: string;
let binaries: Binaries;
/** A 4 s clip with sound, prepared as compose gets it. */
let facecam: PreparedFacecam;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-parts-test-"));
  binaries = await resolveBinaries();
  const file = await makeFacecam(tmp, 4);
  const probed = await probeUntrustedVideo(binaries.ffprobe, file, new AbortController().signal);
  facecam = await prepareFacecam({
    ffmpeg: binaries.ffmpeg,
    facecamFile: file,
    probed,
    layout: layoutBubble(bubble, output),
    fps: 30,
    cacheDir: path.join(tmp, "cache"),
    signal: new AbortController().signal,
  });
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("where a video is cut into parts", () => {
  const fps = 30;
  const split = (seconds: number, scenes: number[], parts: number) =>
    splitFrames({ totalFrames: seconds * fps, sceneFrames: scenes.map((s) => s * fps), fps, gop: 60, parts });

  it("cuts into equal parts on keyframe-interval multiples, covering every frame once", () => {
    expect(split(60, [60], 2)).toEqual([
      { from: 0, to: 900 },
      { from: 900, to: 1800 },
    ]);
    const three = split(50, [50], 3);
    expect(three.map((r) => r.from % 60)).toEqual([0, 0, 0]);
    expect(three[0]?.from).toBe(0);
    expect(three.at(-1)?.to).toBe(1500);
    expect(three.slice(1).map((range) => range.from)).toEqual(three.slice(0, -1).map((range) => range.to));
  });

  it("moves a cut onto a nearby scene boundary, so no scene is decoded twice", () => {
    expect(split(60, [27, 33], 2)).toEqual([
      { from: 0, to: 810 },
      { from: 810, to: 1800 },
    ]);
    // Far from the middle, the boundary does not pull the cut.
    expect(split(60, [5, 55], 2)[1]?.from).toBe(900);
  });

  it("keeps short videos in one pass: no part under 8 s, and one part when one is asked for", () => {
    expect(split(15, [15], 2)).toEqual([{ from: 0, to: 450 }]);
    expect(split(16, [16], 4)).toHaveLength(2);
    expect(split(60, [60], 1)).toEqual([{ from: 0, to: 1800 }]);
  });
});

describe("a video encoded in parts", () => {
  /** Two scenes (a click, a motion loop, a fixed header, a greeting) over a facecam that ends early. */
  async function richPlan(dir: string, frames: [number, number]): Promise<ComposePlan> {
    await mkdir(dir, { recursive: true });
    await writeRulerPage(path.join(dir, "ruler.png"), 1280, 2600);
    await writeFlatPng(path.join(dir, "header.png"), 700, 40, [220, 30, 30, 255]);
    await writeFlatPng(path.join(dir, "fixed-bg.png"), 1280, 720, [30, 90, 200, 255]);
    await writeFlatPng(path.join(dir, "fixed-bg-window.png"), 1000, 500, [255, 255, 255, 255]);
    const loop = await Promise.all(
      [40, 140, 240].map(async (v, k) => {
        const file = path.join(dir, `loop-${k}.png`);
        await writeFlatPng(file, 100, 60, [v, v, v, 255]);
        return file;
      }),
    );
    const background = { file: path.join(dir, "ruler.png"), width: 1280, height: 2600 };
    const first = buildSceneMotion({
      frames: frames[0],
      fps: 30,
      viewport: { width: 1280, height: 720 },
      documentHeight: 2600,
      actions: [{ type: "click", selector: "#cta" }],
      targets: { "#cta": { x: 900, y: 1000, width: 220, height: 44 } },
      seed: 7,
    });
    const second = buildSceneMotion({
      frames: frames[1],
      fps: 30,
      viewport: { width: 1280, height: 720 },
      documentHeight: 2600,
      actions: [],
      targets: {},
      seed: 8,
      cursorStart: { x: 1000, y: 400 },
    });
    const capture = sceneCapture(0, background, {
      fixedLayers: [
        {
          file: path.join(dir, "header.png"),
          x: 400,
          y: 200,
          width: 700,
          height: 40,
          mode: "viewport",
          label: "h",
        },
      ],
      animatedLayers: [
        {
          file: path.join(dir, "fixed-bg.png"),
          mode: "viewport",
          x: 0,
          y: 0,
          width: 1280,
          height: 720,
          label: "fixed background of section.hero",
          pageWindow: {
            file: path.join(dir, "fixed-bg-window.png"),
            x: 140,
            y: 1100,
            width: 1000,
            height: 500,
          },
        },
        {
          file: loop[0] as string,
          frames: loop,
          fps: 10,
          mode: "document",
          x: 600,
          y: 900,
          width: 100,
          height: 60,
          label: "spinner",
        },
      ],
    });
    const sheet = drawCursorSheet(720);
    await writeFile(path.join(dir, "cursor.png"), sheet.png);
    const fontFile = await findOverlayFont();
    expect(fontFile, "a font for the greeting").toBeTruthy();
    return {
      output,
      totalFrames: frames[0] + frames[1],
      scenes: [
        planScene(
          0,
          { capture, frames: frames[0], motion: first, texts: [{ text: "Hi Ada", at: 0.52, until: 2.21 }] },
          output,
        ),
        planScene(
          1,
          { capture: sceneCapture(1, background), frames: frames[1], motion: second, texts: [] },
          output,
        ),
      ],
      cursor: planCursor([first, second], sheet, path.join(dir, "cursor.png")),
      facecam: { ...facecam, seconds: 4 },
      fontFile,
    };
  }

  /** The md5 of every frame the plan's graph draws, before any encoder. */
  async function frameHashes(plan: ComposePlan, dir: string): Promise<string[]> {
    await mkdir(dir, { recursive: true });
    const graph = buildComposeGraph(plan, dir, { sound: false });
    for (const f of graph.files) await writeFile(path.join(dir, f.name), f.content);
    const { stdout } = await execa(binaries.ffmpeg, [
      ...["-v", "error", "-nostdin", ...graph.inputs],
      ...["-filter_complex", graph.filterGraph, "-map", graph.video],
      ...["-r", "30", "-frames:v", String(plan.totalFrames), "-f", "framemd5", "-"],
    ]);
    return stdout
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => line.split(",").at(-1)?.trim() ?? "");
  }

  it("draws exactly the frames of the one pass: cuts inside scenes, inside the greeting and past the clip's end", async () => {
    const dir = path.join(tmp, "same-frames");
    const plan = await richPlan(dir, [90, 75]);
    const whole = await frameHashes(plan, path.join(dir, "whole"));
    expect(whole).toHaveLength(165);

    // 0.5–1.0 s holds the greeting's fade-in; 105 is in the second scene, 4 s is where the clip ends.
    const ranges: FrameRange[] = [
      { from: 0, to: 23 },
      { from: 23, to: 105 },
      { from: 105, to: 165 },
    ];
    const parts: string[] = [];
    for (const [k, range] of ranges.entries()) {
      parts.push(...(await frameHashes(slicePlan(plan, range), path.join(dir, `part-${k}`))));
    }
    const differing = parts.flatMap((hash, n) => (hash === whole[n] ? [] : [n]));
    expect(parts).toHaveLength(165);
    expect(differing, "frames whose picture differs from the one pass").toEqual([]);
  });

  it("joins the parts into one video with the sound over its whole length, its poster and GIF from the first", async () => {
    const dir = path.join(tmp, "joined");
    await mkdir(dir, { recursive: true });
    const background = { file: path.join(dir, "ruler.png"), width: 1280, height: 2600 };
    await writeRulerPage(background.file, 1280, 2600);
    const spec = SceneSpecSchema.parse({
      facecam: "facecam.mp4",
      bubble,
      output,
      scenes: [
        { url: "https://example.test/0", seconds: 10 },
        { url: "https://example.test/1", seconds: 8 },
      ],
    });
    const compose = (workDir: string, encodeParts: number, onProgress?: (fraction: number) => void) =>
      composeVideo({
        binaries,
        spec,
        fields: {},
        facecam: Promise.resolve(facecam),
        facecamSeconds: 4,
        scenes: [
          { capture: sceneCapture(0, background), frames: 300 },
          { capture: sceneCapture(1, background), frames: 240 },
        ],
        workDir,
        cacheDir: path.join(tmp, "cache"),
        signal: new AbortController().signal,
        encodeParts,
        ...(onProgress ? { onProgress } : {}),
      });
    const progress: number[] = [];
    const split = await compose(path.join(dir, "split"), 2, (fraction) => progress.push(fraction));
    expect(split.report.parts).toEqual([
      [0, 300],
      [300, 540],
    ]);
    const probe = await ffprobe(split.video);
    expect(probe.streams.find((s) => s.codec_type === "video")).toMatchObject({
      codec_name: "h264",
      width: 1280,
      height: 720,
    });
    expect(Number(probe.format.duration)).toBeCloseTo(18, 1);
    const streamSeconds = async (stream: "v" | "a") =>
      Number(
        (
          await execa(binaries.ffprobe, [
            ...["-v", "error", "-select_streams", stream, "-show_entries", "stream=duration"],
            ...["-of", "csv=p=0", split.video],
          ])
        ).stdout,
      );
    expect(await streamSeconds("a"), "sound over the whole video, padded past the clip").toBeCloseTo(18, 1);
    const { stdout: frames } = await execa(binaries.ffprobe, [
      ...["-v", "error", "-select_streams", "v", "-show_entries", "frame=pict_type"],
      ...["-of", "csv=p=0", split.video],
    ]);
    // Keyframes carry x264's settings as side data, printed on lines of their own.
    const pictures = frames.split("\n").filter((line) => /^[IPB]/.test(line));
    expect(pictures, "every frame once").toHaveLength(540);
    expect(pictures[300], "the second part starts on a keyframe").toMatch(/I/);
    const decoded = await execa(binaries.ffmpeg, ["-v", "error", "-i", split.video, "-f", "null", "-"]);
    expect(decoded.stderr, "decodes without an error").toBe("");
    expect(progress.at(-1)).toBeCloseTo(1, 2);
    for (const file of [split.poster, split.gif]) expect((await stat(file)).size).toBeGreaterThan(1000);

    // Against the one pass: the same pictures, up to the encoder's losses.
    const one = await compose(path.join(dir, "one"), 1);
    expect(one.report.parts).toEqual([[0, 540]]);
    const { stderr } = await execa(binaries.ffmpeg, [
      ...["-hide_banner", "-nostdin", "-i", split.video, "-i", one.video],
      ...["-lavfi", "[0:v][1:v]ssim", "-f", "null", "-"],
    ]);
    expect(Number(/All:([\d.]+)/.exec(stderr)?.[1])).toBeGreaterThan(0.99);
  });
  it("stops every part within 2 s when the render is cancelled, leaving no ffmpeg behind", async () => {
    const dir = path.join(tmp, "cancelled");
    await mkdir(dir, { recursive: true });
    const background = { file: path.join(dir, "ruler.png"), width: 1280, height: 2600 };
    await writeRulerPage(background.file, 1280, 2600);
    const controller = new AbortController();
    const composing = composeVideo({
      binaries,
      spec: SceneSpecSchema.parse({
        facecam: "facecam.mp4",
        bubble,
        output,
        scenes: [{ url: "https://example.test/0", seconds: 40 }],
      }),
      fields: {},
      facecam: Promise.resolve(facecam),
      facecamSeconds: 4,
      scenes: [{ capture: sceneCapture(0, background), frames: 1200 }],
      workDir: dir,
      cacheDir: path.join(tmp, "cache"),
      signal: controller.signal,
      encodeParts: 2,
    });
    const outcome = composing.then(
      () => "finished",
      (error: unknown) => error,
    );
    const encoders = await waitFor(
      "both parts encoding",
      () => {
        const found = mediaChildren().filter((p) => p.comm === "ffmpeg");
        return found.length >= 2 ? found : undefined;
      },
      60_000,
      50,
    );
    const reason = new Error("cancelled by the test");
    const abortedAt = performance.now();
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    expect(encoders.filter((p) => isAlive(p.pid)).map((p) => p.cmdline.slice(0, 80))).toEqual([]);
  });
});
