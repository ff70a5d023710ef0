import { createApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  cancelLeftoverRenders,
  createCampaign,
  edgeUrl,
  launchNode,
  query,
  setGlobalCap,
  waitFor,
} from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/**
 * Before rendering, a rep checks the campaign's sites: the contact sheet shows each lead's first frame
 * as the checks finish, marks the broken site, and the rep excludes it so "Render all" renders the rest.
 */
describe("the contact sheet of a campaign's sites", () => {
  let browser: Browser;
  let page: Page;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let campaignId = "";
  let leadIds: string[] = [];
  let brokenLeadId = "";
  const email = `sheet-${Date.now().toString(36)}@example.test`;
  const password = "e2e-password-long";

  beforeAll(async () => {
    const api = createApiClient(edgeUrl());
    await api.signUp({ name: "Sam Sheet", email, password });
    await api.verifyEmailFromDevMailbox(email);
    const setup = await createCampaign(api, {
      facecam: "short",
      leads: 2,
      scenes: [{ url: "{{website}}", seconds: 1 }],
    });
    campaignId = setup.campaignId;
    const [broken] = await api.addLeads(campaignId, [
      { fields: { first_name: "Bea Broken", website: `${inject("pagesUrl")}/gone-missing.html` } },
    ]);
    brokenLeadId = broken?.id ?? "";
    leadIds = [...setup.leadIds, brokenLeadId];
    await cancelLeftoverRenders();
    await setGlobalCap(2);
    [browser, node] = await Promise.all([launchBrowser(), launchNode("e2e-sheet", { slots: 1 })]);
    page = await (
      await browser.newContext({ baseURL: edgeUrl(), viewport: { width: 1280, height: 900 } })
    ).newPage();
    await page.goto("/app#/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Campaigns" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  it("checks the sites: frames arrive on the sheet and the broken site is marked", async () => {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("tab", { name: "Site checks" }).click();
    await page.getByText("0 of 3 sites checked").waitFor();
    await page.getByRole("button", { name: "Check sites" }).click();
    await page.getByText("Checking 3 sites.").waitFor();
    // The sheet fills in by itself (it polls while checks run).
    await page.getByText(/3 of 3 sites checked/).waitFor({ timeout: 150_000 });
    const sheet = page.getByRole("list", { name: "Contact sheet" });
    const frames = sheet.getByRole("img", { name: /^First frame of / });
    // Every lead's page showed something, the broken one its error page.
    await expect.poll(() => frames.count()).toBe(3);
    // Real JPEGs of the lead's page, decoded by the browser (the DOM is not typed on this side).
    const widths: number[] = await frames.evaluateAll((imgs) =>
      Promise.all(
        imgs.map(async (img) => {
          const image = img as unknown as { decode(): Promise<void>; naturalWidth: number };
          await image.decode().catch(() => {});
          return image.naturalWidth;
        }),
      ),
    );
    expect(widths).toEqual([640, 640, 640]);
    const broken = sheet.getByRole("listitem", { name: "Bea Broken" });
    await broken.getByText("Broken", { exact: true }).waitFor();
    await broken.getByText(/HTTP 404/).waitFor();
    for (const name of ["Lead0", "Lead1"]) {
      await sheet.getByRole("listitem", { name }).getByText("Usable", { exact: true }).waitFor();
    }
    await checkScreen(page, "campaign-site-checks", { shows: ["2 usable", "1 broken", "Bea Broken"] });
    // Checks are never a lead's video: nothing billed, nothing rendered yet.
    const videos = await query("select id from renders where campaign_id = $1 and kind = 'video'", [
      campaignId,
    ]);
    expect(videos).toEqual([]);
  });

  it("excludes the broken site in one click, then Render all renders the rest", async () => {
    const broken = page
      .getByRole("list", { name: "Contact sheet" })
      .getByRole("listitem", { name: "Bea Broken" });
    await broken.getByRole("button", { name: "Exclude" }).click();
    await broken.getByText("Excluded").waitFor();
    await page.getByText(/1 excluded from “Render all”/).waitFor();

    await page.getByRole("tab", { name: "Leads" }).click();
    await page.getByRole("button", { name: /^Render all/ }).click();
    const done = await waitFor(
      "the two included leads' videos to be done",
      async () => {
        const rows = await query<{ lead_id: string; state: string }>(
          "select lead_id, state from renders where campaign_id = $1 and kind = 'video'",
          [campaignId],
        );
        return rows.length === 2 && rows.every((r) => r.state === "done") ? rows : undefined;
      },
      170_000,
      500,
    );
    expect(done.map((r) => r.lead_id).sort()).toEqual(leadIds.filter((id) => id !== brokenLeadId).sort());
    const checks = await query<{ kind: string; n: number }>(
      "select kind, count(*)::int as n from renders where campaign_id = $1 group by kind order by kind",
      [campaignId],
    );
    expect(checks).toEqual([
      { kind: "preflight", n: 3 },
      { kind: "video", n: 2 },
    ]);
    const ledger = await query<{ render_id: string }>(
      "select u.render_id from usage_ledger u join renders r on r.id = u.render_id where r.campaign_id = $1 and r.kind <> 'video'",
      [campaignId],
    );
    expect(ledger).toEqual([]);
  });
});
