import { env, SELF } from "cloudflare:test";
import { leadEvents } from "@loom-lite/schema/db";
import { asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { authed, type TestAccount } from "./accounts";
import { withDb } from "./db";
import { finishedRender, seedRender } from "./factories";
import { addLeads, createCampaign, FAKE_MP4 } from "./fixtures";

export const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

/** A campaign with one lead whose render finished, its video in R2 like a node leaves it. */
export async function leadWithVideo(account: TestAccount, firstName = "Ada") {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, {});
  const [lead] = await addLeads(call, campaign.id, [{ first_name: firstName, website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  const renderId = `rnd_preview_${lead.id.slice(3)}`;
  const key = `ws/${account.workspaceId}/renders/${renderId}/video.mp4`;
  await env.MEDIA.put(key, FAKE_MP4);
  await seedRender(
    finishedRender(account, campaign, lead, { id: renderId, artifacts: { "video.mp4": key } }),
  );
  return { campaign, lead };
}

/** A request to a landing host, redirects not followed, optionally with a `Cookie` header. */
export function onLanding(url: string, init: { cookie?: string; method?: string; body?: string } = {}) {
  const headers = new Headers({ "user-agent": CHROME });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.body) headers.set("content-type", "application/json");
  return SELF.fetch(url, { method: init.method ?? "GET", headers, body: init.body, redirect: "manual" });
}

/** The page's beacon on `origin` (e.g. `http://acme.localhost`), as its tracker sends it. */
export function beaconOn(origin: string, leadSlug: string, body: unknown, cookie?: string) {
  return onLanding(`${origin}/${leadSlug}/events`, { method: "POST", body: JSON.stringify(body), cookie });
}

/** `name=value` pairs of a response's Set-Cookie headers, and the headers themselves. */
export function setCookies(res: Response): string[] {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
}

/**
 * Follows the dashboard's preview link of a lead as a signed-in member's browser would: the app's
 * redirect to the landing page with a token, then the landing host's redirect without it. Answers the
 * team cookie (`name=value`) the landing host set.
 */
export async function openAsTeam(account: TestAccount, leadId: string): Promise<string> {
  const toLanding = await authed(account.cookie)(`/api/leads/${leadId}/preview`, { redirect: "manual" });
  expect(toLanding.status, await toLanding.clone().text()).toBe(302);
  const withToken = toLanding.headers.get("location") ?? "";
  const marked = await onLanding(withToken);
  expect(marked.status, await marked.clone().text()).toBe(302);
  const [cookie] = setCookies(marked);
  if (!cookie) throw new Error("the landing host set no cookie");
  return cookie.split(";")[0] as string;
}

export async function eventsOf(leadId: string) {
  return withDb((db) =>
    db
      .select({ type: leadEvents.type, audience: leadEvents.audience, visitId: leadEvents.visitId })
      .from(leadEvents)
      .where(eq(leadEvents.leadId, leadId))
      .orderBy(asc(leadEvents.id)),
  );
}
