import { renders } from "@loom-lite/schema/db";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../lib/db";
import type { Logger } from "../lib/logger";

/** The product events sent to PostHog; each names who did it by id, never by e-mail or name. */
export type ProductEvent =
  | "signed_up"
  | "first_render_completed"
  | "subscription_started"
  | "subscription_changed";

type PropertyValue = string | number | boolean | null;

export interface ProductAnalytics {
  /**
   * Sends one event past the answer (`waitUntil`): it never slows a request down, and a PostHog that is
   * down or refuses it is only logged. `distinctId` is a user id (`signed_up`) or a workspace id.
   */
  capture(event: ProductEvent, distinctId: string, properties?: Record<string, PropertyValue>): void;
}

const SEND_TIMEOUT_MS = 5_000;

/**
 * PostHog's capture API (`POST <host>/i/v0/e/` with `api_key`, `event`, `distinct_id`, `properties`,
 * `timestamp`), on only when POSTHOG_KEY is set. A fetch of that documented format rather than
 * posthog-node, whose batching queue and timers outlive a Worker's invocation.
 */
export function productAnalyticsFor(
  env: { POSTHOG_KEY?: string | undefined; POSTHOG_HOST: string; ENVIRONMENT: string },
  log: Logger,
  defer: (work: Promise<unknown>) => void,
): ProductAnalytics {
  const key = env.POSTHOG_KEY;
  if (!key) return { capture() {} };
  const endpoint = `${env.POSTHOG_HOST.replace(/\/+$/, "")}/i/v0/e/`;
  return {
    capture(event, distinctId, properties = {}) {
      const body = {
        api_key: key,
        event,
        distinct_id: distinctId,
        properties: { ...properties, environment: env.ENVIRONMENT, $lib: "loom-lite-edge" },
        timestamp: new Date().toISOString(),
      };
      defer(
        fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        })
          .then(async (res) => {
            if (!res.ok) log.warn("posthog refused an event", { event, status: res.status });
            await res.body?.cancel();
          })
          .catch((error: unknown) => log.warn("posthog unreachable", { event, error: String(error) })),
      );
    },
  };
}

/**
 * When `renderId` is its workspace's first delivered video (the earliest to finish), its workspace id;
 * else null. Asked once per finished render, so the event goes out once per workspace.
 */
export async function firstRenderOfWorkspace(db: Db, renderId: string): Promise<string | null> {
  const [render] = await db
    .select({ workspaceId: renders.workspaceId, kind: renders.kind, state: renders.state })
    .from(renders)
    .where(eq(renders.id, renderId));
  if (render?.kind !== "video" || render.state !== "done") return null;
  const [first] = await db
    .select({ id: renders.id })
    .from(renders)
    .where(
      and(eq(renders.workspaceId, render.workspaceId), eq(renders.kind, "video"), eq(renders.state, "done")),
    )
    .orderBy(asc(renders.finishedAt), asc(renders.id))
    .limit(1);
  return first?.id === renderId ? render.workspaceId : null;
}
