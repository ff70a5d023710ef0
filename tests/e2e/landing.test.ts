import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  cancelLeftoverRenders,
  createCampaign,
  edgeUrl,
  launchNode,
  newAccount,
  setGlobalCap,
  waitFor,
  waitForLeadVideo,
} from "../harness/world";
import { checkScreen, launchBrowser, PERSON_UA } from "./lib/browser";

/**
 * A prospect's side, in a real browser against the local stack: the landing page of a rendered lead
 * is opened, the video played to the end and the CTA clicked; the rep then sees those events through
 * the dashboard's API (timeline and funnel), sent by the page's beacons, and on the dashboard's
 * screens (campaign analytics, the lead's activity and email snippet, webhooks and domains settings).
 */

interface TimelineEvent {
  type: string;
  percent: number | null;
}

describe("a prospect watches their video and clicks the CTA", () => {
  let browser: Browser;
  let context: BrowserContext;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let api: ApiClient;
  let campaignId = "";
  let leadId = "";
  let landingUrl = "";

  /** The lead's video, rendering while the tests that need no video (the custom domain) run. */
  let videoDone: Promise<void>;

  beforeAll(async () => {
    await cancelLeftoverRenders();
    await setGlobalCap(2);
    // The browser and the node start while the account and its campaign are made.
    // Assigned as soon as they are up, so afterAll stops them even when the setup below fails.
    const launching = Promise.all([launchBrowser(), launchNode("e2e-landing", { slots: 1 })]).then((up) => {
      [browser, node] = up;
    });
    launching.catch(() => {});
    api = await newAccount();
    const setup = await createCampaign(api, { facecam: "short", leads: 1 });
    campaignId = setup.campaignId;
    leadId = setup.leadIds[0] ?? "";
    await api.request("PATCH", `/api/campaigns/${campaignId}`, {
      body: {
        landing: {
          headline: "Hi {{first_name}}, this is for you",
          ctaLabel: "Book a call",
          ctaUrl: `${inject("pagesUrl")}/pricing.html`,
        },
      },
    });
    await launching;
    await api.enqueueRenders(campaignId, [leadId]);
    videoDone = waitForLeadVideo(api, campaignId, leadId);
    // Awaited by the first test that needs the video; a failure there names the render's error.
    videoDone.catch(() => {});
    const lead = await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`);
    landingUrl = lead.landingUrl;
    context = await browser.newContext({ userAgent: PERSON_UA, viewport: { width: 390, height: 844 } });
  });

  /** The rep's dashboard in its own browser context, signed in with the API client's session cookie. */
  async function openDashboard(): Promise<{ rep: BrowserContext; page: Page }> {
    const rep = await browser.newContext({ baseURL: edgeUrl(), viewport: { width: 1280, height: 900 } });
    const cookies = await api.jar.getCookies(edgeUrl());
    await rep.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
    await rep.grantPermissions(["clipboard-read", "clipboard-write"], { origin: edgeUrl() });
    const page = await rep.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
    return { rep, page };
  }
  const pageErrors: string[] = [];

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await node?.stop();
  });

  it("walks a custom domain through its DNS records, Check now, activation, a 409 and removal", async () => {
    // The Worker talks to a local server speaking Cloudflare's custom-hostnames API (the only fake).
    const fake = inject("fakeUrl");
    const cloudflareHas = async (hostname: string) =>
      (await fetch(`${fake}/_fake/cf/hostnames/${hostname}`)).ok;
    const hostname = `video-${Date.now()}.example.com`;
    const taken = `taken-${Date.now()}.example.com`;
    const other = await newAccount();
    await other.request("POST", "/api/domains", { body: { hostname: taken } });

    const { rep, page } = await openDashboard();
    await page.goto("/app#/settings/domains");
    await page.getByText("No custom domain yet.").waitFor();
    await checkScreen(page, "23-settings-domains", { shows: ["Custom domains", "Hostname"] });
    const form = page.getByRole("form", { name: "Add a custom domain" });

    // A malformed hostname is refused with a 400, explained; another workspace's hostname with a 409.
    await page.getByLabel("Hostname").fill("not a hostname");
    await page.getByRole("button", { name: "Add domain" }).click();
    await form
      .getByRole("alert")
      .getByText(/“not a hostname” is not a hostname you can use/)
      .waitFor();
    await page.getByLabel("Hostname").fill(taken);
    await page.getByRole("button", { name: "Add domain" }).click();
    await form
      .getByRole("alert")
      .getByText(new RegExp(`${taken.replaceAll(".", "\\.")} is already in use by a workspace`))
      .waitFor();

    // Pasted as a URL: the hostname is taken out of it.
    await page.getByLabel("Hostname").fill(`https://${hostname}/`);
    await page.getByRole("button", { name: "Add domain" }).click();
    const card = page.getByRole("article", { name: `Domain ${hostname}` });
    await card.getByTestId("domain-status").getByText("pending").waitFor();
    expect(await cloudflareHas(hostname)).toBe(true);
    const registered = (await (await fetch(`${fake}/_fake/cf/hostnames/${hostname}`)).json()) as {
      ownership_verification: { name: string; value: string };
    };
    const records = card.getByRole("table", { name: "DNS records to create" });
    const cname = records.locator("tr[data-type=CNAME]");
    expect(await cname.locator("code").allTextContents()).toEqual([hostname, "customers.loom-lite.test"]);
    const ownership = records.locator("tr[data-type=TXT]", {
      hasText: registered.ownership_verification.name,
    });
    expect(await ownership.locator("code").allTextContents()).toEqual([
      registered.ownership_verification.name,
      registered.ownership_verification.value,
    ]);
    await ownership.getByRole("button", { name: "Copy" }).nth(1).click();
    await ownership.getByText("Copied").waitFor();
    const copied = await page.evaluate(() =>
      // Runs in the page; typed by hand because this project's types have no DOM library.
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toBe(registered.ownership_verification.value);
    await checkScreen(page, "24-settings-domain-pending", {
      shows: [hostname, "CNAME", "TXT", "Check now"],
    });

    // The customer creates the records; Cloudflare sees them; Check now asks it and turns active.
    await fetch(`${fake}/_fake/cf/activate/${hostname}`, { method: "POST" });
    await card.getByRole("button", { name: `Check now: ${hostname}` }).click();
    await card.getByText("Active: landing pages are served on").waitFor();
    expect(await records.count()).toBe(0);

    await card.getByRole("button", { name: `Remove ${hostname}` }).click();
    await card.getByRole("button", { name: "Remove domain" }).click();
    await page.getByText("No custom domain yet.").waitFor();
    expect(await cloudflareHas(hostname)).toBe(false);
    await rep.close();
  });

  it("opens the page, plays the video to the end and clicks the CTA; the rep sees every step", async () => {
    await videoDone;
    expect(landingUrl).toMatch(/^http:\/\/[a-z0-9-]+\.localhost:\d+\/\S+$/);
    const page = await context.newPage();
    const res = await page.goto(landingUrl);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { name: /this is for you/ }).waitFor();

    const video = page.locator("video");
    await video.waitFor();
    const ended = await video.evaluate(
      // Runs in the page; typed by hand because this project's types have no DOM library.
      (v: {
        muted: boolean;
        currentTime: number;
        duration: number;
        error: { code: number } | null;
        play(): Promise<void>;
        addEventListener(type: string, listener: () => void): void;
      }) =>
        new Promise<string>((resolve) => {
          v.muted = true;
          v.addEventListener("ended", () => resolve("ended"));
          v.addEventListener("error", () => resolve(`error ${v.error?.code}`));
          v.play().catch((e: Error) => resolve(`play refused: ${e.message}`));
          setTimeout(() => resolve(`still at ${v.currentTime} of ${v.duration}`), 60_000);
        }),
    );
    expect(ended).toBe("ended");

    // The call to action opens in a new tab, so the video page stays where the prospect left it.
    const [ctaTab] = await Promise.all([
      page.context().waitForEvent("page"),
      page.getByRole("link", { name: "Book a call" }).click(),
    ]);
    await ctaTab.waitForURL(/pricing\.html/);

    const events = await waitFor(
      "view, play, 25/50/75/100 % and the CTA click in the lead's timeline",
      async () => {
        const { events } = await api.request<{ events: TimelineEvent[] }>(
          "GET",
          `/api/leads/${leadId}/timeline`,
        );
        const seen = new Set(events.map((e) => (e.type === "progress" ? `progress ${e.percent}` : e.type)));
        const wanted = [
          "view",
          "play",
          "progress 25",
          "progress 50",
          "progress 75",
          "progress 100",
          "cta_click",
        ];
        return wanted.every((w) => seen.has(w)) && events;
      },
      15_000,
      250,
    );
    expect(events[0]?.type).toBe("view");

    const funnel = await api.request<Record<string, number>>("GET", `/api/campaigns/${campaignId}/funnel`);
    expect(funnel).toEqual({
      leads: 1,
      sent: 1,
      viewed: 1,
      played: 1,
      watchedHalf: 1,
      clicked: 1,
      booked: 0,
    });
    const campaign = await api.request<{ figures: { views: number } }>("GET", `/api/campaigns/${campaignId}`);
    expect(campaign.figures.views).toBe(1);
  });

  it("shows the view, play and click in the campaign's analytics and the lead's activity", async () => {
    const { rep, page } = await openDashboard();
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("tab", { name: "Analytics" }).click();
    const funnel = page.getByRole("list", { name: "Funnel" });
    await funnel.waitFor();
    const step = (key: string) => funnel.getByTestId(`funnel-${key}`);
    for (const key of ["sent", "viewed", "played", "watchedHalf", "clicked"]) {
      expect(await step(key).textContent(), key).toBe("1");
    }
    expect(await step("booked").textContent()).toBe("0");
    // Who watched today: the lead, having watched it all and clicked.
    const watcher = page.locator("section[aria-label='Who watched today'] li", { hasText: "Lead0" });
    await watcher.getByText("watched 100 %").waitFor();
    await watcher.getByText("clicked").waitFor();
    // The chart's table (what a screen reader reads) has today's view and play.
    const today = new Date().toISOString().slice(0, 10);
    const day = page.locator("table[aria-label='Views and plays per day'] tr", { hasText: today });
    expect((await day.locator("td").allTextContents()).slice(1, 3)).toEqual(["1", "1"]);
    // Live: a second visit shows up in the open screen by itself (it refetches every 10 s); the
    // funnel counts leads, so it stays at one viewer.
    const again = await context.newPage();
    await again.goto(landingUrl);
    await again.getByRole("heading", { name: /this is for you/ }).waitFor();
    await waitFor(
      "the second view in the open chart, without a reload",
      async () => (await day.locator("td").nth(1).textContent()) === "2",
      25_000,
      500,
    );
    await again.close();
    expect(await step("viewed").textContent()).toBe("1");
    await checkScreen(page, "20-campaign-analytics", {
      shows: ["Funnel", "Who watched today", "Lead0", "Over time"],
      hides: ["Nobody opened their page today", "No views in the last"],
    });

    // From the lead's row to its activity: the events in order, with the watch progress.
    await page.getByRole("tab", { name: "Leads" }).click();
    const row = page.locator("table[aria-label=Leads] tbody tr", { hasText: "Lead0" });
    await row.getByRole("button", { name: "Copy the email snippet of Lead0" }).click();
    await row.getByText("Copied").waitFor();
    const copied = await page.evaluate(() =>
      // Runs in the page; typed by hand because this project's types have no DOM library.
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toContain(`<a href="${landingUrl}"`);
    expect(copied).toMatch(
      new RegExp(`<img src="${landingUrl}/(preview\\.gif|poster\\.jpg)" alt="[^"]*Lead0`),
    );
    await row.getByRole("link", { name: "Activity of Lead0" }).click();
    const timeline = page.getByRole("list", { name: "Timeline of Lead0" });
    await timeline.waitFor();
    const steps = await timeline.locator("li > span").allTextContents();
    expect(steps[0]).toBe("Opened the page");
    for (const wanted of [
      "Played the video",
      "Watched 25 %",
      "Watched 50 %",
      "Watched 100 %",
      "Clicked the button",
    ]) {
      expect(steps, wanted).toContain(wanted);
    }
    expect(steps.indexOf("Played the video")).toBeLessThan(steps.indexOf("Watched 50 %"));
    await page.getByText("watched 100 %").first().waitFor();
    const html = await page.getByTestId("email-snippet-html").inputValue();
    expect(html).toBe(copied);
    await checkScreen(page, "21-lead-activity", {
      shows: ["Activity", "Opened the page", "Clicked the button", "Email snippet"],
      hides: ["has not opened their page yet"],
    });
    await rep.close();
  });

  it("adds a webhook whose secret is shown once, test-sends it and shows the delivery log", async () => {
    const { rep, page } = await openDashboard();
    await page.goto("/app#/settings/webhooks");
    await page.getByText("No webhook endpoints yet.").waitFor();
    // Nothing listens there: the static server answers 404, so the delivery waits for a retry.
    const hookUrl = `${inject("pagesUrl")}/hooks/loom`;
    await page.getByLabel("Endpoint URL").fill(hookUrl);
    await page.getByRole("checkbox", { name: /render\.failed/ }).uncheck();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = ((await page.getByTestId("new-webhook-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_/);
    const item = page.getByRole("article", { name: `Webhook ${hookUrl}` });
    await item.waitFor();
    expect(await item.locator(".event-tags").textContent()).not.toContain("render.failed");
    await page.getByRole("button", { name: "Done" }).click();
    expect(await page.getByText(secret).count()).toBe(0);

    await item.getByRole("button", { name: "Send test" }).click();
    await item.getByText(/Test sent: pending \(HTTP 404\)/).waitFor();
    const delivery = item.locator("table[aria-label=Deliveries] tbody tr").first();
    await delivery.getByText("HTTP 404").waitFor();
    const cells = (await delivery.locator("td").allTextContents()).map((t) => t.trim());
    expect(cells[0]).toBe("webhook.test");
    expect(cells[1]?.toLowerCase()).toBe("pending");
    expect(cells[2]).toBe("1");
    expect(cells[4], "next retry").not.toBe("—");
    await checkScreen(page, "22-settings-webhooks", { shows: [hookUrl, "webhook.test", "Next retry"] });

    await item.getByRole("button", { name: `Delete webhook ${hookUrl}` }).click();
    await item.getByRole("button", { name: "Delete endpoint" }).click();
    await page.getByText("No webhook endpoints yet.").waitFor();
    await rep.close();
  });

  it("threw no uncaught error in the dashboard", () => {
    expect(pageErrors).toEqual([]);
  });
});
