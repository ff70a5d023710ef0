import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCampaign, newAccount, waitFor } from "../harness/world";
import { launchBrowser, PERSON_UA } from "./lib/browser";

/**
 * A booking made in the landing page's calendar embed reaches the rep: the embed announces it by
 * postMessage (tests/pages/calendar.html speaks like Calendly), the page's tracker beacons it, and the
 * lead's timeline and the campaign funnel count it. The calendar shows whatever the video's state, so
 * no render is needed here.
 */

describe("a prospect books a time in the calendar embed", () => {
  let browser: Browser;
  let api: ApiClient;
  let campaignId = "";
  let leadId = "";

  beforeAll(async () => {
    api = await newAccount();
    const setup = await createCampaign(api, { facecam: "short", leads: 1 });
    campaignId = setup.campaignId;
    leadId = setup.leadIds[0] ?? "";
    await api.request("PATCH", `/api/campaigns/${campaignId}`, {
      body: { landing: { calendarUrl: `${inject("pagesUrl")}/calendar.html` } },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("counts the booking announced by the embed, and nothing for a message from another origin", async () => {
    const { landingUrl } = await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`);
    const context = await browser.newContext({ userAgent: PERSON_UA });
    const page = await context.newPage();
    expect((await page.goto(landingUrl))?.status()).toBe(200);

    const timeline = async () =>
      (
        await api.request<{ events: Array<{ type: string }> }>("GET", `/api/leads/${leadId}/timeline`)
      ).events.map((e) => e.type);

    // The page itself (not the embed) posting the same message is not a booking.
    await page.evaluate(() => {
      (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
        { event: "calendly.event_scheduled" },
        "*",
      );
    });
    await waitFor(
      "the view in the lead's timeline",
      async () => (await timeline()).includes("view"),
      15_000,
      250,
    );
    // No sleep to prove a negative: the page's message was beaconed before the embed's booking below,
    // so had it counted, the timeline would hold two bookings once the embed's one arrives.
    expect(await timeline()).not.toContain("booked");

    const calendar = page.frameLocator("iframe.calendar");
    await calendar.getByRole("button", { name: "Confirm booking" }).click();
    await calendar.getByText("Booked.").waitFor();

    const types = await waitFor(
      "view and booked in the lead's timeline",
      async () => {
        const seen = await timeline();
        return seen.includes("booked") && seen;
      },
      15_000,
      250,
    );
    expect(types.filter((t) => t === "booked")).toHaveLength(1);
    const funnel = await api.request<Record<string, number>>("GET", `/api/campaigns/${campaignId}/funnel`);
    expect(funnel).toMatchObject({ viewed: 1, booked: 1 });
    await context.close();
  });
});
