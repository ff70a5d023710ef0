import { RenderError } from "../core/errors";
import { residentBytesMarked } from "../core/process-table";

/** How often the job's processes are measured. */
const MEMORY_POLL_MS = 500;

export interface JobLimits {
  /** Wall-clock time the whole job may take, download to complete. */
  timeoutMs: number;
  /**
   * Memory the job's processes (Chromium with its renderers, ffmpeg, ffprobe) may hold together; null
   * when the job starts none of its own (a site check browses in the node's warm browser).
   */
  memoryMb: number | null;
}

export interface JobLimitWatch {
  stop(): void;
}

/**
 * Bounds one job: when it runs longer than `timeoutMs`, or its processes hold more than `memoryMb`,
 * the job's controller is aborted with a RenderError naming the limit, which stops Chromium and ffmpeg
 * through the signal they already obey; the node itself and its other jobs go on.
 *
 * A job's processes are this node's descendants whose command line mentions the render id (ffmpeg and
 * ffprobe read and write under the render's work folder; Chromium's profile folder is named after the
 * render), together with everything they started (Chromium's zygotes, renderers and utilities).
 */
export function watchJobLimits(
  renderId: string,
  limits: JobLimits,
  controller: AbortController,
  onMeasured?: (bytes: number) => void,
): JobLimitWatch {
  const stopWith = (error: RenderError) => {
    if (!controller.signal.aborted) controller.abort(error);
  };
  const deadline = setTimeout(() => {
    stopWith(
      new RenderError(
        "job_timeout",
        `The render took longer than ${describeMs(limits.timeoutMs)}, the most one render may take, and was ` +
          "stopped. Shorten the scenes or use pages that load faster, then re-render.",
        { retryable: false },
      ),
    );
  }, limits.timeoutMs);
  const memoryMb = limits.memoryMb;
  const poll =
    memoryMb === null
      ? undefined
      : setInterval(() => {
          const bytes = residentBytesMarked(renderId);
          onMeasured?.(bytes);
          if (bytes > memoryMb * 1024 * 1024) {
            stopWith(
              new RenderError(
                "out_of_memory",
                `The render used more than ${memoryMb} MB of memory (${Math.round(bytes / 1024 / 1024)} MB), the ` +
                  "most one render may use, and was stopped. A page in the campaign is probably too heavy; use a " +
                  "lighter page or a fallback URL, then re-render.",
                { retryable: false },
              ),
            );
          }
        }, MEMORY_POLL_MS);
  // Neither timer may keep a draining node alive.
  deadline.unref();
  poll?.unref();
  const stop = () => {
    clearTimeout(deadline);
    clearInterval(poll);
  };
  controller.signal.addEventListener("abort", stop, { once: true });
  return { stop };
}

function describeMs(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes >= 1) return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} minutes`;
  return `${Math.round(ms / 1000)} s`;
}
