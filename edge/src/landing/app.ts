import { isPublicArtifact } from "@loom-lite/schema";
import type { App } from "../context";
import { inBackground } from "../lib/background";
import { calendarView } from "../lib/calendar-embeds";
import { landingPolicy, newNonce } from "../lib/csp";
import { serveMedia } from "../lib/media";
import { cdnUrl } from "../services/artifacts";
import { findAsset } from "../services/assets";
import { workspaceForCustomHost } from "../services/custom-domains";
import { announce, LEAD_EVENT_WEBHOOKS } from "../services/webhook-events";
import { acceptBeacon, trackerScript } from "./beacon";
import { cachedLandingLead } from "./cache";
import { classifyHost } from "./host";
import { landingPage, notFoundPage } from "./page";

const LEAD_PATH = /^\/([A-Za-z0-9_-]{1,64})\/?$/;
const MEDIA_PATH = /^\/([A-Za-z0-9_-]{1,64})\/([a-z]+\.[a-z0-9]+|logo)$/;
const BEACON_PATH = /^\/([A-Za-z0-9_-]{1,64})\/events$/;

/** The origin of a CDN base URL, for the page's media-src; null when there is none or it is not a URL. */
function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Requests for `<workspace>.<LANDING_DOMAIN>` or a customer's domain are landing pages and nothing else:
 * `/<lead>` and its media. Registered before every other route, so API, node and dashboard paths never
 * answer on such a host; a host that is neither the app nor a known workspace answers the 404 page.
 */
export function registerLanding(app: App) {
  app.use("*", async (c, next) => {
    // Requests made inside workerd (service bindings, tests) may carry no Host header; the URL has it.
    const rawHost = c.req.header("host") ?? new URL(c.req.url).host;
    const env = c.get("env");
    const host = classifyHost(rawHost, env);
    if (host.kind === "app") return next();

    if (host.kind === "moved") {
      const moved = new URL(c.req.url);
      moved.hostname = `${host.slug}.${env.LANDING_DOMAIN}`;
      return c.redirect(moved.href, 301);
    }
    c.header("x-robots-tag", "noindex, nofollow");
    // A lead's address is its key: it never leaves in a Referer, not even to the CTA or the calendar.
    c.header("referrer-policy", "same-origin");
    const nonce = newNonce();
    const htmlPage = async (
      body: Parameters<typeof c.html>[0],
      status: 200 | 404,
      from: Parameters<typeof landingPolicy>[1] = {},
    ) => {
      c.header("content-security-policy", landingPolicy(nonce, from));
      return c.html(await body, status);
    };
    const notFound = () => htmlPage(notFoundPage(nonce), 404);
    if (host.kind === "unknown") return notFound();
    const workspaceSlug =
      host.kind === "workspace" ? host.slug : await workspaceForCustomHost(c.get("db"), host.hostname);
    if (!workspaceSlug) return notFound();
    const path = new URL(c.req.url).pathname;

    const beacon = c.req.method === "POST" ? BEACON_PATH.exec(path) : null;
    if (beacon?.[1]) {
      const found = await cachedLandingLead(c.get("db"), workspaceSlug, beacon[1]);
      if (!found) return notFound();
      return acceptBeacon(c, found.lead, (recorded) => {
        const type = LEAD_EVENT_WEBHOOKS[recorded.type];
        if (!type) return;
        const { lead } = found;
        const policy = c.get("services").webhookDelivery;
        const data = {
          leadId: lead.leadId,
          campaignId: lead.campaignId,
          leadSlug: beacon[1],
          fields: lead.fields,
        };
        inBackground(c, `webhook ${type}`, (db) => announce(db, policy, lead.workspaceId, type, data));
      });
    }
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return notFound();

    const page = LEAD_PATH.exec(path);
    const media = page ? null : MEDIA_PATH.exec(path);
    const leadSlug = page?.[1] ?? media?.[1];
    if (!leadSlug) return notFound();
    const artifact = media?.[2];
    if (artifact !== undefined && artifact !== "logo" && !isPublicArtifact(artifact)) return notFound();

    const found = await cachedLandingLead(c.get("db"), workspaceSlug, leadSlug);
    if (!found) return notFound();
    const { lead } = found;

    if (artifact === undefined) {
      c.header("cache-control", "private, no-cache");
      c.header("x-landing-cache", found.from);
      const origin = `${new URL(c.req.url).protocol}//${rawHost}`;
      const calendar = calendarView(lead.landing.calendarUrl, env.CALENDAR_EMBED_HOSTS);
      const parts = { nonce, calendar, script: trackerScript(nonce) };
      return htmlPage(landingPage(lead, { origin, leadSlug }, parts), 200, {
        media: lead.media?.storage === "bunny" ? originOf(lead.media.cdnBaseUrl) : null,
        calendar: calendar?.kind === "embed" ? calendar.origin : null,
      });
    }
    const cdn = artifact === "logo" ? null : cdnUrl(lead.media, artifact, lead.artifacts?.[artifact]);
    if (cdn) return c.redirect(cdn, 302);
    const key =
      artifact === "logo"
        ? lead.look.logoAssetId &&
          (await findAsset(c.get("db"), lead.workspaceId, lead.look.logoAssetId))?.storageKey
        : lead.artifacts?.[artifact];
    const res = key ? await serveMedia(env.MEDIA, key, c.req.raw) : null;
    if (!res) return notFound();
    res.headers.set("x-robots-tag", "noindex, nofollow");
    return res;
  });
}
