import type { MiddlewareHandler } from "hono";
import { isAppOrigin } from "../auth/app-origins";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing /api requests that a page on another origin made a browser send with the
 * user's session cookie, whatever their content type (a form, text/plain, JSON, no body at all). A
 * browser names the page in `Origin` (and `Sec-Fetch-Site`); only the app's own origins pass, so a
 * workspace's landing page — same-site with the dashboard when both live under APP_DOMAIN — cannot act
 * as its visitor. Requests with `Authorization: Bearer` (API keys, node tokens) carry no ambient
 * credential, and a request with neither header comes from no browser, which no other site can drive.
 */
export const refuseCrossSiteRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (/^bearer\s/i.test(c.req.header("authorization") ?? "")) return next();
  const origin = c.req.header("origin");
  const site = c.req.header("sec-fetch-site");
  if (origin !== undefined) {
    if (!isAppOrigin(origin, c.get("env"), new URL(c.req.url).origin)) {
      throw new ApiError(
        "FORBIDDEN",
        `Refused a ${c.req.method} sent from ${origin}: signed-in requests are accepted from this app's own pages only (use an API key for other clients)`,
      );
    }
  } else if (site !== undefined && site !== "same-origin" && site !== "none") {
    throw new ApiError(
      "FORBIDDEN",
      `Refused a ${c.req.method} sent from another site (Sec-Fetch-Site: ${site}); use an API key for other clients`,
    );
  }
  await next();
};
