import { env, SELF } from "cloudflare:test";
import { leadEvents, notificationPreferences, notifications, outboxEmails } from "@loom-lite/schema/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/lib/logger";
import { runScheduled } from "../src/scheduled";
import { dedupeKeyOf } from "../src/services/lead-events";
import { dashboardLinks } from "../src/services/watch-alerts/emails";
import { raiseWatchAlerts } from "../src/services/watch-alerts/raise";
import { anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { type TestDb, withDb } from "./helpers/db";
import { finishedRender, seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError, FAKE_MP4 } from "./helpers/fixtures";
import { addTeammate } from "./helpers/team";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

interface Team {
  owner: TestAccount;
  mate: TestAccount;
  campaignId: string;
  leadId: string;
  slug: string;
}

/** A lead (Maria of Crumb & Co.) with a finished video in the workspace `call` works in. */
async function leadWithVideo(
  call: ReturnType<typeof authed>,
  workspaceId: string,
  fields: Record<string, string> = {},
) {
  const campaign = await createCampaign(call, { name: "Bakeries Q3" });
  const [lead] = await addLeads(call, campaign.id, [
    { first_name: "Maria", last_name: "Lopez", company: "Crumb & Co.", website: "example.com", ...fields },
  ]);
  if (!lead) throw new Error("no lead");
  const renderId = `rnd_alerts_${lead.id.slice(3)}`;
  const key = `ws/${workspaceId}/renders/${renderId}/video.mp4`;
  await env.MEDIA.put(key, FAKE_MP4);
  await seedRender(
    finishedRender({ workspaceId }, campaign, lead, { id: renderId, artifacts: { "video.mp4": key } }),
  );
  return { campaignId: campaign.id, leadId: lead.id, slug: lead.slug };
}

/** A workspace with two members and one lead whose video is done. */
async function teamWithLead(fields: Record<string, string> = {}): Promise<Team> {
  const owner = await signUp("Owner Olga");
  const mate = await addTeammate(owner, "member", "Member Max");
  return { owner, mate, ...(await leadWithVideo(authed(owner.cookie), owner.workspaceId, fields)) };
}

function beacon(team: Team, body: Record<string, unknown>) {
  return SELF.fetch(`http://${team.owner.workspaceSlug}.localhost/${team.slug}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": CHROME },
    body: JSON.stringify(body),
  });
}

async function sendBeacon(team: Team, body: Record<string, unknown>) {
  const res = await beacon(team, body);
  expect(res.status, `beacon ${JSON.stringify(body)} answered ${await res.clone().text()}`).toBe(204);
}

const alertsOfLead = (leadId: string) =>
  withDb((db) =>
    db.select().from(notifications).where(eq(notifications.leadId, leadId)).orderBy(asc(notifications.id)),
  );

const emailsTo = (to: string, kind: "watch_alert" | "watch_digest" = "watch_alert") =>
  withDb((db) =>
    db
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.to, to.toLowerCase()), eq(outboxEmails.kind, kind)))
      .orderBy(asc(outboxEmails.createdAt)),
  );

/** Waits until the lead has `n` alerts (they are raised after the beacon's answer). */
async function untilAlerts(leadId: string, n: number) {
  await expect.poll(async () => (await alertsOfLead(leadId)).length, { timeout: 10_000 }).toBe(n);
  return alertsOfLead(leadId);
}

const mailer = {
  log: createLogger({ test: "watch-alerts" }),
  links: dashboardLinks("https://app.example.test"),
};

async function insertEvent(
  db: TestDb,
  team: Team,
  event: {
    type: "view" | "progress" | "cta_click";
    percent?: number;
    visitId: string;
    audience: "prospect" | "team";
  },
) {
  const base = { workspaceId: team.owner.workspaceId, campaignId: team.campaignId, leadId: team.leadId };
  const dedupeKey = dedupeKeyOf({ ...base, ...event });
  await db.insert(leadEvents).values({ ...base, ...event, percent: event.percent ?? null, dedupeKey });
  return dedupeKey;
}

describe("watch alerts from the landing beacon", () => {
  it("raises one alert per member for an open, a play past half and a CTA click, each e-mailed at once", async () => {
    const team = await teamWithLead();
    await sendBeacon(team, { type: "view", visitId: "visit-1" });
    await sendBeacon(team, { type: "play", visitId: "visit-1" });
    await sendBeacon(team, { type: "progress", percent: 25, visitId: "visit-1" });
    await sendBeacon(team, { type: "progress", percent: 50, visitId: "visit-1" });
    await sendBeacon(team, { type: "progress", percent: 75, visitId: "visit-1" });
    await sendBeacon(team, { type: "cta_click", visitId: "visit-1" });

    const alerts = await untilAlerts(team.leadId, 6);
    const byMember = (userId: string) =>
      alerts
        .filter((a) => a.userId === userId)
        .map((a) => a.kind)
        .sort();
    expect(byMember(team.owner.userId)).toEqual(["clicked", "opened", "watched_half"]);
    expect(byMember(team.mate.userId)).toEqual(["clicked", "opened", "watched_half"]);
    expect(alerts.every((a) => a.workspaceId === team.owner.workspaceId && a.emailedAt !== null)).toBe(true);

    for (const member of [team.owner, team.mate]) {
      const mails = await emailsTo(member.email);
      expect(mails.map((m) => m.subject).sort()).toEqual([
        "Maria Lopez (Crumb & Co.) clicked your call to action",
        "Maria Lopez (Crumb & Co.) opened the page with your video",
        "Maria Lopez (Crumb & Co.) watched more than half of your video",
      ]);
      const half = mails.find((m) => m.subject.includes("half"));
      expect(half?.text).toContain("Lead: Maria Lopez");
      expect(half?.text).toContain("Company: Crumb & Co.");
      expect(half?.text).toContain("Campaign: Bakeries Q3");
      expect(half?.text).toContain(
        `https://localhost/app#/campaigns/${team.campaignId}/leads/${team.leadId}`,
      );
      expect(half?.text).toContain("https://localhost/app#/settings/notifications");
      expect(half?.workspaceId).toBe(team.owner.workspaceId);
    }
  });

  it("raises nothing again for a repeated beacon of the same visit, and a new visit's open is a new alert", async () => {
    const team = await teamWithLead();
    for (let i = 0; i < 3; i += 1) {
      await sendBeacon(team, { type: "view", visitId: "same-visit" });
      await sendBeacon(team, { type: "progress", percent: 50, visitId: "same-visit" });
    }
    await untilAlerts(team.leadId, 4);
    expect(await emailsTo(team.owner.email)).toHaveLength(2);

    await sendBeacon(team, { type: "view", visitId: "next-visit" });
    const alerts = await untilAlerts(team.leadId, 6);
    expect(alerts.filter((a) => a.kind === "opened")).toHaveLength(4);
    expect(await emailsTo(team.owner.email)).toHaveLength(3);
  });

  it("raises no alert for a team member's visit, and a retried raise of an event adds nothing", async () => {
    const team = await teamWithLead();
    await withDb(async (db) => {
      const teamKey = await insertEvent(db, team, { type: "view", visitId: "rep", audience: "team" });
      expect(await raiseWatchAlerts(db, mailer, { leadId: team.leadId, dedupeKey: teamKey })).toBe(0);
      const prospectKey = await insertEvent(db, team, {
        type: "cta_click",
        visitId: "p",
        audience: "prospect",
      });
      expect(await raiseWatchAlerts(db, mailer, { leadId: team.leadId, dedupeKey: prospectKey })).toBe(2);
      // The same event again (a retried background job, a replayed request): nothing new, no e-mail.
      expect(await raiseWatchAlerts(db, mailer, { leadId: team.leadId, dedupeKey: prospectKey })).toBe(0);
      // Events below half raise nothing.
      const quarter = await insertEvent(db, team, {
        type: "progress",
        percent: 25,
        visitId: "p",
        audience: "prospect",
      });
      expect(await raiseWatchAlerts(db, mailer, { leadId: team.leadId, dedupeKey: quarter })).toBe(0);
    });
    const alerts = await alertsOfLead(team.leadId);
    expect(alerts.map((a) => a.kind)).toEqual(["clicked", "clicked"]);
    expect(await emailsTo(team.owner.email)).toHaveLength(1);
    expect(await emailsTo(team.mate.email)).toHaveLength(1);
  });

  it("e-mails only the kinds a member chose, and nothing at once on the daily digest; the feed has all", async () => {
    const team = await teamWithLead();
    const ownerCall = authed(team.owner.cookie);
    const mateCall = authed(team.mate.cookie);
    const defaults = await ownerCall("/api/notifications/preferences");
    expect(await defaults.json()).toEqual({
      emailOpened: true,
      emailWatchedHalf: true,
      emailClicked: true,
      dailyDigest: false,
    });
    const changed = await ownerCall("/api/notifications/preferences", {
      method: "PATCH",
      json: { emailOpened: false },
    });
    expect(await changed.json()).toEqual({
      emailOpened: false,
      emailWatchedHalf: true,
      emailClicked: true,
      dailyDigest: false,
    });
    expect(
      (await mateCall("/api/notifications/preferences", { method: "PATCH", json: { dailyDigest: true } }))
        .status,
    ).toBe(200);

    await sendBeacon(team, { type: "view", visitId: "v" });
    await sendBeacon(team, { type: "progress", percent: 50, visitId: "v" });
    const alerts = await untilAlerts(team.leadId, 4);

    expect((await emailsTo(team.owner.email)).map((m) => m.subject)).toEqual([
      "Maria Lopez (Crumb & Co.) watched more than half of your video",
    ]);
    expect(await emailsTo(team.mate.email)).toEqual([]);
    const mateAlerts = alerts.filter((a) => a.userId === team.mate.userId);
    expect(mateAlerts.map((a) => a.emailedAt)).toEqual([null, null]);

    const feed = (await (await mateCall("/api/notifications")).json()) as {
      items: unknown[];
      unreadCount: number;
    };
    expect(feed.items).toHaveLength(2);
    expect(feed.unreadCount).toBe(2);
  });

  it("keeps a lead's line breaks and control characters out of the e-mail's subject", async () => {
    // A CSV cell is the tenant's text: a newline in it must not reach a header line.
    const team = await teamWithLead({ first_name: "Eve\r\nBcc: victim@example.com", company: "X\u0007Corp" });
    await sendBeacon(team, { type: "cta_click", visitId: "v" });
    await untilAlerts(team.leadId, 2);
    const [mail] = await emailsTo(team.owner.email);
    expect(mail?.subject).toBe("Eve Bcc: victim@example.com Lopez (X Corp) clicked your call to action");
    const BELL = String.fromCharCode(7);
    for (const bad of ["\r", "\n", BELL]) expect(mail?.subject).not.toContain(bad);
    for (const bad of ["\r", BELL, "\nBcc:"]) expect(mail?.text).not.toContain(bad);
  });
});

describe("the daily digest", () => {
  /** The cron at `minutesAfter` past the first digest hour that is still ahead of now. */
  function nextDigestRun(minutesAfter: number): number {
    const hour = 8; // WATCH_DIGEST_HOUR_UTC's default
    const now = new Date();
    let at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour);
    if (at <= now.getTime()) at += 24 * 60 * 60 * 1000;
    return at + minutesAfter * 60_000;
  }
  const cron = (scheduledTime: number) =>
    runScheduled({ cron: "* * * * *", scheduledTime, noRetry() {} }, env);

  it("is sent once per member by the cron with the day's alerts, and never again for them", async () => {
    const team = await teamWithLead();
    const mateCall = authed(team.mate.cookie);
    await mateCall("/api/notifications/preferences", {
      method: "PATCH",
      json: { dailyDigest: true, emailClicked: false },
    });
    await sendBeacon(team, { type: "view", visitId: "a" });
    await sendBeacon(team, { type: "progress", percent: 50, visitId: "a" });
    await sendBeacon(team, { type: "cta_click", visitId: "a" });
    await untilAlerts(team.leadId, 6);

    // Before the digest hour: nothing (the window is the 24 hours before it).
    await cron(nextDigestRun(-1));
    expect(await emailsTo(team.mate.email, "watch_digest")).toEqual([]);

    await cron(nextDigestRun(1));
    await cron(nextDigestRun(2));
    const digests = await emailsTo(team.mate.email, "watch_digest");
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest?.subject).toMatch(/^Your daily digest: 2 watch alerts in /);
    expect(digest?.text).toContain("Maria Lopez (Crumb & Co.) opened the page with your video");
    expect(digest?.text).toContain("Maria Lopez (Crumb & Co.) watched more than half of your video");
    expect(digest?.text, "the member turned click e-mails off").not.toContain("call to action");
    expect(digest?.text).toContain(`/app#/campaigns/${team.campaignId}/leads/${team.leadId}`);
    expect(digest?.text).toContain("/app#/settings/notifications");
    // The owner is on instant e-mails: no digest for them, and their alerts were mailed one by one.
    expect(await emailsTo(team.owner.email, "watch_digest")).toEqual([]);
    expect(await emailsTo(team.owner.email)).toHaveLength(3);
    // Nothing instant for the digest member at any point.
    expect(await emailsTo(team.mate.email)).toEqual([]);

    const mates = (await alertsOfLead(team.leadId)).filter((a) => a.userId === team.mate.userId);
    expect(
      mates
        .filter((a) => a.emailedAt !== null)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(["opened", "watched_half"]);

    // The next day's run finds nothing new for these alerts.
    await cron(nextDigestRun(24 * 60 + 1));
    expect(await emailsTo(team.mate.email, "watch_digest")).toHaveLength(1);
  });

  it("sends nothing to a member who left the workspace since the alerts were raised", async () => {
    const team = await teamWithLead();
    await authed(team.mate.cookie)("/api/notifications/preferences", {
      method: "PATCH",
      json: { dailyDigest: true },
    });
    await sendBeacon(team, { type: "view", visitId: "left" });
    await untilAlerts(team.leadId, 2);
    const removed = await authed(team.owner.cookie)(`/api/workspace/members/${team.mate.userId}`, {
      method: "DELETE",
    });
    expect(removed.status, await removed.clone().text()).toBeLessThan(300);
    await cron(nextDigestRun(4));
    expect(await emailsTo(team.mate.email, "watch_digest")).toEqual([]);
  });

  it("sends a member in two workspaces one digest for each, each with its own alerts only", async () => {
    // The teammate of A also owns a workspace of their own (B), where their API key works.
    const a = await teamWithLead();
    const inB = await leadWithVideo(authed(a.mate.apiKey), a.mate.workspaceId);
    const b: Team = { owner: a.mate, mate: a.mate, ...inB };
    await authed(a.mate.cookie)("/api/notifications/preferences", {
      method: "PATCH",
      json: { dailyDigest: true },
    });
    await withDb((db) =>
      db
        .insert(notificationPreferences)
        .values({ workspaceId: a.mate.workspaceId, userId: a.mate.userId, dailyDigest: true }),
    );
    await sendBeacon(a, { type: "view", visitId: "x" });
    await sendBeacon(b, { type: "cta_click", visitId: "y" });
    await untilAlerts(a.leadId, 2);
    await untilAlerts(b.leadId, 1);
    await cron(nextDigestRun(3));
    const digests = await emailsTo(a.mate.email, "watch_digest");
    expect(digests.map((d) => d.workspaceId).sort()).toEqual(
      [a.owner.workspaceId, a.mate.workspaceId].sort(),
    );
    const digestA = digests.find((d) => d.workspaceId === a.owner.workspaceId);
    const digestB = digests.find((d) => d.workspaceId === a.mate.workspaceId);
    expect(digestA?.text).toContain(a.leadId);
    expect(digestA?.text).not.toContain(b.leadId);
    expect(digestB?.text).toContain(b.leadId);
    expect(digestB?.text).not.toContain(a.leadId);
  }, 90_000);
});

describe("the notifications feed", () => {
  it("pages a member's own alerts newest first, marks one or all read, and counts the unread", async () => {
    const team = await teamWithLead();
    await sendBeacon(team, { type: "view", visitId: "1" });
    await sendBeacon(team, { type: "progress", percent: 50, visitId: "1" });
    await sendBeacon(team, { type: "cta_click", visitId: "1" });
    await untilAlerts(team.leadId, 6);
    const call = authed(team.owner.cookie);
    type Feed = {
      items: Array<{
        id: string;
        kind: string;
        leadName: string;
        company: string;
        campaignName: string;
        readAt: string | null;
      }>;
      nextCursor: string | null;
      unreadCount: number;
    };
    const first = (await (await call("/api/notifications?limit=2")).json()) as Feed;
    expect(first.items.map((i) => i.kind)).toEqual(["clicked", "watched_half"]);
    expect(first.items[0]).toMatchObject({
      leadName: "Maria Lopez",
      company: "Crumb & Co.",
      campaignName: "Bakeries Q3",
    });
    expect(first.unreadCount).toBe(3);
    const second = (await (
      await call(`/api/notifications?limit=2&cursor=${first.nextCursor}`)
    ).json()) as Feed;
    expect(second.items.map((i) => i.kind)).toEqual(["opened"]);
    expect(second.nextCursor).toBeNull();

    const read = await call(`/api/notifications/${first.items[0]?.id}/read`, { method: "POST" });
    expect(read.status).toBe(204);
    const unread = (await (await call("/api/notifications?unread=true")).json()) as Feed;
    expect(unread.items.map((i) => i.kind)).toEqual(["watched_half", "opened"]);
    expect(unread.unreadCount).toBe(2);

    const all = await call("/api/notifications/read-all", { method: "POST" });
    expect(await all.json()).toEqual({ marked: 2 });
    expect(((await (await call("/api/notifications")).json()) as Feed).unreadCount).toBe(0);
    // The teammate's alerts are theirs: still unread.
    expect(((await (await authed(team.mate.cookie)("/api/notifications")).json()) as Feed).unreadCount).toBe(
      3,
    );
  });

  it("refuses a teammate's alert: reading or marking another member's alert answers 404 and changes nothing", async () => {
    const team = await teamWithLead();
    await sendBeacon(team, { type: "view", visitId: "1" });
    const alerts = await untilAlerts(team.leadId, 2);
    const ownerAlert = alerts.find((a) => a.userId === team.owner.userId);
    if (!ownerAlert) throw new Error("no alert for the owner");
    const mateCall = authed(team.mate.cookie);
    await expectError(
      await mateCall(`/api/notifications/ntf_${ownerAlert.id}/read`, { method: "POST" }),
      404,
      "NOT_FOUND",
    );
    const mateFeed = (await (await mateCall("/api/notifications")).json()) as {
      items: Array<{ id: string }>;
    };
    expect(mateFeed.items.map((i) => i.id)).not.toContain(`ntf_${ownerAlert.id}`);
    const after = await withDb((db) =>
      db
        .select()
        .from(notifications)
        .where(inArray(notifications.id, [ownerAlert.id])),
    );
    expect(after[0]?.readAt).toBeNull();
  });

  it("belongs to a person: API keys are refused, and a malformed id or preference names the field", async () => {
    const team = await teamWithLead();
    await expectError(await authed(team.owner.apiKey)("/api/notifications"), 403, "FORBIDDEN");
    await expectError(
      await authed(team.owner.apiKey)("/api/notifications/preferences", {
        method: "PATCH",
        json: { dailyDigest: true },
      }),
      403,
      "FORBIDDEN",
    );
    await expectError(await anonymous("/api/notifications"), 401, "UNAUTHORIZED");
    const call = authed(team.owner.cookie);
    await expectError(await call("/api/notifications/42/read", { method: "POST" }), 400, "BAD_REQUEST", /id/);
    await expectError(
      await call("/api/notifications/preferences", { method: "PATCH", json: { dailyDigest: "yes" } }),
      400,
      "BAD_REQUEST",
      /dailyDigest/,
    );
    await expectError(
      await call("/api/notifications/preferences", { method: "PATCH", json: { userId: team.mate.userId } }),
      400,
      "BAD_REQUEST",
    );
    await expectError(await call("/api/notifications?cursor=../../x"), 400, "BAD_REQUEST", /cursor/);
    const prefs = await withDb((db) =>
      db
        .select()
        .from(notificationPreferences)
        .where(eq(notificationPreferences.workspaceId, team.owner.workspaceId)),
    );
    expect(prefs).toEqual([]);
  });
});
