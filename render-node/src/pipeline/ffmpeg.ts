import { execa } from "execa";
import { z } from "zod";
import { errorMessage, RenderError, type RenderErrorCode, tail } from "./errors";

/** After SIGTERM, ffmpeg gets this long to exit before SIGKILL, so a cancel stops within about a second. */
const FORCE_KILL_AFTER_MS = 800;

export interface FfmpegRun {
  ffmpeg: string;
  args: string[];
  signal: AbortSignal;
  /** Called with the output position in seconds as ffmpeg reports progress. */
  onTime?: (seconds: number) => void;
  errorCode: RenderErrorCode;
  /** What the user reads when ffmpeg fails. */
  failureMessage: string;
}

export async function runFfmpeg(run: FfmpegRun): Promise<void> {
  const args = [
    "-hide_banner",
    "-nostdin",
    "-loglevel",
    "error",
    "-nostats",
    "-progress",
    "pipe:1",
    ...run.args,
  ];
  const subprocess = execa(run.ffmpeg, args, {
    cancelSignal: run.signal,
    forceKillAfterDelay: FORCE_KILL_AFTER_MS,
    stdin: "ignore",
    // Its own process group: a Ctrl-C in the terminal reaches the node (which drains), not ffmpeg.
    detached: true,
    buffer: { stdout: false, stderr: true },
    reject: true,
  });
  subprocess.stdout?.setEncoding("utf8");
  let pending = "";
  subprocess.stdout?.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      // ffmpeg names it out_time_us (and, historically, out_time_ms), both in microseconds.
      const match = /^out_time_(?:us|ms)=(\d+)/.exec(line);
      if (match && run.onTime) run.onTime(Number(match[1]) / 1e6);
    }
  });
  try {
    await subprocess;
  } catch (error) {
    if (run.signal.aborted) throw run.signal.reason ?? error;
    const stderr = (error as { stderr?: string }).stderr;
    throw new RenderError(run.errorCode, run.failureMessage, {
      retryable: true,
      details: tail(stderr) ?? errorMessage(error),
      cause: error,
    });
  }
}

const ProbeSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        duration: z.string().optional(),
      }),
    )
    .default([]),
  format: z.object({ duration: z.string().optional() }).default({}),
});

export interface MediaInfo {
  seconds: number;
  hasVideo: boolean;
  hasAudio: boolean;
  width?: number;
  height?: number;
}

/** Reads duration and streams of a media file; throws a RenderError with `code` when it is no usable video. */
export async function probeMedia(
  ffprobe: string,
  file: string,
  signal: AbortSignal,
  code: RenderErrorCode = "facecam_unusable",
): Promise<MediaInfo> {
  let stdout: string;
  try {
    const result = await execa(
      ffprobe,
      [
        "-v",
        "error",
        "-show_entries",
        "stream=codec_type,codec_name,width,height,duration:format=duration",
      ].concat(["-of", "json", file]),
      { cancelSignal: signal, forceKillAfterDelay: FORCE_KILL_AFTER_MS, stdin: "ignore" },
    );
    stdout = result.stdout;
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    throw new RenderError(
      code,
      "The facecam file could not be read as a video; upload an MP4 or WebM file.",
      {
        retryable: false,
        details: tail((error as { stderr?: string }).stderr) ?? errorMessage(error),
        cause: error,
      },
    );
  }
  const probe = ProbeSchema.parse(JSON.parse(stdout));
  const video = probe.streams.find((s) => s.codec_type === "video");
  const audio = probe.streams.find((s) => s.codec_type === "audio");
  const seconds = Number(probe.format.duration ?? video?.duration ?? Number.NaN);
  if (!video || !Number.isFinite(seconds) || seconds <= 0) {
    throw new RenderError(
      code,
      "The facecam file has no video track with a known length; re-export it as MP4.",
      {
        retryable: false,
        details: stdout,
      },
    );
  }
  return { seconds, hasVideo: true, hasAudio: Boolean(audio), width: video.width, height: video.height };
}
