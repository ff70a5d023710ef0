import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MAX_FACECAM_SECONDS, MAX_VIDEO_SECONDS, SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { RenderError } from "../src/core/errors";
import { runPipeline } from "../src/pipeline/run";
import { layoutBubble } from "../src/stages/compose/bubble";
import { prepareFacecam } from "../src/stages/compose/facecam-prep";
import { preflight } from "../src/stages/preflight/inputs";
import { probeUntrustedVideo, untrustedInputArgs } from "../src/stages/preflight/untrusted-media";
import {
  ffprobe,
  makeFacecam,
  makeSolidVideo,
  makeStretchedVideo,
  withDeclaredDuration,
} from "./helpers/media";
import { colorShare } from "./helpers/pixels";
import { type SiteServer, startSiteServer } from "./helpers/site-server";

/**
 * A tenant uploads a "facecam" that is really a DASH manifest, an HLS playlist or an ffconcat script,
 * and the node saves it as <work>/<render>/facecam. The victim is another render's video in the same
 * work root (magenta frames; ffmpeg 5.1.9's DASH and HLS readers only follow names with a media
 * extension, which video.mp4 has); the outside target is a server on 127.0.0.1 that records every hit.
 * Nothing may read the victim or reach the server, and the render fails as facecam_unusable.
 */
let tmp: string;
let workRoot: string;
let binaries: Binaries;
let server: SiteServer;
let victim: string;
const signal = new AbortController().signal;
const OUTPUT = { width: 1280, height: 720, fps: 30 } as const;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-untrusted-media-"));
  workRoot = path.join(tmp, "work");
  const media = path.join(tmp, "served");
  await mkdir(path.join(workRoot, "rnd_victim"), { recursive: true });
  await mkdir(media, { recursive: true });
  binaries = await resolveBinaries();
  // Fragmented, so a DASH reader can play it as a segment: the strongest form of the attack.
  victim = await makeSolidVideo(path.join(workRoot, "rnd_victim", "video.mp4"), "magenta", {
    fragmented: true,
  });
  await makeSolidVideo(path.join(media, "remote.mp4"), "magenta", { fragmented: true });
  await makeSolidVideo(path.join(media, "remote.ts"), "magenta");
  server = await startSiteServer("127.0.0.1", { mediaDir: media });
});

afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function mpd(baseUrl: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"
     type="static" mediaPresentationDuration="PT2S" minBufferTime="PT1S">
 <Period>
  <AdaptationSet mimeType="video/mp4">
   <Representation id="1" bandwidth="100000" width="320" height="240" codecs="avc1.42c00d">
    <BaseURL>${baseUrl}</BaseURL>
   </Representation>
  </AdaptationSet>
 </Period>
</MPD>
`;
}

function hls(segment: string): string {
  return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n${segment}\n#EXT-X-ENDLIST\n`;
}

let uploads = 0;
/** Saves `content` the way the node saves a download: <work>/<render>/facecam, no extension. */
async function upload(content: string | Buffer): Promise<{ file: string; workDir: string }> {
  uploads += 1;
  const workDir = path.join(workRoot, `rnd_attacker${uploads}`);
  await mkdir(workDir, { recursive: true });
  const file = path.join(workDir, "facecam");
  await writeFile(file, content);
  return { file, workDir };
}

function attacks(): Record<string, string | Buffer> {
  const remote = `${server.origin}/media`;
  return {
    "DASH manifest reading another render's facecam": mpd(`file://${victim}`),
    "DASH manifest fetching from 127.0.0.1": mpd(`${remote}/remote.mp4`),
    "HLS playlist fetching from 127.0.0.1": hls(`${remote}/remote.ts`),
    "HLS playlist reading a local file": hls(`file://${victim}`),
    "ffconcat script": `ffconcat version 1.0\nfile ${path.basename(victim)}\n`,
    // The sniff says MP4, the forced MP4 demuxer then finds no movie in it.
    "DASH manifest behind an ftyp box": Buffer.concat([
      Buffer.from([0, 0, 0, 16]),
      Buffer.from("ftypisom\0\0\0\0", "latin1"),
      Buffer.from(mpd(`file://${victim}`)),
    ]),
  };
}

function nothingReached() {
  expect(server.requests, JSON.stringify(server.requests)).toEqual([]);
}

/** The first frame ffmpeg decodes from `args`, as a PNG, or undefined when it decodes nothing. */
async function firstFrame(args: string[], out: string): Promise<string | undefined> {
  const result = await execa(binaries.ffmpeg, ["-v", "error", "-y", ...args, "-frames:v", "1", out], {
    reject: false,
  });
  return result.exitCode === 0 && existsSync(out) ? out : undefined;
}

describe("a facecam that is a playlist, not a video", () => {
  it("the manifest is a working attack on an ffmpeg that guesses the format (control)", async () => {
    const { file, workDir } = await upload(mpd(`file://${victim}`));
    const frame = await firstFrame(["-i", file], path.join(workDir, "guessed.png"));
    expect(frame, "a format-guessing ffmpeg plays the manifest").toBeDefined();
    expect(await colorShare(frame as string, "#FF00FF")).toBeGreaterThan(0.9);
  });

  it("probe refuses every disguise as facecam_unusable and reads nothing it points at", async () => {
    for (const [name, content] of Object.entries(attacks())) {
      const { file } = await upload(content);
      const error = await probeUntrustedVideo(binaries.ffprobe, file, signal).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(RenderError);
      expect(error, name).toMatchObject({ code: "facecam_unusable", retryable: false });
      expect((error as Error).message, name).toMatch(
        /not a video file|could not be read as a video; upload an MP4 or WebM file/,
      );
    }
    nothingReached();
  });

  it("ffmpeg opened with the forced input options decodes none of them, even past the sniff", async () => {
    for (const [name, content] of Object.entries(attacks())) {
      const { file, workDir } = await upload(content);
      for (const container of ["mov", "matroska"] as const) {
        const frame = await firstFrame(untrustedInputArgs(file, container), path.join(workDir, "forced.png"));
        expect(frame, `${name} read as ${container}`).toBeUndefined();
      }
    }
    nothingReached();
  });

  it("a render with such a facecam fails in preflight, before Chromium, and its report says why", async () => {
    const { file, workDir } = await upload(mpd(`file://${victim}`));
    const cacheDir = path.join(tmp, "cache-pipeline");
    const error = await runPipeline(
      {
        spec: SceneSpecSchema.parse({ facecam: "ast_x", scenes: [{ url: "{{website}}" }] }),
        fields: { website: server.origin },
        facecamFile: file,
        workDir,
        cacheDir,
        binaries,
        allowHosts: ["127.0.0.1"],
      },
      { signal },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "facecam_unusable", retryable: false });
    const report = JSON.parse(await readFile(path.join(workDir, "report.json"), "utf8"));
    expect(report.error).toMatchObject({ code: "facecam_unusable" });
    expect(report.error.message).toContain("upload an MP4 or WebM");
    expect(report.timings.capture).toBeUndefined();
    // No prepared clip anywhere: the victim's frames were never decoded into this render.
    expect(existsSync(path.join(cacheDir, "facecams"))).toBe(false);
    expect((await readdir(workDir)).sort()).toEqual(["facecam", "report.json"]);
    nothingReached();
  });
});

describe("real videos", () => {
  it("accepts MP4 and WebM, forces their demuxer and prepares the bubble clip from them", async () => {
    const mp4 = await makeFacecam(tmp, 2);
    const webm = path.join(tmp, "facecam.webm");
    await execa(
      binaries.ffmpeg,
      ["-v", "error", "-y", "-i", mp4, "-c:v", "libvpx", "-deadline", "realtime"].concat([
        "-c:a",
        "libopus",
        webm,
      ]),
    );
    for (const [file, container] of [
      [mp4, "mov"],
      [webm, "matroska"],
    ] as const) {
      // Saved without an extension, as the node saves downloads.
      const { file: saved } = await upload(await readFile(file));
      const probed = await probeUntrustedVideo(binaries.ffprobe, saved, signal);
      expect(probed).toMatchObject({ container, hasAudio: true, width: 640, height: 480 });
      expect(Math.abs(probed.seconds - 2)).toBeLessThan(0.1);
      expect(probed.inputArgs).toEqual([
        ...["-protocol_whitelist", "file", "-format_whitelist", "mov,mp4,matroska,webm"],
        ...["-f", container, "-i", `file:${saved}`],
      ]);
      const prepared = await prepareFacecam({
        ffmpeg: binaries.ffmpeg,
        facecamFile: saved,
        probed,
        layout: layoutBubble({ shape: "circle", position: "bottom-left", size: 0.28 }, OUTPUT),
        fps: 30,
        cacheDir: path.join(tmp, `cache-${container}`),
        signal,
      });
      const clip = await ffprobe(prepared.file);
      expect(clip.streams.map((s) => s.codec_type).sort()).toEqual(["audio", "video"]);
      expect(Math.abs(Number(clip.format.duration) - 2)).toBeLessThan(0.15);
    }
  });
});

describe("a facecam's length is measured, not read from its header", () => {
  const spec = (scenes: object[]) => SceneSpecSchema.parse({ facecam: "ast_x", scenes });
  const input = (facecamFile: string, scenes: object[]) => ({
    spec: spec(scenes),
    fields: { website: "https://example.com" },
    facecamFile,
    workDir: tmp,
    binaries,
    allowHosts: [],
  });

  it("a 2 s clip whose headers declare 10 hours plans a 2 s video", async () => {
    const honest = await makeSolidVideo(path.join(tmp, "honest.mp4"), "gray");
    const liar = await withDeclaredDuration(honest, path.join(tmp, "liar"), 36_000);
    expect(Number((await ffprobe(liar)).format.duration), "the header lies").toBe(36_000);

    const ready = await preflight(
      input(liar, [{ url: "{{website}}" }, { url: "{{website}}/about" }]),
      signal,
    );
    expect(ready.facecam).toMatchObject({ declaredSeconds: 36_000 });
    expect(Math.abs(ready.facecam.seconds - 2)).toBeLessThan(0.1);
    expect(ready.totalSeconds).toBeLessThanOrEqual(4); // two scenes of at least 2 s each
    expect(ready.scenes.map((s) => s.timing.seconds)).toEqual([2, 2]);
  });

  it("refuses a facecam that plays longer than the platform maximum, whatever its size", async () => {
    // Three frames of 400 s each: a few kilobytes that play for 801 s.
    const stretched = await makeStretchedVideo(path.join(tmp, "stretched"), 3, 400);
    const error = await preflight(input(stretched, [{ url: "{{website}}" }]), signal).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({ code: "facecam_unusable", retryable: false });
    expect((error as Error).message).toBe(
      `The facecam is longer than ${MAX_FACECAM_SECONDS} s (10 minutes), the longest recording the platform ` +
        "accepts; trim it and upload it again.",
    );
  });

  it("refuses scenes that together run past the longest video, naming what to change", async () => {
    const clip = await makeFacecam(tmp, 2, { audio: false });
    // 590 s of fixed scenes, and six scenes without seconds that get the 2 s minimum each: 602 s.
    const scenes = [
      { url: "{{website}}", seconds: MAX_VIDEO_SECONDS - 10 },
      ...Array.from({ length: 6 }, () => ({ url: "{{website}}" })),
    ];
    const error = await preflight(input(clip, scenes), signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_input", retryable: false });
    expect((error as Error).message).toBe(
      `The scenes would last 602.0 s, longer than the ${MAX_VIDEO_SECONDS} s the platform renders; shorten ` +
        "the scenes' seconds or give fewer scenes a length of their own.",
    );
  });
});
