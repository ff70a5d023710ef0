import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pruneLeastRecentlyUsed, touchEntry } from "../../core/cache-lru";
import type { LoudnessReport } from "../../core/types";
import type { UntrustedVideo } from "../preflight/untrusted-media";
import { type BubbleFrame, type BubbleLayout, bubbleFrame, drawBubbleMask, drawBubbleRing } from "./bubble";
import { runFfmpeg } from "./ffmpeg";
import { AUDIO_LAYOUT, loudnessFilter, measureFacecamLoudness } from "./loudness";

/** Bump when the prepared clip's recipe changes, so old clips are not reused. */
const PREP_VERSION = 4;
/** Prepared clips kept per node; each is small (bubble-sized video). */
const MAX_PREPARED_BYTES = 512 * 1024 * 1024;

export interface PreparedFacecam {
  /**
   * The facecam cut to the bubble (border ring painted in), 30 fps, H.264 + AAC 48 kHz stereo with its
   * sound normalised to EBU R128 (-16 LUFS, true peak under -1.5 dBTP).
   */
  file: string;
  /** Grayscale mask of the bubble shape for alphamerge. */
  maskFile: string;
  frame: BubbleFrame;
  hasAudio: boolean;
  /** What was done to the sound's loudness (measured once, kept beside the clip). */
  loudness: LoudnessReport;
  /** True when an earlier render had already prepared it. */
  reused: boolean;
}

export interface FacecamPrepInput {
  ffmpeg: string;
  facecamFile: string;
  /** What probeUntrustedVideo found in facecamFile: how to open it safely, its length, its audio. */
  probed: UntrustedVideo;
  layout: BubbleLayout;
  fps: number;
  cacheDir: string;
  signal: AbortSignal;
}

const inFlight = new Map<string, Promise<PreparedFacecam>>();

/**
 * Crops, scales and frames the facecam for the bubble once per campaign look: the result is cached by
 * the facecam's content, the bubble and the frame rate, so every further lead only decodes a small clip.
 */
export async function prepareFacecam(input: FacecamPrepInput): Promise<PreparedFacecam> {
  const key = createHash("sha256")
    .update(await hashFile(input.facecamFile, input.signal))
    .update(
      JSON.stringify({ v: PREP_VERSION, layout: input.layout, fps: input.fps, audio: input.probed.hasAudio }),
    )
    .digest("hex")
    .slice(0, 24);
  const pending = inFlight.get(key);
  if (pending) {
    // Another render is preparing the same clip; if that render is stopped, prepare it here.
    const shared = await pending.catch(() => undefined);
    if (shared) return { ...shared, reused: true };
    input.signal.throwIfAborted();
  }
  const work = prepare(input, key).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

async function prepare(input: FacecamPrepInput, key: string): Promise<PreparedFacecam> {
  const dir = path.join(input.cacheDir, "facecams");
  const file = path.join(dir, `facecam-${key}.mp4`);
  const maskFile = path.join(dir, `facecam-${key}-mask.png`);
  const infoFile = path.join(dir, `facecam-${key}-info.json`);
  const frame = bubbleFrame(input.layout);
  const result = { file, maskFile, frame, hasAudio: input.probed.hasAudio };
  const kept = await readKeptInfo(infoFile);
  if (kept && (await exists(file)) && (await exists(maskFile))) {
    await Promise.all([touchEntry(file), touchEntry(maskFile), touchEntry(infoFile)]);
    return { ...result, loudness: kept.loudness, reused: true };
  }
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}`;
  const ring = drawBubbleRing(input.layout);
  const ringFile = `${temp}-ring.png`;
  let loudness: LoudnessReport = { applied: "none", measuredLufs: null, measuredTruePeakDb: null };
  try {
    await writeFile(`${maskFile}.${process.pid}`, drawBubbleMask(input.layout));
    await rename(`${maskFile}.${process.pid}`, maskFile);
    if (ring) await writeFile(ringFile, ring);
    const prep = (args: string[]) =>
      runFfmpeg({
        ffmpeg: input.ffmpeg,
        signal: input.signal,
        args,
        errorCode: "facecam_unusable",
        failureMessage: "The facecam could not be decoded; re-export it as an MP4 (H.264) file.",
      });
    const picture = videoArgs(input, frame, ring ? ringFile : undefined);
    if (input.probed.hasAudio) {
      // The pictures are encoded while the sound is measured, then brought to its loudness and encoded;
      // the two streams are joined without encoding again.
      const pictures = `${temp}-video.mp4`;
      const sound = `${temp}-sound.m4a`;
      const encoding = prep([...picture, "-an", "-f", "mp4", "-y", pictures]);
      encoding.catch(() => {});
      try {
        const measured = await measureFacecamLoudness({
          ffmpeg: input.ffmpeg,
          inputArgs: input.probed.inputArgs,
          seconds: input.probed.seconds,
          signal: input.signal,
        });
        const normalise = loudnessFilter(measured);
        loudness = normalise.report;
        await Promise.all([encoding, prep(soundArgs(input, normalise.filter, sound))]);
        await prep([
          ...["-i", pictures, "-i", sound, "-map", "0:v", "-map", "1:a", "-c", "copy"],
          ...["-movflags", "+faststart", "-f", "mp4", "-y", `${temp}.mp4`],
        ]);
      } finally {
        await encoding.catch(() => {});
        await rm(pictures, { force: true });
        await rm(sound, { force: true });
      }
    } else {
      await prep([...picture, "-movflags", "+faststart", "-f", "mp4", "-y", `${temp}.mp4`]);
    }
    // The info first: a clip on disk always has its info beside it.
    await writeFile(`${infoFile}.${process.pid}`, JSON.stringify({ loudness }));
    await rename(`${infoFile}.${process.pid}`, infoFile);
    await rename(`${temp}.mp4`, file);
  } finally {
    await rm(ringFile, { force: true });
    await rm(`${temp}.mp4`, { force: true });
  }
  await pruneLeastRecentlyUsed(dir, {
    match: (name) => name.startsWith("facecam-"),
    maxBytes: MAX_PREPARED_BYTES,
  });
  return { ...result, loudness, reused: false };
}

async function readKeptInfo(file: string): Promise<{ loudness: LoudnessReport } | undefined> {
  try {
    const info = JSON.parse(await readFile(file, "utf8")) as { loudness?: LoudnessReport };
    return info.loudness ? { loudness: info.loudness } : undefined;
  } catch {
    return undefined;
  }
}

/** The bubble's pictures (without sound; output options left to the caller). */
function videoArgs(input: FacecamPrepInput, frame: BubbleFrame, ringFile: string | undefined): string[] {
  const { width: w, height: h } = input.layout;
  const b = input.layout.border?.width ?? 0;
  // Faces sit in the upper part of a tall recording: the crop leans upwards instead of cutting the head.
  const face =
    `[0:v]setpts=PTS-STARTPTS,fps=${input.fps},` +
    `crop=w='min(iw,ih*${w}/${h})':h='min(ih,iw*${h}/${w})':x='(iw-ow)/2':y='(ih-oh)*0.35',` +
    `scale=${w}:${h}:flags=area,setsar=1,format=yuv420p`;
  const graph = ringFile
    ? `${face},pad=${frame.width}:${frame.height}:${b}:${b}:color=black[padded];[padded][1:v]overlay=0:0,format=yuv420p[v]`
    : `${face}[v]`;
  return [
    // Never `-i facecamFile`: format guessing would let a playlist saved as a video pull in other files.
    ...input.probed.inputArgs,
    ...(ringFile ? ["-i", ringFile] : []),
    ...["-filter_complex", graph, "-map", "[v]"],
    // Bubble-sized: even the fastest preset at high quality gives a small file that decodes cheaply.
    ...["-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-g", String(input.fps)],
    ...["-pix_fmt", "yuv420p"],
    // Cut at the measured length, so packets past what preflight measured cannot make the clip longer.
    ...["-t", input.probed.seconds.toFixed(3)],
  ];
}

/** The facecam's sound alone, brought to its loudness by `loudness`. */
function soundArgs(
  input: FacecamPrepInput,
  /** A gain or loudnorm's second pass (loudnessFilter), or undefined to keep the sound's level. */
  loudness: string | undefined,
  out: string,
): string[] {
  // loudnorm works at 192 kHz; the final aresample brings it back to 48 kHz (after a gain, it does nothing).
  const sound = `asetpts=PTS-STARTPTS,${AUDIO_LAYOUT}${loudness ? `,${loudness},aresample=48000` : ""}`;
  return [
    ...input.probed.inputArgs,
    ...["-map", "0:a:0", "-vn", "-sn", "-dn", "-af", sound],
    // The fast coder costs about half of the default one; at 128 kb/s a voice sounds the same.
    ...["-c:a", "aac", "-aac_coder", "fast", "-b:a", "128k", "-ac", "2"],
    ...["-t", input.probed.seconds.toFixed(3), "-f", "mp4", "-y", out],
  ];
}

async function hashFile(file: string, signal: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
