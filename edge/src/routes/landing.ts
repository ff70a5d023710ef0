import type { App } from "../context";
import { serveMedia } from "../lib/media";
import { findAsset } from "../services/assets";
import { findLandingLead, landingHostSlug, PUBLIC_ARTIFACTS, type PublicArtifact } from "../services/landing";
import { landingPage, notFoundPage } from "./landing-page";

const LEAD_PATH = /^\/([A-Za-z0-9_-]{1,64})\/?$/;
const MEDIA_PATH = /^\/([A-Za-z0-9_-]{1,64})\/([a-z]+\.[a-z0-9]+|logo)$/;

function isPublicArtifact(name: string): name is PublicArtifact {
  return (PUBLIC_ARTIFACTS as readonly string[]).includes(name);
}

/**
 * Requests for `<workspace>.<APP_DOMAIN>` are landing pages and nothing else: `/<lead>` and its media.
 * Registered before every other route, so API, node and dashboard paths never answer on such a host.
 */
export function registerLanding(app: App) {
  app.use("*", async (c, next) => {
    // Requests made inside workerd (service bindings, tests) may carry no Host header; the URL has it.
    const host = c.req.header("host") ?? new URL(c.req.url).host;
    const workspaceSlug = landingHostSlug(host, c.get("env").APP_DOMAIN);
    if (!workspaceSlug) return next();

    c.header("x-robots-tag", "noindex, nofollow");
    const notFound = async () => c.html(await notFoundPage(), 404);
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return notFound();

    const path = new URL(c.req.url).pathname;
    const page = LEAD_PATH.exec(path);
    const media = page ? null : MEDIA_PATH.exec(path);
    const leadSlug = page?.[1] ?? media?.[1];
    if (!leadSlug) return notFound();
    const artifact = media?.[2];
    if (artifact !== undefined && artifact !== "logo" && !isPublicArtifact(artifact)) return notFound();

    const lead = await findLandingLead(c.get("db"), workspaceSlug, leadSlug);
    if (!lead) return notFound();

    if (artifact === undefined) {
      c.header("cache-control", "private, no-cache");
      return c.html(await landingPage(lead, leadSlug), 200);
    }
    const key =
      artifact === "logo"
        ? lead.look.logoAssetId &&
          (await findAsset(c.get("db"), lead.workspaceId, lead.look.logoAssetId))?.storageKey
        : lead.artifacts?.[artifact];
    const res = key ? await serveMedia(c.get("env").MEDIA, key, c.req.raw) : null;
    if (!res) return notFound();
    res.headers.set("x-robots-tag", "noindex, nofollow");
    return res;
  });
}
