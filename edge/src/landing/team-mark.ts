import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../context";
import { type SignedClaimsKey, signClaims, verifiedClaims } from "../lib/signed-claims";
import { hostOf } from "./host";

/**
 * Telling the team's visits from the prospect's. Landing hosts never see the dashboard's session, so
 * the dashboard opens a lead's page through a preview link: the page's address with a short-lived
 * token bound to the workspace, the lead and the landing host. The landing host trades a valid token
 * for a long-lived first-party cookie of its own (the team mark, bound to the workspace) and sends the
 * browser on to the address without the token, so what a rep copies from the address bar is the
 * prospect's link. The page's beacon records events from a marked browser as the team's.
 */

/** The query parameter that carries a preview token. */
export const PREVIEW_PARAM = "preview";
/** Long enough to follow a redirect or two; the dashboard asks for a fresh one on every click. */
export const PREVIEW_TOKEN_TTL_MS = 5 * 60_000;
/** A year; browsers cap cookies at 400 days. */
const TEAM_MARK_TTL_S = 365 * 86_400;
const TEAM_MARK_COOKIE = "ll_team";

const previewKey = (secret: string): SignedClaimsKey => ({ secret, purpose: "landing-preview" });
const markKey = (secret: string): SignedClaimsKey => ({ secret, purpose: "landing-team-mark" });

export interface PreviewSubject {
  workspaceId: string;
  leadId: string;
}

/** `landingUrl` (the lead's public address) with a preview token for a signed-in member. */
export async function previewUrl(
  secret: string,
  landingUrl: string,
  subject: PreviewSubject,
  now = new Date(),
): Promise<string> {
  const url = new URL(landingUrl);
  const token = await signClaims(
    previewKey(secret),
    { ws: subject.workspaceId, lead: subject.leadId, host: url.host.toLowerCase() },
    new Date(now.getTime() + PREVIEW_TOKEN_TTL_MS),
    now,
  );
  url.searchParams.set(PREVIEW_PARAM, token);
  return url.href;
}

const isSecure = (c: Context<AppEnv>) => new URL(c.req.url).protocol === "https:";

/**
 * When the request carries a valid preview token for this lead on this host: the response that sets
 * the team mark and redirects to the same address without the token. Null for no token, or one that
 * is forged, expired, or for another workspace, lead or host: the page is then served as to anyone.
 */
export async function acceptPreviewToken(
  c: Context<AppEnv>,
  subject: PreviewSubject,
): Promise<Response | null> {
  const token = c.req.query(PREVIEW_PARAM);
  if (!token) return null;
  const secret = c.get("env").BETTER_AUTH_SECRET;
  const claims = await verifiedClaims(previewKey(secret), token);
  if (
    !claims ||
    claims.ws !== subject.workspaceId ||
    claims.lead !== subject.leadId ||
    claims.host !== hostOf(c.req.raw).toLowerCase()
  ) {
    return null;
  }
  const secure = isSecure(c);
  const mark = await signClaims(
    markKey(secret),
    { ws: subject.workspaceId },
    new Date(Date.now() + TEAM_MARK_TTL_S * 1000),
  );
  setCookie(c, TEAM_MARK_COOKIE, mark, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    maxAge: TEAM_MARK_TTL_S,
    ...(secure ? { prefix: "host" as const } : {}),
  });
  const clean = new URL(c.req.url);
  clean.searchParams.delete(PREVIEW_PARAM);
  // The answer carries a cookie: no cache may keep it for anyone else.
  c.header("cache-control", "private, no-store");
  return c.redirect(`${clean.pathname}${clean.search}`, 302);
}

/** Whether this browser carries the team mark of `workspaceId` on this landing host. */
export async function isTeamBrowser(c: Context<AppEnv>, workspaceId: string): Promise<boolean> {
  const value = isSecure(c) ? getCookie(c, TEAM_MARK_COOKIE, "host") : getCookie(c, TEAM_MARK_COOKIE);
  if (!value) return false;
  const claims = await verifiedClaims(markKey(c.get("env").BETTER_AUTH_SECRET), value);
  return claims?.ws === workspaceId;
}
