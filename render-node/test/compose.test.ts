import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type SceneSpecInput, SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { PNG } from "pngjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { buildComposeArgs, buildComposeGraph } from "../src/stages/compose/args";
import { bubbleFrame, layoutBubble } from "../src/stages/compose/bubble";
import { sendcmdScript } from "../src/stages/compose/commands";
import { composeVideo } from "../src/stages/compose/compose";
import { prepareFacecam } from "../src/stages/compose/facecam-prep";
import { buildSceneMotion, type SceneMotion } from "../src/stages/compose/motion";
import { type ComposePlan, HIDDEN, planCursor, planScene } from "../src/stages/compose/plan";
import { drawCursorSheet } from "../src/stages/compose/sprites";
import { probeUntrustedVideo, type UntrustedVideo } from "../src/stages/preflight/untrusted-media";
import {
  eachGrayFrame,
  readRuler,
  sceneCapture,
  writeFlatPng,
  writeRulerPage,
} from "./helpers/compose-fixtures";
import { ffprobe, isJpeg, makeFacecam, topLevelBoxes } from "./helpers/media";

const output = { width: 1280, height: 720, fps: 30 as const };
let tmp: string;
let binaries: Binaries;
let facecam: string;
let probed: UntrustedVideo;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-compose-test-"));
  binaries = await resolveBinaries();
  facecam = await makeFacecam(tmp, 4);
  probed = await probeUntrustedVideo(binaries.ffprobe, facecam, new AbortController().signal);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function motionFor(
  frames: number,
  documentHeight: number,
  extra: Partial<Parameters<typeof buildSceneMotion>[0]> = {},
) {
  return buildSceneMotion({
    frames,
    fps: 30,
    viewport: { width: 1280, height: 720 },
    documentHeight,
    actions: [],
    targets: {},
    seed: 99,
    ...extra,
  });
}

/** Composes one scene of `capture` moved by `motion` and hands every frame (gray, 1280x720) to `onFrame`. */
async function composeGrayFrames(
  dir: string,
  capture: ReturnType<typeof sceneCapture>,
  motion: SceneMotion,
  onFrame: (frame: Buffer, index: number) => void,
): Promise<number> {
  const sheet = drawCursorSheet(720);
  await writeFile(path.join(dir, "cursor.png"), sheet.png);
  const prepared = await prepareFacecam({
    ffmpeg: binaries.ffmpeg,
    facecamFile: facecam,
    probed,
    layout: layoutBubble({ shape: "circle", position: "bottom-left", size: 0.2 }, output),
    fps: 30,
    cacheDir: path.join(tmp, "cache"),
    signal: new AbortController().signal,
  });
  const plan: ComposePlan = {
    output,
    totalFrames: motion.frames,
    scenes: [planScene(0, { capture, frames: motion.frames, motion, texts: [] }, output)],
    cursor: planCursor([motion], sheet, path.join(dir, "cursor.png")),
    facecam: { ...prepared, seconds: 60 },
  };
  const graph = buildComposeGraph(plan, dir);
  for (const f of graph.files) await writeFile(path.join(dir, f.name), f.content);
  return eachGrayFrame(
    [
      ...graph.inputs,
      ...["-filter_complex", graph.filterGraph, "-map", graph.video],
      ...["-r", "30", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
    ],
    1280 * 720,
    onFrame,
  );
}

describe("compose commands and arguments", () => {
  it("writes sendcmd commands only where a value changes, half a frame before the frame", () => {
    const script = sendcmdScript(
      [
        { target: "crop@scroll0", command: "y", values: [0, 0, 5, 5, 9] },
        { target: "overlay@cursor", command: "x", values: [10, 11, 11, 11, 11] },
      ],
      30,
    );
    expect(script.trim().split("\n")).toEqual([
      "0.0000 crop@scroll0 y 0, overlay@cursor x 10;",
      "0.0167 overlay@cursor x 11;",
      "0.0500 crop@scroll0 y 5;",
      "0.1167 crop@scroll0 y 9;",
    ]);
  });

  it("builds one graph: each screenshot decoded once and scrolled by crop, the facecam cut by its mask", () => {
    const motion = motionFor(60, 3000);
    const cursorSheet = drawCursorSheet(720);
    const plan = (hasAudio: boolean, seconds: number): ComposePlan => ({
      output,
      totalFrames: 90,
      scenes: [
        planScene(
          0,
          {
            capture: sceneCapture(0, { file: "a.png", width: 1280, height: 3000 }),
            frames: 60,
            motion,
            texts: [],
          },
          output,
        ),
        planScene(
          1,
          {
            capture: sceneCapture(1, { file: "b.png", width: 1280, height: 500 }),
            frames: 30,
            motion: motionFor(30, 720),
            texts: [{ text: "Hi", at: 0, until: 1 }],
          },
          output,
        ),
      ],
      cursor: planCursor([motion, motionFor(30, 720)], cursorSheet, "cursor.png"),
      facecam: {
        file: "face.mp4",
        maskFile: "mask.png",
        frame: bubbleFrame(layoutBubble({ shape: "circle", position: "bottom-left", size: 0.28 }, output)),
        hasAudio,
        seconds,
      },
      fontFile: "/fonts/a b.ttf",
    });
    const { args, files } = buildComposeArgs(plan(true, 10), "/work/compose", "/work/video.mp4");
    const graph = args[args.indexOf("-filter_complex") + 1] ?? "";
    expect(args.filter((a) => a === "-filter_complex")).toHaveLength(1);
    expect(graph).toContain(
      "[2:v]format=yuv420p,loop=loop=59:size=1:start=0,settb=1/30,setpts=N,sendcmd=f=/work/compose/scene-0.cmd,crop@scroll0=w=1280:h=720:x=0:y=0:exact=1",
    );
    expect(graph).toContain("pad=1280:720:0:0:color=white"); // the short page
    expect(graph).toContain("concat=n=2:v=1:a=0[page]");
    // The facecam's last frame is held past its end (a frame here, the clip outlasting the video).
    expect(graph).toContain(
      "[0:v]setpts=PTS-STARTPTS,format=yuva420p,tpad=stop_mode=clone:stop_duration=0.033[face]",
    );
    expect(graph).toContain("[face][1:v]alphamerge[bubble]");
    expect(graph).toContain("overlay@cursor=");
    expect(graph).toContain(
      "drawtext=expansion=none:fontfile=/fonts/a b.ttf:textfile=/work/compose/1-text-0.txt",
    );
    expect(graph).not.toContain("geq");
    expect(args.filter((a) => a === "-loop")).toEqual([]);
    expect(files.map((f) => f.name).sort()).toEqual([
      "1-text-0.txt",
      "cursor-cells.cmd",
      "cursor.cmd",
      "scene-0.cmd",
      "scene-1.cmd",
    ]);
    const joined = args.join(" ");
    for (const flag of [
      "-c:v libx264",
      "-preset veryfast",
      "-bf 0",
      "-pix_fmt yuv420p",
      "-r 30",
      "-movflags +faststart",
      "-t 3.000",
      "-map 0:a -c:a copy",
    ]) {
      expect(joined).toContain(flag);
    }
    // The same pass writes the poster and the email GIF from the frames it encodes.
    const withPreview = buildComposeArgs(plan(true, 10), "/w", "/v.mp4", undefined, {
      poster: "/w/poster.jpg",
      gif: "/w/first.gif",
      button: "/cache/play.png",
      look: { width: 480, fps: 10, colors: 128 },
      timing: { gifSeconds: 3.5, posterAt: 1 },
    }).args;
    const previewGraph = withPreview[withPreview.indexOf("-filter_complex") + 1] ?? "";
    expect(previewGraph).toContain("[v]split[venc][vpreview]");
    expect(previewGraph).toContain("trim=end=3.500,fps=10,scale=480:-2");
    expect(withPreview.slice(withPreview.indexOf("/v.mp4")).join(" ")).toBe(
      "/v.mp4 -map [poster] -frames:v 1 -q:v 3 -y /w/poster.jpg -map [gif] -loop 0 -f gif -y /w/first.gif",
    );
    expect(withPreview.join(" ")).toContain("-map [venc]");
    // A facecam shorter than the video: its audio is padded with silence and encoded.
    expect(buildComposeArgs(plan(true, 2), "/w", "/v.mp4").args.join(" ")).toContain("-map [a] -c:a aac");
    // No audio at all: a silent track.
    const silent = buildComposeArgs(plan(false, 10), "/w", "/v.mp4").args.join(" ");
    expect(silent).toContain("-f lavfi -i anullsrc=r=48000:cl=stereo");
  });

  it("places the bubble in the chosen corner with even sizes", () => {
    expect(layoutBubble({ shape: "circle", position: "bottom-left", size: 0.28 }, output)).toEqual({
      width: 202,
      height: 202,
      x: 26,
      y: 720 - 202 - 26,
      radius: 101,
    });
    const topRight = layoutBubble(
      { shape: "portrait", position: "top-right", size: 0.5, border: { color: "#ffffff", width: 4 } },
      output,
    );
    expect(topRight).toMatchObject({ width: 270, height: 360, x: 1280 - 270 - 30, y: 30 });
    expect(bubbleFrame(topRight)).toEqual({ width: 278, height: 368, x: 1280 - 270 - 34, y: 26, radius: 36 });
  });

  it("moves sticky and page layers with the scroll, keeps fixed ones put, shows highlights only in their frames", () => {
    const motion: SceneMotion = {
      ...motionFor(6, 3000),
      scrollY: Int32Array.from([0, 100, 300, 900, 2000, 2200]),
      highlights: [
        { kind: "box", rect: { x: 100, y: 1000, width: 300, height: 40 }, viewport: false, from: 2, to: 5 },
      ],
    };
    const layer = { file: "l.png", x: 0, width: 1280, height: 60, label: "" };
    const planned = planScene(
      0,
      {
        capture: sceneCapture(
          0,
          { file: "bg.png", width: 1280, height: 3000 },
          {
            fixedLayers: [
              { ...layer, mode: "viewport", y: 0 },
              { ...layer, mode: "sticky", y: 400, sticky: { top: 0, bottom: 2100 } },
            ],
            animatedLayers: [{ ...layer, mode: "document", y: 500 }],
          },
        ),
        frames: 6,
        motion,
        texts: [],
      },
      output,
    );
    const [page, box, fixed, sticky] = planned.layers;
    expect(page?.kind === "layer" && Array.from(page.layer.y as Int32Array)).toEqual([
      500, 400, 200, -400, -1500, -1700,
    ]);
    expect(fixed?.kind === "layer" && fixed.layer.y).toBe(0);
    // Scrolls in with the page, sticks at the top, leaves with its container (bottom 2100).
    expect(sticky?.kind === "layer" && Array.from(sticky.layer.y as Int32Array)).toEqual([
      400, 300, 100, 0, 0, -160,
    ]);
    expect(box?.kind).toBe("sheet");
    if (box?.kind !== "sheet") return;
    expect(Array.from(box.sheet.x.slice(0, 2))).toEqual([HIDDEN, HIDDEN]);
    expect(box.sheet.x[5]).toBe(HIDDEN);
    expect(box.sheet.y[3]).toBe(1000 - 900 + (box.sheet.y[3] as number) - (1000 - 900));
    expect(Array.from(box.sheet.cell.slice(2, 5))).toEqual([0, 0, 0]);
  });
  it("takes turns between a header's look at the top and its scrolled look, by scroll offset", () => {
    const motion: SceneMotion = { ...motionFor(5, 3000), scrollY: Int32Array.from([0, 40, 79, 80, 600]) };
    const layer = { file: "l.png", x: 0, width: 1280, height: 60, label: "fixed header" };
    const planned = planScene(
      0,
      {
        capture: sceneCapture(
          0,
          { file: "bg.png", width: 1280, height: 3000 },
          {
            fixedLayers: [
              { ...layer, mode: "viewport", y: 0, scrollRange: { until: 80 } },
              { ...layer, mode: "viewport", y: 0, scrollRange: { from: 80 } },
              {
                ...layer,
                mode: "sticky",
                y: 400,
                sticky: { top: 0, bottom: 2100 },
                scrollRange: { from: 80 },
              },
            ],
          },
        ),
        frames: 5,
        motion,
        texts: [],
      },
      output,
    );
    const ys = planned.layers.map((l) => (l.kind === "layer" ? Array.from(l.layer.y as Int32Array) : []));
    expect(ys).toEqual([
      [0, 0, 0, HIDDEN, HIDDEN],
      [HIDDEN, HIDDEN, HIDDEN, 0, 0],
      [HIDDEN, HIDDEN, HIDDEN, 320, 0],
    ]);
  });
});

describe("compose with ffmpeg", () => {
  it("follows the motion timeline frame by frame: scroll offset and cursor position", async () => {
    // Characters that need escaping inside a filtergraph, in the folder every script is read from.
    const dir = path.join(tmp, "odd: dir, it's");
    await mkdir(dir, { recursive: true });
    await writeRulerPage(path.join(dir, "ruler.png"), 1280, 2600);
    await writeFlatPng(path.join(dir, "header.png"), 700, 40, [220, 30, 30, 255]);
    const target = { x: 900, y: 1000, width: 220, height: 44 };
    const first = buildSceneMotion({
      frames: 150,
      fps: 30,
      viewport: { width: 1280, height: 720 },
      documentHeight: 2600,
      actions: [{ type: "click", selector: "#cta" }],
      targets: { "#cta": target },
      seed: 7,
      cursorStart: { x: 700, y: 300 },
    });
    const second = motionFor(45, 2600, { seed: 8, cursorStart: { x: 1000, y: 400 } });
    expect(first.clicks, "the click happens within the scene").toHaveLength(1);
    const layout = layoutBubble({ shape: "circle", position: "bottom-left", size: 0.28 }, output);
    const prepared = await prepareFacecam({
      ffmpeg: binaries.ffmpeg,
      facecamFile: facecam,
      probed,
      layout,
      fps: 30,
      cacheDir: path.join(tmp, "cache"),
      signal: new AbortController().signal,
    });
    const sheet = drawCursorSheet(720);
    await writeFile(path.join(dir, "cursor.png"), sheet.png);
    const background = { file: path.join(dir, "ruler.png"), width: 1280, height: 2600 };
    const header = {
      file: path.join(dir, "header.png"),
      x: 400,
      y: 200,
      width: 700,
      height: 40,
      mode: "viewport" as const,
      label: "header",
    };
    const plan: ComposePlan = {
      output,
      totalFrames: 195,
      scenes: [
        planScene(
          0,
          {
            capture: sceneCapture(0, background, { fixedLayers: [header] }),
            frames: 150,
            motion: first,
            texts: [],
          },
          output,
        ),
        planScene(1, { capture: sceneCapture(1, background), frames: 45, motion: second, texts: [] }, output),
      ],
      cursor: planCursor([first, second], sheet, path.join(dir, "cursor.png")),
      // Long enough that the sound is copied: no audio filter left unconnected in this video-only run.
      facecam: { ...prepared, seconds: 60 },
    };
    const graph = buildComposeGraph(plan, dir);
    const { files } = graph;
    const args = [
      ...graph.inputs,
      ...["-filter_complex", graph.filterGraph, "-map", graph.video],
      ...["-r", "30", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
    ];
    for (const f of files) await writeFile(path.join(dir, f.name), f.content);
    for (const scene of plan.scenes) {
      for (const entry of scene.layers) {
        if (entry.kind === "sheet") await writeFile(path.join(dir, entry.sheet.name), entry.sheet.png);
      }
    }

    const scroll = [...first.scrollY, ...second.scrollY];
    const cursorX = [...first.cursorX, ...second.cursorX];
    const cursorY = [...first.cursorY, ...second.cursorY];
    const problems: string[] = [];
    const frames = await eachGrayFrame(args, 1280 * 720, (frame, n) => {
      const y = readRuler(frame, 1280, 4) - 4;
      if (y !== scroll[n]) problems.push(`frame ${n}: page at ${y}, timeline ${scroll[n]}`);
      if (n < 150 && (frame[220 * 1280 + 700] as number) > 120)
        problems.push(`frame ${n}: fixed header missing`);
      // The cursor's dark outline: the middle of its topmost row is the hotspot (arrow tip, fingertip).
      let top = -1;
      let sumX = 0;
      let count = 0;
      for (let row = 0; row < 720 && top < 0; row++) {
        for (let x = 300; x < 1280; x++) {
          if ((frame[row * 1280 + x] as number) < 40) {
            top = row;
            sumX += x;
            count++;
          }
        }
      }
      const minX = count > 0 ? Math.round(sumX / count) : -1;
      const minY = top;
      const dx = minX - (cursorX[n] as number);
      const dy = minY - (cursorY[n] as number);
      if (Math.abs(dx) > 4 || Math.abs(dy) > 4)
        problems.push(`frame ${n}: cursor outline at ${minX},${minY}, timeline ${cursorX[n]},${cursorY[n]}`);
    });
    expect(frames).toBe(195);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(new Set(scroll).size, "the page scrolled").toBeGreaterThan(20);
  });

  it("plays a motion loop at its own rate, in its place on the page, over and over", async () => {
    const dir = path.join(tmp, "loop");
    await mkdir(dir, { recursive: true });
    await writeFlatPng(path.join(dir, "page.png"), 1280, 1400, [128, 128, 128, 255]);
    const levels = [40, 140, 240];
    const frames = await Promise.all(
      levels.map(async (v, k) => {
        const file = path.join(dir, `loop-${k}.png`);
        await writeFlatPng(file, 100, 60, [v, v, v, 255]);
        return file;
      }),
    );
    const motion: SceneMotion = {
      ...motionFor(24, 1400),
      // Scrolls 10 px a frame from frame 12: the loop rides with the page.
      scrollY: Int32Array.from({ length: 24 }, (_, f) => Math.max(0, f - 12) * 10),
      cursorX: new Int32Array(24).fill(1200),
      cursorY: new Int32Array(24).fill(700),
    };
    const capture = sceneCapture(
      0,
      { file: path.join(dir, "page.png"), width: 1280, height: 1400 },
      {
        animatedLayers: [
          {
            file: frames[0] as string,
            frames,
            fps: 10,
            mode: "document",
            x: 600,
            y: 300,
            width: 100,
            height: 60,
            label: "spinner",
          },
        ],
      },
    );
    const prepared = await prepareFacecam({
      ffmpeg: binaries.ffmpeg,
      facecamFile: facecam,
      probed,
      layout: layoutBubble({ shape: "circle", position: "bottom-left", size: 0.2 }, output),
      fps: 30,
      cacheDir: path.join(tmp, "cache"),
      signal: new AbortController().signal,
    });
    const sheet = drawCursorSheet(720);
    await writeFile(path.join(dir, "cursor.png"), sheet.png);
    const plan: ComposePlan = {
      output,
      totalFrames: 24,
      scenes: [planScene(0, { capture, frames: 24, motion, texts: [] }, output)],
      cursor: planCursor([motion], sheet, path.join(dir, "cursor.png")),
      facecam: { ...prepared, seconds: 60 },
    };
    const graph = buildComposeGraph(plan, dir);
    for (const f of graph.files) await writeFile(path.join(dir, f.name), f.content);
    const seen: number[] = [];
    await eachGrayFrame(
      [
        ...graph.inputs,
        ...["-filter_complex", graph.filterGraph, "-map", graph.video],
        ...["-r", "30", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"],
      ],
      1280 * 720,
      (frame, n) => {
        const y = 330 - (motion.scrollY[n] as number);
        seen.push(frame[y * 1280 + 650] as number);
      },
    );
    // 10 fps loop at 30 fps: each picture holds 3 frames, then the next, back to the first after 9.
    const expected = Array.from({ length: 24 }, (_, n) => levels[Math.floor(n / 3) % 3] as number);
    expect(seen.map((v, n) => Math.abs(v - (expected[n] as number)) <= 12)).toEqual(expected.map(() => true));
  });

  it("shows a fixed background only through its section's window, which slides with the page over it", async () => {
    const dir = path.join(tmp, "window");
    await mkdir(dir, { recursive: true });
    await writeFlatPng(path.join(dir, "page.png"), 1280, 3000, [128, 128, 128, 255]);
    // The viewport-fixed picture: dark in the top half of the screen, light in the bottom half.
    const fixed = new PNG({ width: 1280, height: 720 });
    for (let i = 0; i < 1280 * 720; i++)
      fixed.data.set(i < 1280 * 360 ? [40, 40, 40, 255] : [220, 220, 220, 255], i * 4);
    await writeFile(path.join(dir, "fixed.png"), PNG.sync.write(fixed));
    // The section's window (document rows 1200-1699): open but for its rows 200-259, where content covers it.
    const band = new PNG({ width: 1280, height: 500, colorType: 0 });
    for (let i = 0; i < 1280 * 500; i++) {
      const open = Math.floor(i / 1280) < 200 || Math.floor(i / 1280) >= 260;
      band.data.set(open ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
    }
    await writeFile(path.join(dir, "window.png"), PNG.sync.write(band, { colorType: 0 }));
    const frames = 150;
    const motion: SceneMotion = {
      ...motionFor(frames, 3000),
      scrollY: Int32Array.from({ length: frames }, (_, f) => 600 + 10 * f),
      cursorX: new Int32Array(frames).fill(1200),
      cursorY: new Int32Array(frames).fill(20),
    };
    const capture = sceneCapture(
      0,
      { file: path.join(dir, "page.png"), width: 1280, height: 3000 },
      {
        fixedLayers: [
          {
            file: path.join(dir, "fixed.png"),
            mode: "viewport",
            x: 0,
            y: 0,
            width: 1280,
            height: 720,
            label: "fixed background of section.hero",
            pageWindow: { file: path.join(dir, "window.png"), x: 0, y: 1200, width: 1280, height: 500 },
          },
        ],
      },
    );
    const problems: string[] = [];
    let throughWindow = 0;
    await composeGrayFrames(dir, capture, motion, (frame, n) => {
      for (const row of [100, 300, 420, 650]) {
        const bandRow = (motion.scrollY[n] as number) + row - 1200;
        const open = bandRow >= 0 && bandRow < 500 && (bandRow < 200 || bandRow >= 260);
        // Off by two rows from a window edge: chroma subsampling blends the edge itself.
        if ([0, 200, 260, 500].some((edge) => Math.abs(bandRow - edge) <= 2)) continue;
        const expected = open ? (row < 360 ? 40 : 220) : 128;
        const seen = frame[row * 1280 + 640] as number;
        if (open) throughWindow++;
        if (Math.abs(seen - expected) > 3)
          problems.push(`frame ${n} row ${row}: ${seen}, expected ${expected}`);
      }
    });
    expect(problems.slice(0, 10)).toEqual([]);
    expect(throughWindow, "samples seen through the window").toBeGreaterThan(100);
  });

  it("draws a progress bar as long as the scroll makes it in every frame, between the lengths measured", async () => {
    const dir = path.join(tmp, "grows");
    await mkdir(dir, { recursive: true });
    await writeFlatPng(path.join(dir, "page.png"), 1280, 2720, [128, 128, 128, 255]);
    // The bar's 6 px under a 12 px margin kept clear for a shadow; the mask is the picture's alpha.
    const bar = new PNG({ width: 1280, height: 18 });
    for (let i = 0; i < 1280 * 18; i++) bar.data.set(i < 1280 * 12 ? [0, 0, 0, 0] : [40, 40, 40, 255], i * 4);
    await writeFile(path.join(dir, "bar.png"), PNG.sync.write(bar));
    await sharp(path.join(dir, "bar.png"))
      .extractChannel("alpha")
      .png()
      .toFile(path.join(dir, "bar-grows.png"));
    const frames = 120;
    const motion: SceneMotion = {
      ...motionFor(frames, 2720),
      scrollY: Int32Array.from({ length: frames }, (_, f) => Math.min(2000, 17 * f)),
      cursorX: new Int32Array(frames).fill(1200),
      cursorY: new Int32Array(frames).fill(20),
    };
    // Measured at four offsets only, the page's bar being 64 % of the width at 1000 px.
    const at = [
      { scrollY: 0, length: 0 },
      { scrollY: 500, length: 320 },
      { scrollY: 1000, length: 819 },
      { scrollY: 2000, length: 1280 },
    ];
    const capture = sceneCapture(
      0,
      { file: path.join(dir, "page.png"), width: 1280, height: 2720 },
      {
        fixedLayers: [
          {
            file: path.join(dir, "bar.png"),
            mode: "viewport",
            x: 0,
            y: 700,
            width: 1280,
            height: 18,
            label: "fixed div.progress (grows with the scroll)",
            growth: { axis: "x", mask: path.join(dir, "bar-grows.png"), at },
          },
        ],
      },
    );
    const problems: string[] = [];
    await composeGrayFrames(dir, capture, motion, (frame, n) => {
      const scroll = motion.scrollY[n] as number;
      const k = at.findIndex((p) => p.scrollY >= scroll);
      const a = at[Math.max(0, k - 1)] as (typeof at)[number];
      const b = at[Math.max(0, k)] as (typeof at)[number];
      const expected =
        a.length + ((b.length - a.length) * (scroll - a.scrollY)) / (b.scrollY - a.scrollY || 1);
      let drawn = 0;
      while (drawn < 1280 && (frame[715 * 1280 + drawn] as number) < 84) drawn++;
      const margin = frame[704 * 1280 + 10] as number;
      if (Math.abs(margin - 128) > 3)
        problems.push(`frame ${n}: the clear margin above the bar is ${margin}`);
      if (Math.abs(drawn - expected) > 2)
        problems.push(`frame ${n} (scroll ${scroll}): ${drawn} px, expected ${expected.toFixed(0)}`);
    });
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("encodes the lead's video, poster and GIF, with every bubble shape and corner", async () => {
    const page = path.join(tmp, "page.png");
    await writeFlatPng(page, 1280, 1800, [250, 250, 250, 255]);
    const looks: Array<SceneSpecInput["bubble"]> = [
      { shape: "circle", position: "bottom-left", size: 0.3, border: { color: "#2563eb", width: 6 } },
      { shape: "rounded", position: "top-right", size: 0.3 },
      { shape: "portrait", position: "bottom-right", size: 0.4 },
      { shape: "circle", position: "top-left", size: 0.2 },
    ];
    const reused: boolean[] = [];
    for (const [i, bubble] of looks.entries()) {
      const spec = SceneSpecSchema.parse({
        facecam: "f.mp4",
        bubble,
        scenes: [
          {
            url: "https://a.test",
            seconds: 1,
            overlays: [{ text: "Hi {{first_name|there}}!", at: 0, until: 0.8 }],
          },
        ],
      });
      const workDir = path.join(tmp, `lead-${i}`);
      await mkdir(workDir, { recursive: true });
      const layout = layoutBubble(spec.bubble, spec.output);
      const prep = prepareFacecam({
        ffmpeg: binaries.ffmpeg,
        facecamFile: facecam,
        probed,
        layout,
        fps: 30,
        cacheDir: path.join(tmp, "cache"),
        signal: new AbortController().signal,
      });
      const result = await composeVideo({
        binaries,
        spec,
        fields: { first_name: "" },
        facecam: prep,
        facecamSeconds: 4,
        scenes: [{ capture: sceneCapture(0, { file: page, width: 1280, height: 1800 }), frames: 30 }],
        workDir,
        cacheDir: path.join(tmp, "cache"),
        signal: new AbortController().signal,
      });
      reused.push(result.report.facecamReused);
      if (i === 0) {
        const probe = await ffprobe(result.video);
        const video = probe.streams.find((s) => s.codec_type === "video");
        expect(video).toMatchObject({
          codec_name: "h264",
          pix_fmt: "yuv420p",
          width: 1280,
          height: 720,
          r_frame_rate: "30/1",
        });
        expect(probe.streams.find((s) => s.codec_type === "audio")?.codec_name).toBe("aac");
        expect(Math.abs(Number(probe.format.duration) - 1)).toBeLessThan(0.1);
        const boxes = await topLevelBoxes(result.video);
        expect(boxes.indexOf("moov"), boxes.join(",")).toBeLessThan(boxes.indexOf("mdat"));
        expect(await isJpeg(result.poster)).toBe(true);
        expect(result.report.gifBytes).toBeLessThan(1_000_000);
        expect(result.report.gifWidth).toBe(480);
        expect(result.warnings).toEqual([]);
      }
      // The bubble's corner square shows the page, its middle the face: the mask cut the shape.
      const frame = bubbleFrame(layout);
      const rgb = await frameRgb(result.video, 20);
      const at = (x: number, y: number) => rgb.subarray((y * 1280 + x) * 3, (y * 1280 + x) * 3 + 3);
      const corner = at(frame.x + 2, frame.y + 2);
      expect(
        Array.from(corner).every((v) => v > 235),
        `${bubble?.shape} corner ${Array.from(corner)}`,
      ).toBe(true);
      const middle = at(frame.x + Math.round(frame.width / 2), frame.y + Math.round(frame.height / 2));
      expect(
        Array.from(middle).some((v) => v < 200),
        `${bubble?.shape} middle ${Array.from(middle)}`,
      ).toBe(true);
      if (bubble?.border) {
        const ring = at(frame.x + Math.round(frame.width / 2), frame.y + 2);
        expect(ring[2] as number, `border ring ${Array.from(ring)}`).toBeGreaterThan(
          (ring[0] as number) + 80,
        );
      }
    }
    // The first look prepared the facecam; asking again for the same look reuses it.
    expect(reused).toEqual([false, false, false, false]);
    const again = await prepareFacecam({
      ffmpeg: binaries.ffmpeg,
      facecamFile: facecam,
      probed,
      layout: layoutBubble(
        SceneSpecSchema.parse({ facecam: "f", bubble: looks[1], scenes: [{ url: "https://a.test" }] }).bubble,
        output,
      ),
      fps: 30,
      cacheDir: path.join(tmp, "cache"),
      signal: new AbortController().signal,
    });
    expect(again.reused).toBe(true);
    const clips = (await readdir(path.join(tmp, "cache", "facecams"))).filter((f) => f.endsWith(".mp4"));
    expect(clips.length).toBeGreaterThanOrEqual(4);
  });
});

async function frameRgb(video: string, frame: number): Promise<Buffer> {
  const { stdout } = await execa(
    "ffmpeg",
    [
      "-v",
      "error",
      "-i",
      video,
      "-vf",
      `select=eq(n\\,${frame})`,
      "-frames:v",
      "1",
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "pipe:1",
    ],
    { encoding: "buffer" },
  );
  return Buffer.from(stdout);
}
