import { randomUUID } from "node:crypto";
import { type ApiClient, createApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cancelLeftoverRenders,
  createCampaign,
  edgeUrl,
  launchNode,
  query,
  setGlobalCap,
  waitFor,
  waitForLeadVideo,
} from "../harness/world";
import { checkScreen, launchBrowser, PERSON_UA } from "./lib/browser";

/**
 * Watch alerts, end to end: a prospect opens their page and plays past half of the video in a real
 * browser; the rep's bell shows it without a reload, the dev mailbox (the outbox) has the e-mail; after
 * the rep switches to the daily digest in Settings, the next visit still rings the bell but e-mails
 * nothing at once.
 */

interface MailboxEmail {
  kind: string;
  to: string;
  subject: string;
  text: string;
}

describe("watch alerts", () => {
  let browser: Browser;
  let prospect: BrowserContext;
  let rep: Page;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let api: ApiClient;
  let campaignId = "";
  let leadId = "";
  let landingUrl = "";
  const email = `alerts-${randomUUID().slice(0, 8)}@example.test`;

  const alertEmails = async () => {
    const { emails } = await api.request<{ emails: MailboxEmail[] }>("GET", "/api/dev/mailbox?limit=200");
    return emails.filter((e) => e.to === email && e.kind === "watch_alert");
  };

  /** A new visit of the lead's page that plays the video past half, then pauses it. */
  async function watchPastHalf(): Promise<void> {
    const page = await prospect.newPage();
    expect((await page.goto(landingUrl))?.status()).toBe(200);
    const video = page.locator("video");
    await video.waitFor();
    const reached = await video.evaluate(
      // Runs in the page; typed by hand because this project's types have no DOM library.
      (v: {
        muted: boolean;
        currentTime: number;
        duration: number;
        play(): Promise<void>;
        pause(): void;
        addEventListener(type: string, listener: () => void): void;
      }) =>
        new Promise<string>((resolve) => {
          v.muted = true;
          v.addEventListener("timeupdate", () => {
            if (v.duration && v.currentTime / v.duration >= 0.6) {
              v.pause();
              resolve("past half");
            }
          });
          v.play().catch((e: Error) => resolve(`play refused: ${e.message}`));
          setTimeout(() => resolve(`still at ${v.currentTime} of ${v.duration}`), 60_000);
        }),
    );
    expect(reached).toBe("past half");
    await page.close();
  }

  const unreadCount = async () =>
    Number(
      (await rep
        .getByTestId("unread-count")
        .textContent({ timeout: 1000 })
        .catch(() => "0")) ?? "0",
    );

  beforeAll(async () => {
    await cancelLeftoverRenders();
    await setGlobalCap(2);
    // The browser and the node start while the account and its campaign are made.
    // Assigned as soon as they are up, so afterAll stops them even when the setup below fails.
    const launching = Promise.all([launchBrowser(), launchNode("e2e-watch-alerts", { slots: 1 })]).then(
      (up) => {
        [browser, node] = up;
      },
    );
    launching.catch(() => {});
    api = createApiClient(edgeUrl());
    await api.signUp({ name: "Rita Rep", email, password: "e2e-password-long" });
    await api.verifyEmailFromDevMailbox(email);
    const setup = await createCampaign(api, { facecam: "short", leads: 1 });
    campaignId = setup.campaignId;
    leadId = setup.leadIds[0] ?? "";
    await launching;
    await api.enqueueRenders(campaignId, [leadId]);
    await waitForLeadVideo(api, campaignId, leadId);
    landingUrl = (await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`)).landingUrl;
    prospect = await browser.newContext({ userAgent: PERSON_UA });
    // The rep's dashboard, signed in with the API client's session.
    const repContext = await browser.newContext({
      baseURL: edgeUrl(),
      viewport: { width: 1280, height: 900 },
    });
    const cookies = await api.jar.getCookies(edgeUrl());
    await repContext.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
    rep = await repContext.newPage();
    await rep.goto("/app#/campaigns");
    await rep.getByRole("heading", { name: "Campaigns" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  it("rings the rep's bell and e-mails the rep when a prospect plays past half of the video", async () => {
    expect(await rep.getByRole("button", { name: "Watch alerts" }).count()).toBe(1);
    expect(await alertEmails()).toEqual([]);

    await watchPastHalf();

    // The open screen asks for the feed again by itself: no reload.
    await waitFor(
      "the bell to count the open and the play past half",
      async () => (await unreadCount()) === 2,
      45_000,
      500,
    );
    await rep.getByRole("button", { name: "Watch alerts, 2 unread" }).click();
    const feed = rep.getByRole("region", { name: "Watch alerts" });
    const halfway = feed.getByRole("link", { name: "Lead0 watched more than half of your video" });
    await halfway.waitFor();
    await feed.getByRole("link", { name: "Lead0 opened the page with your video" }).waitFor();
    await checkScreen(rep, "watch-alerts-bell", {
      shows: ["Watch alerts", "Lead0 watched more than half of your video", "Mark all read"],
    });

    const mails = await waitFor(
      "the two alert e-mails in the dev mailbox",
      async () => {
        const found = await alertEmails();
        return found.length === 2 && found;
      },
      10_000,
      250,
    );
    const half = mails.find((m) => m.subject === "Lead0 watched more than half of your video");
    expect(half, JSON.stringify(mails.map((m) => m.subject))).toBeDefined();
    expect(half?.text).toContain(
      `${edgeUrl().replace("127.0.0.1", "localhost")}/app#/campaigns/${campaignId}/leads/${leadId}`,
    );
    expect(half?.text).toContain("/app#/settings/notifications");

    // Following the alert opens the lead and marks it read.
    await halfway.click();
    await rep.waitForURL(new RegExp(`#/campaigns/${campaignId}/leads/${leadId}$`));
    await waitFor("the bell to count one unread", async () => (await unreadCount()) === 1, 10_000, 250);
  });

  it("sends nothing at once after the rep switches to the daily digest, while the bell still rings", async () => {
    await rep.goto("/app#/settings/notifications");
    const form = rep.getByRole("form", { name: "Notifications" });
    await form.getByLabel("One daily digest listing the day's alerts").check();
    await form.getByRole("button", { name: "Save notifications" }).click();
    await form.getByText("Notification settings saved.").waitFor();
    await checkScreen(rep, "settings-notifications", {
      shows: ["E-mail me when", "One daily digest listing the day's alerts"],
    });

    const before = await unreadCount();
    await watchPastHalf();
    await waitFor(
      "the bell to count the new visit's two alerts",
      async () => (await unreadCount()) === before + 2,
      45_000,
      500,
    );
    // The alerts and any instant e-mail are written in one transaction: with the alerts there, an
    // instant e-mail would be too.
    expect((await alertEmails()).length).toBe(2);
    const waiting = await query<{ kind: string }>(
      `SELECT n.kind FROM notifications n JOIN "user" u ON u.id = n.user_id
       WHERE u.email = $1 AND n.emailed_at IS NULL ORDER BY n.id`,
      [email],
    );
    expect(waiting.map((r) => r.kind)).toEqual(["opened", "watched_half"]);
  });
});
