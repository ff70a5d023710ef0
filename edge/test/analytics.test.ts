import { env, SELF } from "cloudflare:test";
import { leadEvents } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { finishedRender, seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError, FAKE_MP4 } from "./helpers/fixtures";
import { freshAddress, limitedWorker } from "./helpers/worker-with";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** What link unfurlers and mail scanners send, as published by their owners or seen in logs. */
const NOT_PEOPLE = [
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "Slack-ImgProxy (+https://api.slack.com/robots)",
  "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  "Twitterbot/1.0",
  "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "WhatsApp/2.23.20.0 A",
  "TelegramBot (like TwitterBot)",
  "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
  "Mozilla/4.0 (compatible; ms-office; MSOffice 16)",
  "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) SafeLinks/1.0",
  "Barracuda Sentinel (EE)",
  "Proofpoint URL Defense",
  "Mimecast URL Protect",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
  "",
];

async function leadWithVideo(account: TestAccount) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, { landing: { ctaUrl: "https://cal.example.com/x" } });
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  const renderId = `rnd_analytics_${lead.id.slice(3)}`;
  const key = `ws/${account.workspaceId}/renders/${renderId}/video.mp4`;
  await env.MEDIA.put(key, FAKE_MP4);
  await seedRender(
    finishedRender(account, campaign, lead, {
      id: renderId,
      artifacts: { "video.mp4": key },
    }),
  );
  return { campaign, lead };
}

function beacon(account: TestAccount, slug: string, body: unknown, userAgent = CHROME) {
  return SELF.fetch(`http://${account.workspaceSlug}.localhost/${slug}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": userAgent },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function eventsOf(leadId: string) {
  return withDb((db) => db.select().from(leadEvents).where(eq(leadEvents.leadId, leadId)));
}

describe("landing page beacon", () => {
  it("the page carries the tracker that beacons to its own events path", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const html = await (await SELF.fetch(`http://${account.workspaceSlug}.localhost/${lead.slug}`)).text();
    expect(html).toContain("navigator.sendBeacon");
    expect(html).toContain('"/events"');
    expect(html).toContain('data-track="cta"');
    expect(html).toMatch(/event_scheduled\|bookingSuccessful\|meetingBookSucceeded/);
  });

  it("records a person's events and ignores link-preview bots and mail scanners", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    for (const ua of NOT_PEOPLE) {
      const res = await beacon(account, lead.slug, { type: "view", visitId: "v1" }, ua);
      expect(res.status, `${ua}: ${await res.text()}`).toBe(204);
    }
    expect(await eventsOf(lead.id), "no bot is counted").toEqual([]);

    for (const body of [
      { type: "view", visitId: "v2" },
      { type: "play", visitId: "v2" },
      { type: "progress", percent: 25, visitId: "v2" },
      { type: "progress", percent: 50, visitId: "v2" },
      { type: "cta_click", visitId: "v2" },
      { type: "booked", visitId: "v2" },
    ]) {
      const res = await beacon(account, lead.slug, body, IPHONE);
      expect(res.status, await res.text()).toBe(204);
    }
    const rows = await eventsOf(lead.id);
    expect(rows.map((r) => [r.type, r.percent])).toEqual([
      ["view", null],
      ["play", null],
      ["progress", 25],
      ["progress", 50],
      ["cta_click", null],
      ["booked", null],
    ]);
    expect(rows.every((r) => r.workspaceId === account.workspaceId && r.visitId === "v2")).toBe(true);
  });

  it("refuses a malformed beacon with 400 naming the field, and an unknown lead with 404", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    await expectError(
      await beacon(account, lead.slug, { type: "progress", percent: 33 }),
      400,
      "BAD_REQUEST",
      /percent/,
    );
    await expectError(await beacon(account, lead.slug, { type: "teleport" }), 400, "BAD_REQUEST", /type/);
    await expectError(await beacon(account, lead.slug, "{not json"), 400, "BAD_REQUEST", /body/);
    const other = await signUp();
    const res = await beacon(other, lead.slug, { type: "view" });
    expect(res.status).toBe(404);
    expect(await eventsOf(lead.id)).toEqual([]);
  });
});

describe("beacon abuse", () => {
  const pageOf = (account: TestAccount, slug: string) =>
    `http://${account.workspaceSlug}.localhost/${slug}/events`;

  it("records each event once per visit, however often the beacon is replayed", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    for (let i = 0; i < 5; i += 1) {
      for (const body of [
        { type: "view", visitId: "replayed" },
        { type: "cta_click", visitId: "replayed" },
        { type: "progress", percent: 50, visitId: "replayed" },
        {
          type: "booked",
          visitId: "replayed",
          calendarEventId: "https://api.calendly.com/scheduled_events/AAA",
        },
        {
          type: "booked",
          visitId: `other-${i}`,
          calendarEventId: "https://api.calendly.com/scheduled_events/AAA",
        },
      ]) {
        const res = await beacon(account, lead.slug, body);
        expect(res.status, await res.text()).toBe(204);
      }
    }
    const rows = await eventsOf(lead.id);
    expect(rows.map((r) => [r.type, r.percent]).sort()).toEqual([
      ["booked", null],
      ["cta_click", null],
      ["progress", 50],
      ["view", null],
    ]);
    // Another visit is another view; another calendar event is another booking.
    expect((await beacon(account, lead.slug, { type: "view", visitId: "next" })).status).toBe(204);
    expect(
      (await beacon(account, lead.slug, { type: "booked", visitId: "next", calendarEventId: "BBB" })).status,
    ).toBe(204);
    expect((await eventsOf(lead.id)).filter((r) => r.type === "view" || r.type === "booked")).toHaveLength(4);
  });

  it("refuses a beacon without the page's visit id, so nothing is counted outside a visit", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    await expectError(await beacon(account, lead.slug, { type: "cta_click" }), 400, "BAD_REQUEST", /visitId/);
    await expectError(
      await beacon(account, lead.slug, { type: "view", visitId: "<script>" }),
      400,
      "BAD_REQUEST",
      /visitId/,
    );
    expect(await eventsOf(lead.id)).toEqual([]);
  });

  it("answers 429 past the limit per address, while another address is still counted", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const call = limitedWorker("beacon_ip=3/10m");
    const attacker = freshAddress();
    const send = (ip: string, visitId: string) =>
      call(pageOf(account, lead.slug), {
        method: "POST",
        ip,
        headers: { "user-agent": CHROME },
        json: { type: "cta_click", visitId },
      });
    for (let i = 0; i < 3; i += 1) expect((await send(attacker, `flood-${i}`)).status).toBe(204);
    const refused = await send(attacker, "flood-3");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectError(refused, 429, "RATE_LIMITED", /page events from this address/);
    expect(await eventsOf(lead.id)).toHaveLength(3);
    expect((await send(freshAddress(), "person")).status).toBe(204);
    expect(await eventsOf(lead.id)).toHaveLength(4);
  });

  it("answers 429 past the limit per lead from any number of addresses, and caps bookings per lead and day", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const call = limitedWorker("beacon_lead=4/1h,booking_lead=2/1d");
    const send = (json: unknown) =>
      call(pageOf(account, lead.slug), {
        method: "POST",
        ip: freshAddress(),
        headers: { "user-agent": CHROME },
        json,
      });
    for (let i = 0; i < 3; i += 1) {
      expect((await send({ type: "booked", visitId: `v${i}`, calendarEventId: `forged-${i}` })).status).toBe(
        i < 2 ? 204 : 429,
      );
    }
    expect((await eventsOf(lead.id)).filter((r) => r.type === "booked")).toHaveLength(2);
    expect((await send({ type: "view", visitId: "v9" })).status).toBe(204);
    await expectError(
      await send({ type: "view", visitId: "v10" }),
      429,
      "RATE_LIMITED",
      /page events for this lead/,
    );
    expect(await eventsOf(lead.id)).toHaveLength(3);
  });

  it("refuses an oversized body before reading it: by Content-Length, and a stream without one stops at the cap", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const declared = await SELF.fetch(pageOf(account, lead.slug), {
      method: "POST",
      headers: { "user-agent": CHROME, "content-type": "application/json" },
      body: JSON.stringify({ type: "view", visitId: "big", pad: "x".repeat(64 * 1024) }),
    });
    await expectError(declared, 400, "BAD_REQUEST", /at most 1 KB/);

    let pulled = 0;
    const chunk = new TextEncoder().encode(" ".repeat(512));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 10_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await limitedWorker("")(pageOf(account, lead.slug), {
      method: "POST",
      ip: freshAddress(),
      headers: { "user-agent": CHROME, "content-type": "application/json" },
      body: endless,
    });
    await expectError(streamed, 400, "BAD_REQUEST", /at most 1 KB/);
    expect(pulled, "chunks read before the refusal").toBeLessThanOrEqual(4);
    expect(await eventsOf(lead.id)).toEqual([]);
  });
});

describe("analytics API", () => {
  async function watchedLead() {
    const account = await signUp();
    const { campaign, lead } = await leadWithVideo(account);
    const call = authed(account.cookie);
    const [silent] = await addLeads(call, campaign.id, [{ first_name: "Silent", website: "example.org" }]);
    // Two visits: the first only opened the page, the second watched and clicked.
    for (const body of [
      { type: "view", visitId: "first" },
      { type: "view", visitId: "second" },
      { type: "play", visitId: "second" },
      { type: "progress", percent: 25, visitId: "second" },
      { type: "progress", percent: 50, visitId: "second" },
      { type: "progress", percent: 75, visitId: "second" },
      { type: "cta_click", visitId: "second" },
    ]) {
      expect((await beacon(account, lead.slug, body)).status).toBe(204);
    }
    return { account, call, campaign, lead, silent };
  }

  it("gives the campaign funnel, and the campaign's views in its figures", async () => {
    const { call, campaign } = await watchedLead();
    const res = await call(`/api/campaigns/${campaign.id}/funnel`);
    const funnel = await res.json();
    expect(res.status, JSON.stringify(funnel)).toBe(200);
    expect(funnel).toEqual({
      leads: 2,
      sent: 1,
      viewed: 1,
      played: 1,
      watchedHalf: 1,
      clicked: 1,
      booked: 0,
    });
    const got = (await (await call(`/api/campaigns/${campaign.id}`)).json()) as {
      figures: { views: number };
    };
    expect(got.figures.views).toBe(2);
  });

  it("gives a lead's timeline, oldest first", async () => {
    const { call, lead, silent } = await watchedLead();
    const res = await call(`/api/leads/${lead.id}/timeline`);
    const body = (await res.json()) as { events: Array<{ type: string; percent: number | null }> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.events.map((e) => e.percent ?? e.type)).toEqual([
      "view",
      "view",
      "play",
      25,
      50,
      75,
      "cta_click",
    ]);
    const none = (await (await call(`/api/leads/${silent?.id}/timeline`)).json()) as { events: unknown[] };
    expect(none.events).toEqual([]);
  });

  it("lists who watched today, and counts per day", async () => {
    const { call, lead, campaign } = await watchedLead();
    const res = await call("/api/analytics/watchers");
    const body = (await res.json()) as { watchers: Array<Record<string, unknown>> };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.watchers).toHaveLength(1);
    expect(body.watchers[0]).toMatchObject({
      leadId: lead.id,
      campaignId: campaign.id,
      played: true,
      maxPercent: 75,
      clicked: true,
      booked: false,
      fields: { first_name: "Ada" },
    });
    const later = await call(
      `/api/analytics/watchers?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(((await later.json()) as { watchers: unknown[] }).watchers).toEqual([]);

    const daily = await call(`/api/analytics/daily?days=3&campaignId=${campaign.id}`);
    const days = (await daily.json()) as {
      days: Array<{ date: string; views: number; plays: number; clicks: number }>;
    };
    expect(daily.status, JSON.stringify(days)).toBe(200);
    expect(days.days).toHaveLength(3);
    expect(days.days[2]).toMatchObject({
      date: new Date().toISOString().slice(0, 10),
      views: 2,
      plays: 1,
      clicks: 1,
    });
    expect(days.days[0]).toMatchObject({ views: 0, plays: 0 });
  });

  it("names the bad field with 400", async () => {
    const { call } = await watchedLead();
    await expectError(await call("/api/analytics/daily?days=0"), 400, "BAD_REQUEST", /days/);
    await expectError(await call("/api/analytics/watchers?since=yesterday"), 400, "BAD_REQUEST", /since/);
  });

  it("keeps each workspace's analytics to itself, and needs authentication", async () => {
    const { lead, campaign } = await watchedLead();
    const stranger = authed((await signUp()).apiKey);
    await expectError(await stranger(`/api/campaigns/${campaign.id}/funnel`), 404, "NOT_FOUND");
    await expectError(await stranger(`/api/leads/${lead.id}/timeline`), 404, "NOT_FOUND");
    await expectError(await stranger(`/api/analytics/daily?campaignId=${campaign.id}`), 404, "NOT_FOUND");
    const theirs = (await (await stranger("/api/analytics/watchers")).json()) as { watchers: unknown[] };
    expect(theirs.watchers).toEqual([]);
    const all = (await (await stranger("/api/analytics/daily?days=1")).json()) as {
      days: Array<{ views: number }>;
    };
    expect(all.days[0]?.views).toBe(0);
    for (const path of [
      `/api/campaigns/${campaign.id}/funnel`,
      `/api/leads/${lead.id}/timeline`,
      "/api/analytics/watchers",
      "/api/analytics/daily",
    ]) {
      await expectError(await anonymous(path), 401, "UNAUTHORIZED");
    }
  });
});
