import type { ApiClient } from "@loom-lite/testkit/api-client";
import Papa from "papaparse";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
 * The rep's own visit is not the prospect's: the rep opens the lead's page from the dashboard and plays
 * the video, and the funnel and figures stay where they were while the lead's activity shows a team
 * view; then the prospect, in a browser of their own, opens the exported link and plays it, and the
 * funnel moves.
 */

interface TimelineEvent {
  type: string;
  audience: string;
  percent: number | null;
}

/** Plays the page's video muted to its end; answers "ended" or what went wrong. */
function playToEnd(page: Page): Promise<string> {
  return page.locator("video").evaluate(
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
}

describe("the rep's own visit does not move the funnel; the prospect's does", () => {
  let browser: Browser;
  let rep: BrowserContext;
  let dashboard: Page;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let api: ApiClient;
  let campaignId = "";
  let leadId = "";

  const timeline = async () =>
    (await api.request<{ events: TimelineEvent[] }>("GET", `/api/leads/${leadId}/timeline`)).events;
  const funnel = () => api.request<Record<string, number>>("GET", `/api/campaigns/${campaignId}/funnel`);
  const views = async () =>
    (await api.request<{ figures: { views: number } }>("GET", `/api/campaigns/${campaignId}`)).figures.views;

  beforeAll(async () => {
    await cancelLeftoverRenders();
    await setGlobalCap(2);
    // The browser and the node start while the account and its campaign are made.
    // Assigned as soon as they are up, so afterAll stops them even when the setup below fails.
    const launching = Promise.all([launchBrowser(), launchNode("e2e-team-preview", { slots: 1 })]).then(
      (up) => {
        [browser, node] = up;
      },
    );
    launching.catch(() => {});
    api = await newAccount();
    const setup = await createCampaign(api, { facecam: "short", leads: 1 });
    campaignId = setup.campaignId;
    leadId = setup.leadIds[0] ?? "";
    await launching;
    await api.enqueueRenders(campaignId, [leadId]);
    await waitForLeadVideo(api, campaignId, leadId);
    rep = await browser.newContext({
      baseURL: edgeUrl(),
      userAgent: PERSON_UA,
      viewport: { width: 1280, height: 900 },
    });
    const cookies = await api.jar.getCookies(edgeUrl());
    await rep.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
    dashboard = await rep.newPage();
  });

  afterAll(async () => {
    await rep?.close();
    await browser?.close();
    await node?.stop();
  });

  it("the rep opens the lead's page from the leads table and plays it: a team view, the funnel and figures unmoved", async () => {
    const { landingUrl } = await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`);
    await dashboard.goto(`/app#/campaigns/${campaignId}`);
    const row = dashboard.locator("table[aria-label=Leads] tbody tr", { hasText: "Lead0" });
    const [landing] = await Promise.all([
      rep.waitForEvent("page"),
      row.getByRole("link", { name: "Page" }).click(),
    ]);
    await landing.getByRole("note").filter({ hasText: "Team preview" }).waitFor();
    // The address bar holds the prospect's own link: copying it never shares the token.
    expect(landing.url()).toBe(landingUrl);
    const [mark] = await rep.cookies(landingUrl);
    expect(mark).toMatchObject({ name: "ll_team", httpOnly: true, sameSite: "Lax" });
    expect(await playToEnd(landing)).toBe("ended");

    const events = await waitFor(
      "the rep's view, play and 100 % in the timeline, as the team's",
      async () => {
        const all = await timeline();
        const seen = new Set(all.map((e) => `${e.audience}:${e.percent ?? e.type}`));
        return ["team:view", "team:play", "team:100"].every((w) => seen.has(w)) && all;
      },
      15_000,
      250,
    );
    expect(
      events.filter((e) => e.audience !== "team"),
      JSON.stringify(events),
    ).toEqual([]);
    expect(await funnel()).toEqual({
      leads: 1,
      sent: 1,
      viewed: 0,
      played: 0,
      watchedHalf: 0,
      clicked: 0,
      booked: 0,
    });
    expect(await views()).toBe(0);
    await landing.close();

    // The dashboard says the same: nobody viewed, and the lead's activity shows the team's visit.
    await dashboard.getByRole("tab", { name: "Analytics" }).click();
    const steps = dashboard.getByRole("list", { name: "Funnel" });
    await steps.waitFor();
    expect(await steps.getByTestId("funnel-viewed").textContent()).toBe("0");
    expect(await steps.getByTestId("funnel-played").textContent()).toBe("0");
    await dashboard.getByRole("tab", { name: "Leads" }).click();
    await row.getByRole("link", { name: "Activity of Lead0" }).click();
    const list = dashboard.getByRole("list", { name: "Timeline of Lead0" });
    await list.getByText("Opened by your team").waitFor();
    expect(await list.locator("li > span").allTextContents()).not.toContain("Opened the page");
    // The snippet's preview opens the page as the team; what is copied keeps the prospect's link.
    const shown = dashboard.getByRole("figure", { name: "Preview of the snippet" }).getByRole("link").first();
    expect(await shown.getAttribute("href")).toBe(`/api/leads/${leadId}/preview`);
    expect(await dashboard.getByTestId("email-snippet-html").inputValue()).toContain(`href="${landingUrl}"`);
    await checkScreen(dashboard, "lead-activity-team-view", {
      shows: ["Opened by your team", "Played by your team"],
      hides: ["Opened the page", "has not opened their page yet"],
    });
  });

  it("the prospect, in a browser of their own, opens the exported link and plays it: the funnel moves", async () => {
    const csv = await (await api.raw("GET", `/api/campaigns/${campaignId}/leads/export`)).text();
    const [row] = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const exported = row?.landingUrl ?? "";
    expect(exported, csv).toMatch(/^http:\/\/[a-z0-9-]+\.localhost:\d+\/\S+$/);
    expect(exported).not.toContain("preview=");

    const prospect = await browser.newContext({
      userAgent: PERSON_UA,
      viewport: { width: 390, height: 844 },
    });
    const page = await prospect.newPage();
    expect((await page.goto(exported))?.status()).toBe(200);
    await page.locator("video").waitFor();
    expect(await page.getByText("Team preview").count()).toBe(0);
    expect(await prospect.cookies(exported)).toEqual([]);
    expect(await playToEnd(page)).toBe("ended");
    await prospect.close();

    await waitFor(
      "the prospect's view, play and 100 % in the timeline",
      async () => {
        const seen = new Set((await timeline()).map((e) => `${e.audience}:${e.percent ?? e.type}`));
        return ["prospect:view", "prospect:play", "prospect:100"].every((w) => seen.has(w));
      },
      15_000,
      250,
    );
    expect(await funnel()).toEqual({
      leads: 1,
      sent: 1,
      viewed: 1,
      played: 1,
      watchedHalf: 1,
      clicked: 0,
      booked: 0,
    });
    expect(await views()).toBe(1);

    // The lead's activity (it refetches by itself) now has the prospect's visit beside the team's.
    const list = dashboard.getByRole("list", { name: "Timeline of Lead0" });
    await list.getByText("Opened the page").waitFor({ timeout: 30_000 });
    await list.getByText("Opened by your team").waitFor();
  });
});
