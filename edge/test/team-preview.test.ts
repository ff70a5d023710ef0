import { env, SELF } from "cloudflare:test";
import { webhookDeliveries } from "@loom-lite/schema/db";
import { waitFor } from "@loom-lite/testkit/wait";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { previewUrl } from "../src/landing/team-mark";
import { authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { beaconOn, eventsOf, leadWithVideo, onLanding, openAsTeam, setCookies } from "./helpers/landing";

/**
 * A rep opening a lead's page from the dashboard is marked as the team on that landing host, and what
 * a marked browser does never counts as the prospect's: funnel, figures, daily counts, watchers and
 * webhooks leave it out, the timeline shows it apart.
 */

const originOf = (account: TestAccount) => `http://${account.workspaceSlug}.localhost`;

async function figuresOf(account: TestAccount, campaignId: string, leadId: string) {
  const call = authed(account.cookie);
  const json = async (path: string) => (await call(path)).json() as Promise<Record<string, unknown>>;
  const campaign = (await json(`/api/campaigns/${campaignId}`)) as { figures: { views: number } };
  const daily = (await json(`/api/analytics/daily?days=1&campaignId=${campaignId}`)) as {
    days: Array<{ views: number; plays: number; clicks: number }>;
  };
  const watchers = (await json("/api/analytics/watchers")) as { watchers: Array<{ leadId: string }> };
  return {
    funnel: await json(`/api/campaigns/${campaignId}/funnel`),
    views: campaign.figures.views,
    today: daily.days[0],
    watched: watchers.watchers.some((w) => w.leadId === leadId),
  };
}

describe("the dashboard's preview link", () => {
  it("redirects a member to the page with a token, which the landing host trades for the team cookie and drops", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const toLanding = await authed(account.cookie)(`/api/leads/${lead.id}/preview`, { redirect: "manual" });
    expect(toLanding.status, await toLanding.clone().text()).toBe(302);
    expect(toLanding.headers.get("cache-control")).toContain("no-store");
    const withToken = new URL(toLanding.headers.get("location") ?? "");
    expect(`${withToken.origin}${withToken.pathname}`).toBe(`${originOf(account)}/${lead.slug}`);
    expect(withToken.searchParams.get("preview")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const marked = await onLanding(withToken.href);
    expect(marked.status, await marked.clone().text()).toBe(302);
    expect(marked.headers.get("location"), "the same address without the token").toBe(`/${lead.slug}`);
    expect(marked.headers.get("cache-control")).toContain("no-store");
    const cookies = setCookies(marked);
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0] ?? "";
    expect(cookie).toMatch(/^ll_team=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Domain=/i);
    expect(cookie, "plain http: not Secure").not.toMatch(/; Secure/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1]), "long-lived").toBeGreaterThan(180 * 86_400);

    // The marked browser sees the page (with the team note), and nothing sets a cookie again.
    const page = await onLanding(`${originOf(account)}/${lead.slug}`, { cookie: cookie.split(";")[0] });
    const html = await page.text();
    expect(page.status, html.slice(0, 300)).toBe(200);
    expect(setCookies(page)).toEqual([]);
    expect(page.headers.get("vary")).toMatch(/cookie/i);
    expect(page.headers.get("cache-control")).toContain("private");
    expect(html).toContain('data-audience="team"');
    // A prospect's browser gets the same page without it.
    const prospect = await onLanding(`${originOf(account)}/${lead.slug}`);
    expect(await prospect.text()).not.toContain('data-audience="team"');
    expect(setCookies(prospect)).toEqual([]);
  });

  it("on https sets a Secure __Host- cookie, which marks the browser there", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const origin = `https://${account.workspaceSlug}.localhost`;
    const url = await previewUrl(env.BETTER_AUTH_SECRET, `${origin}/${lead.slug}`, {
      workspaceId: account.workspaceId,
      leadId: lead.id,
    });
    const marked = await onLanding(url);
    expect(marked.status, await marked.clone().text()).toBe(302);
    const cookie = setCookies(marked)[0] ?? "";
    expect(cookie).toMatch(/^__Host-ll_team=/);
    expect(cookie).toMatch(/; Secure/);
    const mark = cookie.split(";")[0];
    expect((await beaconOn(origin, lead.slug, { type: "view", visitId: "rep-https" }, mark)).status).toBe(
      204,
    );
    expect(await eventsOf(lead.id)).toEqual([{ type: "view", audience: "team", visitId: "rep-https" }]);
  });
});

describe("what a team member does on a lead's page", () => {
  it("is recorded as the team's, and the funnel, figures, daily counts and watchers ignore it", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadWithVideo(account);
    const mark = await openAsTeam(account, lead.id);
    const origin = originOf(account);
    for (const body of [
      { type: "view", visitId: "rep" },
      { type: "play", visitId: "rep" },
      { type: "progress", percent: 50, visitId: "rep" },
      { type: "cta_click", visitId: "rep" },
    ]) {
      expect((await beaconOn(origin, lead.slug, body, mark)).status).toBe(204);
    }
    expect((await eventsOf(lead.id)).map((e) => e.audience)).toEqual(["team", "team", "team", "team"]);
    const untouched = await figuresOf(account, campaign.id, lead.id);
    expect(untouched).toEqual({
      funnel: { leads: 1, sent: 1, viewed: 0, played: 0, watchedHalf: 0, clicked: 0, booked: 0 },
      views: 0,
      today: expect.objectContaining({ views: 0, plays: 0, clicks: 0 }),
      watched: false,
    });

    // The prospect (no cookie) moves every figure.
    expect((await beaconOn(origin, lead.slug, { type: "view", visitId: "prospect" })).status).toBe(204);
    expect((await beaconOn(origin, lead.slug, { type: "play", visitId: "prospect" })).status).toBe(204);
    const moved = await figuresOf(account, campaign.id, lead.id);
    expect(moved).toEqual({
      funnel: { leads: 1, sent: 1, viewed: 1, played: 1, watchedHalf: 0, clicked: 0, booked: 0 },
      views: 1,
      today: expect.objectContaining({ views: 1, plays: 1, clicks: 0 }),
      watched: true,
    });

    // The timeline keeps both, each with its audience.
    const timeline = (await (await authed(account.cookie)(`/api/leads/${lead.id}/timeline`)).json()) as {
      events: Array<{ type: string; audience: string; visitId: string }>;
    };
    expect(timeline.events.map((e) => `${e.audience}:${e.type}`)).toEqual([
      "team:view",
      "team:play",
      "team:progress",
      "team:cta_click",
      "prospect:view",
      "prospect:play",
    ]);
  });

  it("is never announced to the workspace's webhooks; the prospect's same event is", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const hook = await authed(account.cookie)("/api/webhooks", {
      method: "POST",
      json: { url: `${inject("fakeUrl")}/hooks/team-preview-${lead.id}`, events: ["lead.viewed"] },
    });
    expect(hook.status, await hook.clone().text()).toBe(201);
    const mark = await openAsTeam(account, lead.id);
    const origin = originOf(account);
    expect((await beaconOn(origin, lead.slug, { type: "view", visitId: "rep" }, mark)).status).toBe(204);
    expect((await beaconOn(origin, lead.slug, { type: "view", visitId: "prospect" })).status).toBe(204);
    const deliveries = () =>
      withDb((db) =>
        db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, account.workspaceId)),
      );
    // The team's view was handled first; once the prospect's is delivered, the team's would be too.
    await waitFor("the prospect's delivery", async () => (await deliveries()).length > 0, 10_000, 100);
    expect((await deliveries()).map((d) => d.event)).toEqual(["lead.viewed"]);
  });

  it("keeps the mark to its own landing host's workspace: another workspace's page counts the same browser as a prospect", async () => {
    const rep = await signUp("Rep");
    const other = await signUp("Other");
    const { lead: own } = await leadWithVideo(rep);
    const { lead: theirs } = await leadWithVideo(other);
    const mark = await openAsTeam(rep, own.id);
    const body = { type: "view", visitId: "same-browser" };
    expect((await beaconOn(originOf(other), theirs.slug, body, mark)).status).toBe(204);
    expect(await eventsOf(theirs.id)).toEqual([
      { type: "view", audience: "prospect", visitId: "same-browser" },
    ]);
  });
});

describe("a landing request carrying the preview parameter", () => {
  it("is not a page of its own in the cache: the prospect's view of the same page after a rep's is served without a cookie", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    await openAsTeam(account, lead.id);
    const again = await SELF.fetch(`${originOf(account)}/${lead.slug}`, { redirect: "manual" });
    expect(again.status).toBe(200);
    expect(setCookies(again)).toEqual([]);
    expect(await again.text()).not.toContain('data-audience="team"');
  });
});
