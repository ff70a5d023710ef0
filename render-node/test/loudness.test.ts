import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureLoudness } from "../bench/quality";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { layoutBubble } from "../src/stages/compose/bubble";
import { composeVideo } from "../src/stages/compose/compose";
import { prepareFacecam } from "../src/stages/compose/facecam-prep";
import { loudnessFilter, parseEbur128Summary } from "../src/stages/compose/loudness";
import { probeUntrustedVideo } from "../src/stages/preflight/untrusted-media";
import { sceneCapture, writeFlatPng } from "./helpers/compose-fixtures";

const SECONDS = 3;
const spec = SceneSpecSchema.parse({
  facecam: "f.mp4",
  bubble: { shape: "circle", position: "bottom-left", size: 0.2 },
  output: { width: 1280, height: 720, fps: 30 },
  scenes: [{ url: "https://a.test", seconds: 1 }],
});
const layout = layoutBubble(spec.bubble, spec.output);
let tmp: string;
let binaries: Binaries;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-loudness-test-"));
  binaries = await resolveBinaries();
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A small facecam whose sound is `audio` (a lavfi source), or none. */
async function facecamWith(name: string, audio: string | undefined): Promise<string> {
  const file = path.join(tmp, `${name}.mp4`);
  await execa(binaries.ffmpeg, [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=320x240:rate=30:duration=${SECONDS}`],
    ...(audio ? ["-f", "lavfi", "-i", audio] : []),
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...(audio ? ["-c:a", "aac", "-b:a", "128k", "-shortest"] : []),
    file,
  ]);
  return file;
}

/** A sine whose peaks sit at `dbfs`. */
const sine = (dbfs: number) =>
  `aevalsrc=${(10 ** (dbfs / 20)).toFixed(5)}*sin(2*PI*440*t):s=48000:d=${SECONDS}`;

async function prepare(file: string, cacheDir = path.join(tmp, "cache")) {
  const probed = await probeUntrustedVideo(binaries.ffprobe, file, new AbortController().signal);
  return prepareFacecam({
    ffmpeg: binaries.ffmpeg,
    facecamFile: file,
    probed,
    layout,
    fps: 30,
    cacheDir,
    signal: new AbortController().signal,
  });
}

describe("facecam loudness", () => {
  it("brings a quiet and a loud recording to -16 LUFS, true peak under -1.5 dBTP, once per facecam", async () => {
    for (const [name, audio] of [
      ["quiet", sine(-35)],
      ["loud", sine(-3)],
      // Quiet, with clicks near full scale: a gain alone would push them past the ceiling (loudnorm's case).
      ["peaky", `aevalsrc=0.075*sin(2*PI*440*t)+0.4*lt(mod(t\\,0.5)\\,0.0004):s=48000:d=${SECONDS}`],
    ] as const) {
      const file = await facecamWith(name, audio);
      const before = await measureLoudness(binaries.ffmpeg, file);
      const prepared = await prepare(file);
      const after = await measureLoudness(binaries.ffmpeg, prepared.file);
      const seen = `${name}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`;
      expect(Math.abs(before.integratedLufs + 16), seen).toBeGreaterThan(9);
      expect(Math.abs(after.integratedLufs + 16), seen).toBeLessThanOrEqual(1);
      expect(after.truePeakDb, seen).toBeLessThanOrEqual(-1.5);
      expect(prepared.loudness).toMatchObject({ applied: "normalised", measuredLufs: expect.any(Number) });
      expect(prepared.reused).toBe(false);

      // Every further lead reuses the normalised clip as it is: no second measurement, no new encode.
      // (A new encode is renamed into place: a new inode.)
      const clipWritten = (await stat(prepared.file)).ino;
      const again = await prepare(file);
      expect(again).toMatchObject({ reused: true, file: prepared.file, loudness: prepared.loudness });
      expect((await stat(again.file)).ino).toBe(clipWritten);
    }
  });

  it("keeps a track without speech as recorded instead of raising its hiss, and renders without sound", async () => {
    // Noise around -68 LUFS: loudnorm alone would lift it by more than 50 dB.
    const hiss = await facecamWith("hiss", `anoisesrc=a=0.0005:d=${SECONDS}:r=48000`);
    const hissPrepared = await prepare(hiss);
    const hissAfter = await measureLoudness(binaries.ffmpeg, hissPrepared.file);
    expect(hissPrepared.loudness.applied).toBe("quiet");
    expect(hissAfter.integratedLufs, JSON.stringify(hissAfter)).toBeLessThan(-55);

    const silent = await facecamWith("digital-silence", `anullsrc=r=48000:cl=stereo:d=${SECONDS}`);
    const silentPrepared = await prepare(silent);
    expect(silentPrepared.loudness).toEqual({
      applied: "quiet",
      measuredLufs: null,
      measuredTruePeakDb: null,
    });

    // No audio stream at all: nothing to measure, and the lead's video still renders (with a silent track).
    const mute = await facecamWith("no-audio", undefined);
    const page = path.join(tmp, "page.png");
    await writeFlatPng(page, 1280, 720, [250, 250, 250, 255]);
    const workDir = path.join(tmp, "lead-mute");
    await mkdir(workDir, { recursive: true });
    const result = await composeVideo({
      binaries,
      spec,
      fields: {},
      facecam: prepare(mute),
      facecamSeconds: SECONDS,
      scenes: [{ capture: sceneCapture(0, { file: page, width: 1280, height: 720 }), frames: 30 }],
      workDir,
      cacheDir: path.join(tmp, "cache"),
      signal: new AbortController().signal,
    });
    expect(result.report.facecamLoudness).toEqual({
      applied: "none",
      measuredLufs: null,
      measuredTruePeakDb: null,
    });
    expect((await measureLoudness(binaries.ffmpeg, result.video)).truePeakDb).toBe(-Infinity);
  });

  it("reads ebur128's printouts, silence included", () => {
    // What ebur128 prints for digital silence: its absolute gate as the loudness, no peak.
    const silence = parseEbur128Summary(
      "Summary:\n  Integrated loudness:\n    I:         -70.0 LUFS\n    Threshold:   0.0 LUFS\n" +
        "  Loudness range:\n    LRA:         0.0 LU\n  True peak:\n    Peak:       -inf dBFS",
    );
    expect(silence.integratedLufs).toBe(-Infinity);
    expect(loudnessFilter(silence).filter).toBeUndefined();
    const speech = { integratedLufs: -23.4, truePeakDb: -6.1, loudnessRange: 5.2, thresholdLufs: -33.6 };
    expect(loudnessFilter(speech).filter).toBe(
      "loudnorm=I=-16:TP=-2:LRA=11:measured_I=-23.4:measured_TP=-6.1:measured_LRA=5.2:measured_thresh=-33.6:linear=true",
    );
    // Peaks low enough for the whole gain: one volume change, as loudnorm's linear mode would make.
    expect(loudnessFilter({ ...speech, truePeakDb: -12.1 }).filter).toBe("volume=7.40dB");
    // A range wider than the target's is loudnorm's to narrow.
    expect(loudnessFilter({ ...speech, truePeakDb: -12.1, loudnessRange: 14 }).filter).toMatch(/^loudnorm=/);
    expect(
      parseEbur128Summary(
        "Summary:\n  Integrated loudness:\n    I:         -16.1 LUFS\n  Loudness range:\n    LRA:   3.0 LU\n  True peak:\n    Peak:  -2.3 dBFS",
      ),
    ).toEqual({ integratedLufs: -16.1, truePeakDb: -2.3, loudnessRange: 3 });
  });
});
