import { SENTRY_DATA_COLLECTION } from "@loom-lite/schema";
import * as Sentry from "@sentry/node";
import type { Logger } from "../log";

/** Ids that find a render in the edge's and the node's logs; never a lead's fields or pages. */
interface JobFailureContext {
  renderId: string;
  jobKind: string;
  workspaceId: string;
  code: string;
  retryable: boolean;
}

/** Error tracking (Sentry) of the render node: on only when `SENTRY_DSN` is set. */
export interface ErrorTracker {
  /**
   * A render failed. Failures caused by the lead's input (a page that cannot be used, a bad facecam:
   * not retryable) are warnings; anything else is an error of the platform.
   */
  jobFailed(error: unknown, context: JobFailureContext): void;
  /** Something else went wrong (a crashed job or poll loop). */
  report(error: unknown, tags?: Record<string, string>): void;
  /** Sends what is pending, then stops the client (the node is stopping). */
  close(timeoutMs?: number): Promise<void>;
}

const noErrorTracking: ErrorTracker = {
  jobFailed() {},
  report() {},
  close: async () => {},
};

interface ErrorTrackingOptions {
  dsn?: string | undefined;
  environment: string;
  release: string;
  logger: Logger;
}

/**
 * Starts Sentry's client for this process when a DSN is given. Only the error path is set up: no
 * tracing, no patching of http or the console, no handlers of uncaught errors (the node has its own
 * shutdown), and nothing a lead's page or fields put into a message leaves the machine (`scrubUrls`).
 */
export function startErrorTracking(options: ErrorTrackingOptions): ErrorTracker {
  if (!options.dsn) return noErrorTracking;
  Sentry.initWithoutDefaultIntegrations({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    dataCollection: SENTRY_DATA_COLLECTION,
    integrations: [Sentry.linkedErrorsIntegration()],
    beforeSend: (event) => {
      for (const exception of event.exception?.values ?? []) {
        if (exception.value) exception.value = scrubUrls(exception.value);
      }
      if (typeof event.message === "string") event.message = scrubUrls(event.message);
      return event;
    },
  });
  options.logger.info("error tracking on (Sentry)", { environment: options.environment });
  return {
    jobFailed(error, context) {
      Sentry.captureException(error, {
        level: context.retryable ? "error" : "warning",
        tags: {
          render_id: context.renderId,
          job_kind: context.jobKind,
          workspace_id: context.workspaceId,
          failure_code: context.code,
          retryable: String(context.retryable),
        },
      });
    },
    report(error, tags = {}) {
      Sentry.captureException(error, { level: "error", tags });
    },
    async close(timeoutMs = 2000) {
      await Sentry.close(timeoutMs).catch(() => false);
    },
  };
}

/** A lead's website and its pages are the prospect's: every URL in a message becomes `[url]`. */
function scrubUrls(message: string): string {
  return message.replace(/\b(?:https?|wss?|ftp|file|data):\/?\/?[^\s"'<>)]+/gi, "[url]");
}
