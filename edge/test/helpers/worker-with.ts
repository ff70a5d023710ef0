import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index";
import { APP_ORIGIN } from "./accounts";

export type WorkerFetch = (
  path: string,
  init?: RequestInit & { ip?: string; json?: unknown; cookie?: string },
) => Promise<Response>;

/**
 * The Worker with `RATE_LIMITS` set as a deployment would set it (the suite's own configuration lifts
 * every limit, since all suites sign up from one address). Requests carry `cf-connecting-ip` as
 * Cloudflare sets it; counts live in the same RateLimiter objects every other request uses.
 */
export function limitedWorker(limits: string): WorkerFetch {
  return workerWith({ RATE_LIMITS: limits });
}

/** The variables of a production deployment on its own domain (the suite runs as a local stack). */
export const PRODUCTION_VARS = {
  ENVIRONMENT: "production",
  APP_DOMAIN: "loom-lite.app",
  APP_HOSTS: "loom-lite.workers.dev",
  CUSTOM_DOMAIN_TARGET: "domains.loom-lite.app",
  DEV_MAILBOX: "off",
} as const;
export const PRODUCTION_ORIGIN = "https://loom-lite.app";

/** The Worker with some variables changed (undefined: as if unset), called directly, its background work awaited. */
export function workerWith(vars: Record<string, unknown>): WorkerFetch {
  return async (path, init = {}) => {
    const { ip, json, cookie, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (ip) headers.set("cf-connecting-ip", ip);
    if (cookie?.startsWith("ll_live_")) headers.set("authorization", `Bearer ${cookie}`);
    else if (cookie) headers.set("cookie", cookie);
    if (json !== undefined) {
      headers.set("content-type", "application/json");
      rest.body = JSON.stringify(json);
    }
    if (!headers.has("origin")) headers.set("origin", APP_ORIGIN);
    const url = path.startsWith("http") ? path : `${APP_ORIGIN}${path}`;
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(url, { ...rest, headers }), { ...env, ...vars }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };
}

/** A random IPv4 address, so no two tests (or runs) share a count. */
export function freshAddress(): string {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}
