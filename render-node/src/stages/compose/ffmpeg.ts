import { execa } from "execa";
import { errorMessage, RenderError, type RenderErrorCode, tail } from "../../core/errors";

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
