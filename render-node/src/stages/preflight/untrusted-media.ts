import { open } from "node:fs/promises";
import { MAX_FACECAM_SECONDS } from "@loom-lite/schema";
import { execa } from "execa";
import { z } from "zod";
import { errorMessage, RenderError, tail } from "../../core/errors";

/**
 * Opening a tenant's upload with ffmpeg. Left to itself, ffmpeg guesses the format from the content,
 * and some formats are programs: a DASH manifest, an HLS playlist or a concat script saved as
 * "facecam" makes ffmpeg fetch URLs and read other local files (another render's facecam) into the
 * video. So the container is decided here from the file's first bytes (MP4/MOV or Matroska/WebM, nothing
 * else), that demuxer is forced, only the file protocol is allowed, and the length is measured from
 * the packets instead of trusting the header.
 */

/** The containers a facecam may be in, named as ffmpeg's demuxers. */
export type VideoContainer = "mov" | "matroska";

/** Demuxers ffmpeg may use at all while reading an upload (nested ones included). */
const FORMAT_WHITELIST = "mov,mp4,matroska,webm";

/** ffprobe's `format_name` for each forced demuxer. */
const FORMAT_NAMES: Record<VideoContainer, string> = {
  mov: "mov,mp4,m4a,3gp,3g2,mj2",
  matroska: "matroska,webm",
};

const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
/** First box types of ISO BMFF (MP4) and QuickTime files. */
const MOV_FIRST_BOXES = new Set(["ftyp", "moov", "mdat", "free", "skip", "wide"]);

const FORCE_KILL_AFTER_MS = 800;

/** MP4/MOV or Matroska/WebM by the file's first bytes; undefined for anything else. */
export async function sniffContainer(file: string): Promise<VideoContainer | undefined> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead >= 4 && head.subarray(0, 4).equals(EBML_MAGIC)) return "matroska";
    if (bytesRead >= 8 && MOV_FIRST_BOXES.has(head.toString("latin1", 4, 8))) return "mov";
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * ffmpeg/ffprobe input options that read `file` with the `container` demuxer and nothing else: no format
 * probing, only the file protocol, only the allowed demuxers. Put them where `-i file` would go.
 */
export function untrustedInputArgs(file: string, container: VideoContainer): string[] {
  return [
    ...["-protocol_whitelist", "file", "-format_whitelist", FORMAT_WHITELIST],
    ...["-f", container, "-i", `file:${file}`],
  ];
}

export interface UntrustedVideo {
  container: VideoContainer;
  /** How long the video packets last (what a player would show), not what the header claims. */
  seconds: number;
  /** What the container's header says; only for the report. */
  declaredSeconds: number | undefined;
  hasAudio: boolean;
  width: number | undefined;
  height: number | undefined;
  /** The input options that open this file safely (see untrustedInputArgs). */
  inputArgs: string[];
}

const ProbeSchema = z.object({
  streams: z
    .array(
      z.object({
        index: z.number(),
        codec_type: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional() }).default({}),
  packets: z
    .array(
      z.object({
        stream_index: z.number(),
        pts_time: z.string().optional(),
        dts_time: z.string().optional(),
        duration_time: z.string().optional(),
      }),
    )
    .default([]),
});

/**
 * Checks that an uploaded facecam is a real MP4/MOV or Matroska/WebM video no longer than
 * `maxSeconds`, and measures it by reading its packets (at most `maxSeconds` + 1 s of them). Throws a
 * RenderError `facecam_unusable` saying what is wrong otherwise.
 */
export async function probeUntrustedVideo(
  ffprobe: string,
  file: string,
  signal: AbortSignal,
  maxSeconds = MAX_FACECAM_SECONDS,
): Promise<UntrustedVideo> {
  const container = await sniffContainer(file);
  if (!container) {
    throw unusable(
      "The facecam is not a video file (it is neither MP4/MOV nor WebM/Matroska); upload an MP4 or WebM recording.",
    );
  }
  const inputArgs = untrustedInputArgs(file, container);
  let stdout: string;
  try {
    const result = await execa(
      ffprobe,
      [
        ...["-v", "error", "-of", "json=compact=1"],
        ...["-show_entries", "stream=index,codec_type,width,height:format=format_name,duration"],
        ...["-show_entries", "packet=stream_index,pts_time,dts_time,duration_time"],
        // Only the first maxSeconds + 1 s of packets: enough to tell a file is too long, bounded work.
        ...["-read_intervals", `%+${maxSeconds + 1}`],
        ...inputArgs,
      ],
      { cancelSignal: signal, forceKillAfterDelay: FORCE_KILL_AFTER_MS, stdin: "ignore" },
    );
    stdout = result.stdout;
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    throw unusable("The facecam file could not be read as a video; upload an MP4 or WebM file.", {
      details: tail((error as { stderr?: string }).stderr) ?? errorMessage(error),
      cause: error,
    });
  }
  const probe = ProbeSchema.parse(JSON.parse(stdout));
  // The demuxer was forced; this is the second lock on the same door.
  if (probe.format.format_name !== FORMAT_NAMES[container]) {
    throw unusable("The facecam file could not be read as a video; upload an MP4 or WebM file.", {
      details: `ffprobe read it as ${probe.format.format_name ?? "nothing"}`,
    });
  }
  const video = probe.streams.find((s) => s.codec_type === "video");
  const audio = probe.streams.find((s) => s.codec_type === "audio");
  const videoPackets = video ? probe.packets.filter((p) => p.stream_index === video.index) : [];
  if (!video || videoPackets.length === 0) {
    throw unusable("The facecam file has no video frames; re-export it as an MP4 (H.264) file.");
  }
  // The facecam lasts as long as its pictures; the prepared clip cuts its sound there too.
  const seconds = playedSeconds(videoPackets);
  if (!(seconds > 0)) {
    throw unusable("The facecam file has no video frames with a known time; re-export it as MP4.");
  }
  if (seconds > maxSeconds) {
    throw unusable(
      `The facecam is longer than ${maxSeconds} s (${formatMinutes(maxSeconds)}), the longest recording ` +
        "the platform accepts; trim it and upload it again.",
    );
  }
  const declared = Number(probe.format.duration);
  return {
    container,
    seconds,
    declaredSeconds: Number.isFinite(declared) ? declared : undefined,
    hasAudio: Boolean(audio),
    width: video.width,
    height: video.height,
    inputArgs,
  };
}

/** From the first packet's start to the last packet's end, by the packets' own timestamps. */
function playedSeconds(packets: readonly z.infer<typeof ProbeSchema>["packets"][number][]): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const packet of packets) {
    const at = Number(packet.pts_time ?? packet.dts_time);
    if (!Number.isFinite(at)) continue;
    const duration = Number(packet.duration_time);
    first = Math.min(first, at);
    last = Math.max(last, at + (Number.isFinite(duration) && duration > 0 ? duration : 0));
  }
  return last - first;
}

function formatMinutes(seconds: number): string {
  const minutes = seconds / 60;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} minutes`;
}

function unusable(message: string, extra: { details?: string; cause?: unknown } = {}): RenderError {
  return new RenderError("facecam_unusable", message, { retryable: false, ...extra });
}
