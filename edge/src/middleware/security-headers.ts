import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { classifyHost } from "../landing/host";
import { FALLBACK_POLICY } from "../lib/csp";
import { isLocalStack } from "../lib/deployment";

const ONE_YEAR = 365 * 24 * 3600;

/**
 * Headers every response gets unless its handler chose otherwise: no type sniffing, no framing, a
 * referrer that leaves only as an origin, a Content-Security-Policy that allows no script (pages with
 * scripts set their own, with a nonce), and HSTS in production. HSTS covers subdomains only on the
 * platform's own domains, never on a customer's custom domain.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // Responses from bindings (static assets) have immutable headers; copy before touching them.
  const res = new Response(c.res.body, c.res);
  const h = res.headers;
  if (!h.has("x-content-type-options")) h.set("x-content-type-options", "nosniff");
  if (!h.has("x-frame-options")) h.set("x-frame-options", "DENY");
  if (!h.has("referrer-policy")) h.set("referrer-policy", "strict-origin-when-cross-origin");
  if (!h.has("content-security-policy")) h.set("content-security-policy", FALLBACK_POLICY);
  const env = c.get("env");
  const url = new URL(c.req.url);
  if (env && url.protocol === "https:" && !isLocalStack(env)) {
    const custom = classifyHost(url.host, env).kind === "custom";
    h.set(
      "strict-transport-security",
      custom ? `max-age=${ONE_YEAR}` : `max-age=${ONE_YEAR}; includeSubDomains`,
    );
  }
  c.res = res;
};
