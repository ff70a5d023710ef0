import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type SceneSpecInput, SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { runPipeline } from "../src/pipeline";
import { bubbleFrame, layoutBubble } from "../src/stages/compose/bubble";
import { eachGrayFrame } from "./helpers/compose-fixtures";
import { ffprobe, makeFacecam } from "./helpers/media";
import { type PagesServer, startPagesServer } from "./helpers/pages-server";

const FACECAM_SECONDS = 2;
const WIDTH = 1280;
const HEIGHT = 720;

let pages: PagesServer;
let tmp: string;
let facecam: string;
let binaries: Binaries;

beforeAll(async () => {
  pages = await startPagesServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-length-test-"));
  facecam = await makeFacecam(tmp, FACECAM_SECONDS);
  binaries = await resolveBinaries();
});

afterAll(async () => {
  await pages?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

let runs = 0;
async function render(spec: Omit<SceneSpecInput, "facecam">) {
  runs += 1;
  const parsed = SceneSpecSchema.parse({ facecam: "facecam.mp4", ...spec });
  const result = await runPipeline(
    {
      spec: parsed,
      fields: { website: pages.origin },
      facecamFile: facecam,
      workDir: path.join(tmp, `run-${runs}`),
      cacheDir: path.join(tmp, "cache"),
      binaries,
      allowHosts: ["127.0.0.1"],
      navigationTimeoutMs: 20_000,
    },
    { signal: new AbortController().signal },
  );
  return { ...result, spec: parsed };
}

/** The middle of the bubble (a square of 32 px), gray, of every decoded frame of `args`' output. */
async function bubbleMiddles(args: string[], spec: ReturnType<typeof SceneSpecSchema.parse>) {
  const frame = bubbleFrame(layoutBubble(spec.bubble, spec.output));
  const cx = frame.x + Math.round(frame.width / 2);
  const cy = frame.y + Math.round(frame.height / 2);
  const squares: Buffer[] = [];
  await eachGrayFrame([...args, "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1"], WIDTH * HEIGHT, (gray) => {
    const square = Buffer.alloc(32 * 32);
    for (let y = 0; y < 32; y++) {
      gray.copy(square, y * 32, (cy - 16 + y) * WIDTH + cx - 16, (cy - 16 + y) * WIDTH + cx + 16);
    }
    squares.push(square);
  });
  return squares;
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

/** Mean volume in dB of the audio from `from` seconds for `seconds`. */
async function meanVolume(video: string, from: number, seconds: number): Promise<number> {
  const { stderr } = await execa("ffmpeg", [
    ...["-hide_banner", "-nostdin", "-ss", from.toFixed(3), "-t", seconds.toFixed(3), "-i", video],
    ...["-vn", "-af", "volumedetect", "-f", "null", "-"],
  ]);
  const match = /mean_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  expect(match, stderr).not.toBeNull();
  return match?.[1] === "-inf" ? Number.NEGATIVE_INFINITY : Number(match?.[1]);
}

describe("the video's length and the facecam bubble", () => {
  it.each([
    ["no length choice", {}],
    ['length "scenes"', { length: "scenes" as const }],
  ])("keeps the scenes' seconds and holds the facecam's last frame to the end (%s)", async (_, choice) => {
    const { report, artifacts, spec } = await render({
      ...choice,
      scenes: [{ url: "{{website}}/long.html", seconds: 3.5 }],
    });
    const probe = await ffprobe(artifacts.video);
    expect(Number(probe.format.duration)).toBeCloseTo(3.5, 1);
    expect(report.scenes.map((s) => s.seconds)).toEqual([3.5]);
    expect(report.warnings.join(" ")).toContain("its last frame stays in the bubble, silent");

    // The clip's last frame, then every frame of the video's last second: the bubble is there, unchanged.
    const lastFaceFrame = FACECAM_SECONDS * 30 - 1;
    const [face] = await bubbleMiddles(
      ["-i", artifacts.video, "-vf", `select=eq(n\\,${lastFaceFrame})`, "-frames:v", "1"],
      spec,
    );
    const lastSecond = await bubbleMiddles(["-sseof", "-1", "-i", artifacts.video], spec);
    expect(face).toBeDefined();
    expect(lastSecond.length).toBeGreaterThanOrEqual(25);
    const differences = lastSecond.map((square) => meanDifference(square, face as Buffer));
    expect(Math.max(...differences), `bubble middle vs the clip's last frame: ${differences}`).toBeLessThan(
      6,
    );
    // The page behind the bubble is not what is shown: the bubble covers it with the face.
    const [page] = await bubbleMiddles(
      ["-f", "lavfi", "-i", `color=white:size=${WIDTH}x${HEIGHT}:duration=0.04`, "-frames:v", "1"],
      spec,
    );
    expect(meanDifference(face as Buffer, page as Buffer)).toBeGreaterThan(20);

    // The voice-over is the clip's; after it ends, silence.
    expect(await meanVolume(artifacts.video, 0.2, 1.5)).toBeGreaterThan(-40);
    expect(await meanVolume(artifacts.video, FACECAM_SECONDS + 0.2, 1.2)).toBeLessThan(-80);
  });

  it('fits the scenes to the facecam with length "facecam": the video ends with the clip', async () => {
    const { report, artifacts, spec } = await render({
      length: "facecam",
      scenes: [
        {
          url: "{{website}}/long.html",
          seconds: 3,
          actions: [{ type: "scroll", to: "bottom", seconds: 2.4 }],
        },
        { url: "{{website}}/pricing.html", seconds: 1 },
      ],
    });
    // 4 s of scenes in a 2 s clip: each scene at half its seconds, in whole frames.
    expect(report.scenes.map((s) => s.seconds)).toEqual([1.5, 0.5]);
    expect(report.video?.seconds).toBe(FACECAM_SECONDS);
    expect(report.warnings.join(" ")).not.toContain("facecam only");
    // The scroll was scaled with its scene, so it is not cut short.
    expect(report.warnings.join(" ")).not.toContain("cut short");
    const probe = await ffprobe(artifacts.video);
    expect(Number(probe.format.duration)).toBeCloseTo(FACECAM_SECONDS, 1);
    // The bubble is in the last frames too.
    const lastFrames = await bubbleMiddles(["-sseof", "-0.3", "-i", artifacts.video], spec);
    const [page] = await bubbleMiddles(
      ["-f", "lavfi", "-i", `color=white:size=${WIDTH}x${HEIGHT}:duration=0.04`, "-frames:v", "1"],
      spec,
    );
    for (const square of lastFrames) expect(meanDifference(square, page as Buffer)).toBeGreaterThan(20);
  });
});
