import { SENTRY_DATA_COLLECTION } from "@loom-lite/schema";
import type { CloudflareOptions, ErrorEvent } from "@sentry/cloudflare";
import * as Sentry from "@sentry/cloudflare";

/**
 * Error tracking (Sentry) for the Worker and its Durable Objects: on only when `SENTRY_DSN` is set.
 * Events carry ids (request, render, node, workspace) as tags and never what a prospect or a user sent:
 * no bodies, cookies, headers, query strings or addresses (`dataCollection` all off, then `scrubEvent`).
 */

/** Sentry's options for one invocation, read from the raw bindings; undefined keeps the SDK off. */
export function sentryOptions(env: unknown): CloudflareOptions | undefined {
  const vars = (env ?? {}) as Record<string, unknown>;
  const dsn = typeof vars.SENTRY_DSN === "string" ? vars.SENTRY_DSN.trim() : "";
  if (!dsn) return undefined;
  return {
    dsn,
    environment: typeof vars.ENVIRONMENT === "string" ? vars.ENVIRONMENT : "production",
    dataCollection: SENTRY_DATA_COLLECTION,
    // Errors only: traces would cost a span per request and carry URLs.
    tracesSampleRate: 0,
    // A client per invocation: the SDK's isolate-wide client keeps the DSN of the first invocation, so a
    // DSN set (or changed) by a later one would be ignored.
    cacheClient: false,
    beforeSend: scrubEvent,
    beforeBreadcrumb: (crumb) => (crumb.category === "fetch" || crumb.category === "console" ? null : crumb),
  };
}

/** Keeps the method and path of the request, nothing a caller sent in it. */
function scrubEvent(event: ErrorEvent): ErrorEvent {
  if (event.request) {
    const { method, url } = event.request;
    event.request = { method, url: url ? stripQuery(url) : undefined };
  }
  if (event.user) event.user = event.user.id === undefined ? {} : { id: event.user.id };
  delete event.server_name;
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = withoutQueryParams(exception.value);
  }
  return event;
}

/** Drizzle's "Failed query: … params: …" lists the values bound to the query: a lead's fields, an e-mail. */
function withoutQueryParams(message: string): string {
  return message.replace(/\nparams: [\s\S]*$/, "\nparams: [removed]");
}

function stripQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split("?")[0] ?? "";
  }
}

/** Ids that find the request, render or node in the logs; only ids, never names or addresses. */
type ErrorTags = Partial<
  Record<"request_id" | "render_id" | "node_id" | "workspace_id" | "cron_step" | "job_kind", string>
>;

/** Tags every event of the current request or invocation (no-op while the SDK is off). */
export function tagErrors(tags: ErrorTags): void {
  for (const [key, value] of Object.entries(tags)) if (value) Sentry.setTag(key, value);
}

/** Reports an error that was handled (answered as a 500, logged by a cron step); no-op while off. */
export function reportError(error: unknown, tags: ErrorTags = {}): void {
  Sentry.captureException(error, { tags });
}

/** Reports a condition that is not an exception (a node gone mid-render); no-op while off. */
export function reportAlert(
  message: string,
  tags: ErrorTags = {},
  extra: Record<string, unknown> = {},
): void {
  Sentry.captureMessage(message, { level: "error", tags, extra });
}

export const withErrorTracking = Sentry.withSentry;
export const instrumentDurableObject = Sentry.instrumentDurableObjectWithSentry;
