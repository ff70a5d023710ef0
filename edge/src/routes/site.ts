import type { App } from "../context";
import { ApiError } from "../errors";
import { notFoundPage } from "../landing/page";
import { landingPolicy, newNonce, sitePolicy } from "../lib/csp";
import type { Db } from "../lib/db";
import { isLocalStack } from "../lib/deployment";
import { tryPageWith } from "../lib/try-page";
import { getSample } from "../services/try-it/samples";

const API_PATH = /^\/(api|nodes)(\/|$)/;
const DASHBOARD_PATH = /^\/app(\/|$)/;
/** Paths that name a page rather than a file (`/app/`, `/pricing`, `/index.html`). */
const PAGE_PATH = /(^|\/)([^/.]*|[^/]*\.html)$/;
/** The storefront's try page: `?sample=<id>` shows that sample, also to a browser without script. */
const TRY_PAGE = "/try/";

async function sampleOrGone(db: Db, workspaceId: string, id: string) {
  try {
    return { sample: await getSample(db, workspaceId, id.slice(0, 64)) };
  } catch (error) {
    if (error instanceof ApiError && error.code === "NOT_FOUND") return { error: error.message };
    throw error;
  }
}

/**
 * The site's HTML is our own build, so every script and style element in it is ours: each gets this
 * response's nonce, and the policy allows nothing else. The nonce changes per response, so an HTML
 * page must never be answered from a cache (a 304 would pair an old page with a new nonce).
 */
export function withNonces(res: Response, nonce: string, local: boolean, status = res.status): Response {
  const tagged = new HTMLRewriter()
    .on("script, style", {
      element(el) {
        el.setAttribute("nonce", nonce);
      },
    })
    .transform(res);
  const headers = new Headers(tagged.headers);
  headers.delete("etag");
  headers.delete("last-modified");
  headers.set("cache-control", "no-store");
  headers.set("content-security-policy", sitePolicy(nonce, local));
  return new Response(tagged.body, { status, headers });
}

/**
 * Everything on the app host outside /api and /nodes is the Astro site from the ASSETS binding.
 * Dashboard paths the build has no file for get /app/ so client-side routing can take over.
 */
export function registerSite(app: App) {
  app.use("*", async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (API_PATH.test(path)) return next();
    const env = c.get("env");
    const assets = env.ASSETS;
    if (!assets) {
      const nonce = newNonce();
      c.header("content-security-policy", landingPolicy(nonce, {}));
      return c.html(await notFoundPage(nonce), 404);
    }

    const headers = new Headers(c.req.raw.headers);
    if (PAGE_PATH.test(path)) {
      headers.delete("if-none-match");
      headers.delete("if-modified-since");
    }
    const request = new Request(c.req.raw, { headers });
    let res = await assets.fetch(request);
    if (res.status === 404 && DASHBOARD_PATH.test(path)) {
      res = await assets.fetch(new Request(new URL("/app/", c.req.url), { headers }));
    }
    const type = res.headers.get("content-type") ?? "";
    if (!type.startsWith("text/html")) return res;
    const sampleId = path === TRY_PAGE && res.ok ? c.req.query("sample") : undefined;
    if (sampleId) res = tryPageWith(res, await sampleOrGone(c.get("db"), env.TRY_IT_WORKSPACE_ID, sampleId));
    return withNonces(res, newNonce(), isLocalStack(env));
  });
}
