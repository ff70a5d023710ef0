/** Machine-readable failure codes, sent to the edge as `code` and written to report.json. */
export type RenderErrorCode =
  | "invalid_input"
  | "facecam_unusable"
  | "page_unusable"
  | "page_blocked"
  | "capture_failed"
  | "encode_failed"
  | "publish_failed"
  | "missing_binary"
  /** The job ran past its wall-clock limit (JOB_TIMEOUT_MS). */
  | "job_timeout"
  /** The job's processes held more memory than JOB_MEMORY_MB. */
  | "out_of_memory";

/**
 * A failure with a sentence the user can act on. `retryable` is false when running again cannot help
 * (the page rejects every visit, the input is unusable).
 */
export class RenderError extends Error {
  override readonly name = "RenderError";
  readonly code: RenderErrorCode;
  readonly retryable: boolean;
  /** Tool output (ffmpeg stderr, browser message) for the report and logs, not for the user. */
  readonly details: string | undefined;

  constructor(
    code: RenderErrorCode,
    message: string,
    options: { retryable: boolean; details?: string | undefined; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable;
    this.details = options.details;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The last lines of a tool's output: enough to diagnose, small enough for a report. */
export function tail(text: string | undefined, maxLines = 15): string | undefined {
  if (!text) return undefined;
  const lines = text.trimEnd().split("\n");
  return lines.slice(-maxLines).join("\n");
}
