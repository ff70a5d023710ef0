import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { ConfigError, configFromEnv } from "../src/config";
import { buildComposeArgs, DEFAULT_ENCODER } from "../src/stages/compose/args";
import { bubbleFrame, layoutBubble } from "../src/stages/compose/bubble";
import { composeVideo } from "../src/stages/compose/compose";
import {
  chooseVideoCodec,
  EncoderUnavailableError,
  type NvencTrial,
  nvencTrial,
} from "../src/stages/compose/encoder";
import { prepareFacecam } from "../src/stages/compose/facecam-prep";
import { buildSceneMotion } from "../src/stages/compose/motion";
import { type ComposePlan, planCursor, planScene } from "../src/stages/compose/plan";
import { drawCursorSheet } from "../src/stages/compose/sprites";
import { probeUntrustedVideo } from "../src/stages/preflight/untrusted-media";
import { sceneCapture, writeFlatPng } from "./helpers/compose-fixtures";
import { makeFacecam } from "./helpers/media";

const output = { width: 1280, height: 720, fps: 30 as const };
const env = { EDGE_URL: "http://127.0.0.1:1", NODE_TOKEN: "t" };
let tmp: string;
let binaries: Binaries;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-encoder-test-"));
  binaries = await resolveBinaries();
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A trial that answers `ok` and counts its calls. */
function fakeTrial(ok: boolean): NvencTrial & { calls: number } {
  const trial = Object.assign(
    async () => {
      trial.calls += 1;
      return { ok, detail: ok ? "" : "Cannot load libcuda.so.1" };
    },
    { calls: 0 },
  );
  return trial;
}

function smallPlan(): ComposePlan {
  const motion = buildSceneMotion({
    frames: 30,
    fps: 30,
    viewport: { width: 1280, height: 720 },
    documentHeight: 1500,
    actions: [],
    targets: {},
    seed: 1,
  });
  return {
    output,
    totalFrames: 30,
    scenes: [
      planScene(
        0,
        {
          capture: sceneCapture(0, { file: "a.png", width: 1280, height: 1500 }),
          frames: 30,
          motion,
          texts: [],
        },
        output,
      ),
    ],
    cursor: planCursor([motion], drawCursorSheet(720), "cursor.png"),
    facecam: {
      file: "face.mp4",
      maskFile: "mask.png",
      frame: bubbleFrame(layoutBubble({ shape: "circle", position: "bottom-left", size: 0.28 }, output)),
      hasAudio: true,
      seconds: 1,
    },
  };
}

describe("video encoder: NVENC where the GPU works, x264 otherwise", () => {
  it("encodes with h264_nvenc at the same quality when the trial encode succeeds", async () => {
    const trial = fakeTrial(true);
    const chosen = await chooseVideoCodec({ ffmpeg: binaries.ffmpeg, choice: "auto", trial });
    expect(chosen.codec).toBe("h264_nvenc");
    expect(trial.calls).toBe(1);
    const { args } = buildComposeArgs(smallPlan(), "/w", "/v.mp4", {
      ...DEFAULT_ENCODER,
      codec: chosen.codec,
    });
    const joined = args.join(" ");
    expect(joined).toContain(
      "-c:v h264_nvenc -preset p5 -tune hq -rc vbr -cq 23 -b:v 0 -spatial-aq 1 -pix_fmt yuv420p",
    );
    // None of x264's own options reach NVENC.
    for (const x264Only of ["libx264", "-crf", "-x264-params", "veryfast"]) {
      expect(args, x264Only).not.toContain(x264Only);
    }
  });

  it("keeps the x264 command unchanged when the trial fails, and never tries with ENCODER=libx264", async () => {
    const failing = fakeTrial(false);
    const chosen = await chooseVideoCodec({ ffmpeg: binaries.ffmpeg, choice: "auto", trial: failing });
    expect(chosen).toMatchObject({ codec: "libx264", reason: expect.stringContaining("libcuda") });
    const plan = smallPlan();
    expect(buildComposeArgs(plan, "/w", "/v.mp4", { ...DEFAULT_ENCODER, codec: chosen.codec })).toEqual(
      buildComposeArgs(plan, "/w", "/v.mp4"),
    );

    const untouched = fakeTrial(true);
    expect(
      (await chooseVideoCodec({ ffmpeg: binaries.ffmpeg, choice: "libx264", trial: untouched })).codec,
    ).toBe("libx264");
    expect(untouched.calls).toBe(0);

    // Demanding NVENC on a machine that cannot: the node refuses to start, naming the setting.
    await expect(
      chooseVideoCodec({ ffmpeg: binaries.ffmpeg, choice: "h264_nvenc", trial: fakeTrial(false) }),
    ).rejects.toThrow(EncoderUnavailableError);
    await expect(
      chooseVideoCodec({ ffmpeg: binaries.ffmpeg, choice: "h264_nvenc", trial: fakeTrial(false) }),
    ).rejects.toThrow(/ENCODER=h264_nvenc.*libcuda/);
  });

  it("reads ENCODER from the environment and names it when it is wrong", () => {
    expect(configFromEnv(env).encoder).toBe("auto");
    expect(configFromEnv({ ...env, ENCODER: "h264_nvenc" }).encoder).toBe("h264_nvenc");
    expect(() => configFromEnv({ ...env, ENCODER: "hevc_vaapi" })).toThrow(ConfigError);
    expect(() => configFromEnv({ ...env, ENCODER: "hevc_vaapi" })).toThrow(/ENCODER/);
  });

  it("reports the encoder that made the video: NVENC with a GPU, else x264 after NVENC refused", async () => {
    // The real one-frame trial on this machine decides what the report must say.
    const gpu = (await nvencTrial(binaries.ffmpeg)).ok;
    const facecam = await makeFacecam(tmp, 2);
    const probed = await probeUntrustedVideo(binaries.ffprobe, facecam, new AbortController().signal);
    const spec = SceneSpecSchema.parse({
      facecam: "f.mp4",
      bubble: { shape: "circle", position: "bottom-left", size: 0.24 },
      scenes: [{ url: "https://a.test", seconds: 1 }],
    });
    const page = path.join(tmp, "page.png");
    await writeFlatPng(page, 1280, 1500, [240, 240, 240, 255]);
    const workDir = path.join(tmp, "lead");
    await mkdir(workDir, { recursive: true });
    const result = await composeVideo({
      binaries,
      spec,
      fields: {},
      facecam: prepareFacecam({
        ffmpeg: binaries.ffmpeg,
        facecamFile: facecam,
        probed,
        layout: layoutBubble(spec.bubble, spec.output),
        fps: 30,
        cacheDir: path.join(tmp, "cache"),
        signal: new AbortController().signal,
      }),
      facecamSeconds: 2,
      scenes: [{ capture: sceneCapture(0, { file: page, width: 1280, height: 1500 }), frames: 30 }],
      workDir,
      cacheDir: path.join(tmp, "cache"),
      encoder: { ...DEFAULT_ENCODER, codec: "h264_nvenc" },
      signal: new AbortController().signal,
    });
    const { encoder, encoderArgs } = result.report;
    expect(encoder, JSON.stringify(result.warnings)).toBe(gpu ? "h264_nvenc" : "libx264");
    expect(encoderArgs.slice(0, 2)).toEqual(["-c:v", encoder]);
    if (!gpu) expect(result.warnings.join("\n")).toMatch(/NVENC could not encode this video/);
  });
});
