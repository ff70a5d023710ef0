import type { App } from "../context";
import { notFoundPage } from "./landing-page";

const API_PATH = /^\/(api|nodes)(\/|$)/;
const DASHBOARD_PATH = /^\/app(\/|$)/;

/**
 * Everything on the app host outside /api and /nodes is the Astro site from the ASSETS binding.
 * Dashboard paths the build has no file for get /app/ so client-side routing can take over.
 */
export function registerSite(app: App) {
  app.use("*", async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (API_PATH.test(path)) return next();
    const assets = c.get("env").ASSETS;
    if (!assets) return c.html(await notFoundPage(), 404);

    const res = await assets.fetch(c.req.raw);
    if (res.status !== 404 || !DASHBOARD_PATH.test(path)) return res;
    return assets.fetch(new Request(new URL("/app/", c.req.url), { headers: c.req.raw.headers }));
  });
}
