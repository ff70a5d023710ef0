import { isPublicArtifact } from "@loom-lite/schema";
import type { Context } from "hono";
import { createApp } from "../app";
import type { App, AppEnv } from "../context";
import { inBackground } from "../lib/background";
import { calendarView } from "../lib/calendar-embeds";
import { landingPolicy, newNonce } from "../lib/csp";
import { serveMedia } from "../lib/media";
import { cdnUrl } from "../services/artifacts";
import { findAsset } from "../services/assets";
import { landingCarriesBranding } from "../services/billing/branding";
import { workspaceForCustomHost } from "../services/custom-domains";
import { dedupeKeyOf } from "../services/lead-events";
import { alertMailerFor } from "../services/watch-alerts/mailer";
import { alertKindOf, raiseWatchAlerts } from "../services/watch-alerts/raise";
import { announce, LEAD_EVENT_WEBHOOKS } from "../services/webhook-events";
import { acceptBeacon, type Beacon, trackerScript } from "./beacon";
import { cachedLandingLead } from "./cache";
import { classifyHost, hostOf } from "./host";
import type { LandingLead } from "./leads";
import { landingPage, notFoundPage } from "./page";
import { acceptPreviewToken, isTeamBrowser } from "./team-mark";

const LEAD = ":lead{[A-Za-z0-9_-]{1,64}}";
const ARTIFACT = ":artifact{[a-z]+\\.[a-z0-9]+|logo|photo}";
const STABLE_PATH_CACHE = "private, no-cache";

/** The origin of a CDN base URL, for the page's media-src; null when there is none or it is not a URL. */
function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The per-request nonce of a landing response (its CSP and its inline script share it). */
const nonces = new WeakMap<Request, string>();
const nonceOf = (c: Context<AppEnv>) => nonces.get(c.req.raw) ?? "";

async function htmlPage(
  c: Context<AppEnv>,
  body: Parameters<Context<AppEnv>["html"]>[0],
  status: 200 | 404,
  from: Parameters<typeof landingPolicy>[1] = {},
) {
  c.header("content-security-policy", landingPolicy(nonceOf(c), from));
  return c.html(await body, status);
}

const notFound = (c: Context<AppEnv>) => htmlPage(c, notFoundPage(nonceOf(c)), 404);

/**
 * The workspace whose pages this host shows: `<slug>.<LANDING_DOMAIN>`, or the workspace of a verified
 * custom domain; null for anything else.
 */
async function workspaceSlugOf(c: Context<AppEnv>): Promise<string | null> {
  const host = classifyHost(hostOf(c.req.raw), c.get("env"));
  if (host.kind === "workspace") return host.slug;
  if (host.kind === "custom") return workspaceForCustomHost(c.get("db"), host.hostname);
  return null;
}

/** The lead a landing request is about, from the cache; null when the host or the slug is nobody's. */
async function landingLead(c: Context<AppEnv>, leadSlug: string) {
  const workspaceSlug = await workspaceSlugOf(c);
  return workspaceSlug ? cachedLandingLead(c.get("db"), workspaceSlug, leadSlug) : null;
}

/** A newly recorded event that can be a watch alert: raised (and e-mailed) after the beacon's answer. */
function alertTheTeam(c: Context<AppEnv>, lead: LandingLead, recorded: Beacon) {
  const percent = recorded.type === "progress" ? recorded.percent : undefined;
  if (!alertKindOf({ type: recorded.type, percent })) return;
  const dedupeKey = dedupeKeyOf({
    workspaceId: lead.workspaceId,
    campaignId: lead.campaignId,
    leadId: lead.leadId,
    type: recorded.type,
    percent,
    visitId: recorded.visitId,
  });
  const mailer = alertMailerFor(c.get("env"), c.get("log"));
  inBackground(c, "watch alerts", (db) => raiseWatchAlerts(db, mailer, { leadId: lead.leadId, dedupeKey }));
}

/**
 * The landing sub-app: what `<workspace>.<LANDING_DOMAIN>` and customers' domains answer, and nothing
 * else: `GET /<lead>` (the page), `GET /<lead>/<artifact|logo>` (its media), `POST /<lead>/events`
 * (the page's beacon). Every other request on such a host gets the 404 page.
 */
export function createLandingApp(): App {
  const landing = createApp();

  landing.use("*", async (c, next) => {
    nonces.set(c.req.raw, newNonce());
    c.header("x-robots-tag", "noindex, nofollow");
    // A lead's address is its key: it never leaves in a Referer, not even to the CTA or the calendar.
    c.header("referrer-policy", "same-origin");
    await next();
  });

  landing.post(`/${LEAD}/events`, async (c) => {
    const leadSlug = c.req.param("lead");
    const found = await landingLead(c, leadSlug);
    if (!found) return notFound(c);
    const { lead } = found;
    return acceptBeacon(c, lead, (recorded) => {
      alertTheTeam(c, lead, recorded);
      const type = LEAD_EVENT_WEBHOOKS[recorded.type];
      if (!type) return;
      const policy = c.get("services").webhookDelivery;
      const data = { leadId: lead.leadId, campaignId: lead.campaignId, leadSlug, fields: lead.fields };
      inBackground(c, `webhook ${type}`, (db) => announce(db, policy, lead.workspaceId, type, data));
    });
  });

  const page = async (c: Context<AppEnv>) => {
    const leadSlug = c.req.param("lead") ?? "";
    const found = await landingLead(c, leadSlug);
    if (!found) return notFound(c);
    const { lead } = found;
    const subject = { workspaceId: lead.workspaceId, leadId: lead.leadId };
    const marked = await acceptPreviewToken(c, subject);
    if (marked) return marked;
    // The page says so to a team member, so it differs by cookie: no shared cache may keep it.
    c.header("cache-control", "private, no-cache");
    c.header("vary", "Cookie");
    c.header("x-landing-cache", found.from);
    const origin = `${new URL(c.req.url).protocol}//${hostOf(c.req.raw)}`;
    const calendar = calendarView(lead.landing.calendarUrl, c.get("env").CALENDAR_EMBED_HOSTS);
    const nonce = nonceOf(c);
    const parts = {
      nonce,
      calendar,
      script: trackerScript(nonce),
      loomLiteBranding: c.get("env").billing !== null && landingCarriesBranding(lead, new Date()),
      teamView: await isTeamBrowser(c, lead.workspaceId),
    };
    return htmlPage(c, landingPage(lead, { origin, leadSlug }, parts), 200, {
      media: lead.media?.storage === "bunny" ? originOf(lead.media.cdnBaseUrl) : null,
      calendar: calendar?.kind === "embed" ? calendar.origin : null,
    });
  };
  landing.get(`/${LEAD}`, page);
  landing.get(`/${LEAD}/`, page);

  landing.get(`/${LEAD}/${ARTIFACT}`, async (c) => {
    const artifact = c.req.param("artifact");
    const image = artifact === "logo" || artifact === "photo";
    if (!image && !isPublicArtifact(artifact)) return notFound(c);
    const found = await landingLead(c, c.req.param("lead"));
    if (!found) return notFound(c);
    const { lead } = found;
    // These paths stay the same across re-renders and logo changes: the browser keeps its copy but asks
    // again every time (a 304 by ETag while nothing changed), so a new video shows at once, not in an hour.
    c.header("cache-control", STABLE_PATH_CACHE);
    const cdn = image ? null : cdnUrl(lead.media, artifact, lead.artifacts?.[artifact]);
    if (cdn) return c.redirect(cdn, 302);
    const imageId = artifact === "logo" ? lead.look.logoAssetId : lead.landing.repPhotoAssetId;
    const key = image
      ? imageId && (await findAsset(c.get("db"), lead.workspaceId, imageId))?.storageKey
      : lead.artifacts?.[artifact];
    const res = key ? await serveMedia(c.get("env").MEDIA, key, c.req.raw) : null;
    if (!res) return notFound(c);
    res.headers.set("cache-control", STABLE_PATH_CACHE);
    res.headers.set("x-robots-tag", "noindex, nofollow");
    return res;
  });

  landing.notFound((c) => notFound(c));
  return landing;
}

/**
 * Host dispatch, registered before every other route: the platform's own hosts go on to the API,
 * dashboard and node routes; `<slug>.<APP_DOMAIN>` links from before landing pages had their own domain
 * are redirected there; every other host is handed to the landing sub-app, so API, node and dashboard
 * paths never answer on it.
 */
export function registerLanding(app: App) {
  const landing = createLandingApp();
  app.use("*", async (c, next) => {
    const env = c.get("env");
    const host = classifyHost(hostOf(c.req.raw), env);
    if (host.kind === "app") return next();
    if (host.kind === "moved") {
      const moved = new URL(c.req.url);
      moved.hostname = `${host.slug}.${env.LANDING_DOMAIN}`;
      return c.redirect(moved.href, 301);
    }
    return landing.fetch(c.req.raw, c.env, c.executionCtx);
  });
}
