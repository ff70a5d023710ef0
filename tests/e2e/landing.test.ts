import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ApiClient } from "../../scripts/lib/api-client";
import {
  cancelLeftoverRenders,
  createCampaign,
  launchNode,
  newAccount,
  setGlobalCap,
  waitFor,
} from "../harness/world";
import { launchBrowser } from "./lib/browser";

/**
 * A prospect's side, in a real browser against the local stack: the landing page of a rendered lead
 * is opened, the video played to the end and the CTA clicked; the rep then sees those events through
 * the dashboard's API (timeline and funnel), sent by the page's beacons.
 */

// Headless Chromium says "HeadlessChrome", which the analytics rightly refuse to count; a prospect's
// browser does not.
const PERSON_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

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

  beforeAll(async () => {
    await cancelLeftoverRenders();
    await setGlobalCap(2);
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
    [browser, node] = await Promise.all([launchBrowser(), launchNode("e2e-landing", { slots: 1 })]);
    await api.enqueueRenders(campaignId, [leadId]);
    await waitFor(
      "the lead's render to be done",
      async () => {
        const [lead] = await api.getLeads(campaignId);
        if (lead?.render?.state === "failed") throw new Error(`render failed: ${lead.render.error}`);
        return lead?.render?.state === "done";
      },
      150_000,
      500,
    );
    const lead = await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`);
    landingUrl = lead.landingUrl;
    context = await browser.newContext({ userAgent: PERSON_UA, viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await node?.stop();
  });

  it("opens the page, plays the video to the end and clicks the CTA; the rep sees every step", async () => {
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

    await Promise.all([
      page.waitForURL(/pricing\.html/),
      page.getByRole("link", { name: "Book a call" }).click(),
    ]);

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
});
