import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { landingChanged } from "./cache";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * After any successful change made through the API by a workspace (campaign landing settings,
 * branding, slug, lead fields, deletions, re-renders), the workspace's landing pages are invalidated.
 * Coarse on purpose: a spare cache miss costs one query, a missed invalidation shows stale pages.
 */
export const invalidateLandingOnWrite: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (READS.has(c.req.method) || c.res.status >= 400) return;
  // Set by the route's auth middleware; absent on sign-up, sign-in and other anonymous writes.
  const workspaceId = c.get("principal")?.workspaceId;
  if (workspaceId) await landingChanged(c.get("db"), workspaceId);
};
