import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  cancelLeftoverRenders,
  cancelUnfinishedRenders,
  createCampaign,
  edgeUrl,
  launchNode,
  newAccount,
  setGlobalCap,
  waitFor,
} from "../harness/world";
import { checkScreen, launchBrowser, PERSON_UA } from "./lib/browser";

/**
 * The dashboard guides a rep and never misleads: merge fields are checked against the campaign's
 * columns as they are typed, an API error shows beside its field in the editor's words, a scene change
 * raises a banner offering to re-render the videos made with the old scenes (a rename does not), and a
 * new workspace's checklist ticks as the rep goes.
 */

interface CampaignBody {
  name: string;
  spec: { scenes: { url: string; seconds?: number; overlays: { text: string }[] }[] };
  figures: { outdated: number; views: number };
}

let browser: Browser;
const pageErrors: string[] = [];

/** The rep's dashboard in its own browser context, signed in with the API client's session cookie. */
async function dashboardFor(api: ApiClient): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: edgeUrl(), viewport: { width: 1280, height: 900 } });
  const cookies = await api.jar.getCookies(edgeUrl());
  await context.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(err.message));
  return { context, page };
}

/**
 * The render node of the re-render scenario below, started with the browser so it is up by the time the
 * editor's scenarios (which render nothing) are done.
 */
let node: Awaited<ReturnType<typeof launchNode>> | undefined;

beforeAll(async () => {
  // Earlier suites' leftovers would be claimed first.
  await cancelLeftoverRenders();
  [browser, node] = await Promise.all([launchBrowser(), launchNode("e2e-guidance", { slots: 1 })]);
});

afterAll(async () => {
  await browser?.close();
  await node?.stop();
  expect(pageErrors).toEqual([]);
});

describe("merge fields and API errors in the scene editor", () => {
  let api: ApiClient;
  let page: Page;

  beforeAll(async () => {
    api = await newAccount();
    ({ page } = await dashboardFor(api));
  });

  afterAll(async () => {
    if (api) await cancelUnfinishedRenders(api);
  });

  const campaign = (id: string) => api.request<CampaignBody>("GET", `/api/campaigns/${id}`);

  it("shows {{webiste}} beside the URL as it is typed, offers {{website}}, and saves only once fixed", async () => {
    const { campaignId } = await createCampaign(api, { facecam: "short", leads: 1 });
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("tab", { name: "Scenes" }).click();
    const url = page.getByLabel("Page URL template");
    await url.fill("{{webiste}}/pricing");

    const scene = page.locator("li.scene", { hasText: "Scene 1" });
    const hint = scene.getByRole("alert").filter({ hasText: "webiste" });
    await hint.waitFor();
    expect(await hint.textContent()).toContain(
      "Scene 1 · page URL: {{webiste}} is not a column of this campaign's leads; did you mean {{website}}?",
    );
    const save = page.getByRole("button", { name: "Save scenes" });
    expect(await save.isDisabled()).toBe(true);
    await page.getByText("Fix the merge fields marked above to save.").waitFor();
    // Enter in the field does not save either.
    await url.press("Enter");
    expect((await campaign(campaignId)).spec.scenes[0]?.url).toBe("{{website}}");

    await hint.getByRole("button", { name: "Use {{website}}" }).click();
    expect(await url.inputValue()).toBe("{{website}}/pricing");
    await hint.waitFor({ state: "detached" });
    await checkScreen(page, "scenes-merge-field-fixed", { shows: ["Scene 1", "Save scenes"] });
    await save.click();
    await page.getByRole("status").filter({ hasText: "Scenes saved" }).waitFor();
    expect((await campaign(campaignId)).spec.scenes[0]?.url).toBe("{{website}}/pricing");
  });

  it("checks the New campaign form against the standard columns and lets the rep declare a custom one", async () => {
    await page.goto("/app#/campaigns/new");
    const url = page.getByLabel("Page URL template").first();
    await url.fill("{{webiste}}");
    await page
      .getByText("Scene 1 · page URL: {{webiste}} is not a standard lead column; did you mean {{website}}?")
      .waitFor();
    await url.fill("{{website}}/menu?dish={{favourite_dish}}");
    const custom = page
      .getByRole("alert")
      .filter({ hasText: "{{favourite_dish}} is not a standard lead column" });
    await custom.waitFor();
    await custom.getByRole("button", { name: "My CSV will have a “favourite_dish” column" }).click();
    await custom.waitFor({ state: "detached" });
  });

  it("shows the API's refusal beside the field it names, in the editor's words", async () => {
    // The rep opens a campaign without leads, where {{company}} is a standard column...
    const facecam = inject("facecams").short;
    const asset = await api.uploadAsset(facecam.path, { kind: "facecam", contentType: "video/mp4" });
    const created = await api.createCampaign({
      name: "Stale columns",
      spec: { facecam: asset.id, scenes: [{ url: "{{website}}", seconds: 3 }] },
    });
    await page.goto(`/app#/campaigns/${created.id}`);
    await page.getByRole("tab", { name: "Scenes" }).click();
    await page.getByLabel("Page URL template").waitFor();
    // ...while a teammate imports leads that have no company column.
    await api.addLeads(created.id, [
      { fields: { first_name: "Ada", website: `${inject("pagesUrl")}/index.html` } },
    ]);

    await page.getByRole("button", { name: "+ Add a text overlay" }).click();
    await page.getByLabel("Overlay 1 text").fill("Made for {{company}}");
    await page.getByRole("button", { name: "Save scenes" }).click();

    const overlayField = page.locator(".field", { has: page.getByLabel("Overlay 1 text") });
    const beside = overlayField.getByRole("alert");
    await beside.waitFor();
    expect(await beside.textContent()).toBe(
      "Scene 1 · overlay 1 · text: {{company}} is not a column of this campaign's leads; their columns are first_name, website",
    );
    // The form's own message says the same in the same words: no API path anywhere.
    const form = page.getByRole("form", { name: "Edit scenes" });
    expect(await form.textContent()).not.toContain("spec.scenes");
    expect((await campaign(created.id)).spec.scenes[0]?.overlays).toEqual([]);
  });

  it("opens the example campaign from the checklist, marked as an example, with its leads", async () => {
    await page.goto("/app#/campaigns");
    const checklist = page.getByRole("region", { name: "Getting started" });
    await checklist.getByRole("button", { name: "Open the example campaign" }).click();
    await page.getByRole("heading", { name: "Example campaign" }).waitFor();
    await page.getByRole("region", { name: "About the example campaign" }).waitFor();
    const leads = page.getByRole("table", { name: "Leads" });
    for (const name of ["Maria", "Priya", "Daniel"]) await leads.getByText(name, { exact: true }).waitFor();
    expect(await leads.locator("tbody tr").count()).toBe(3);
    await checkScreen(page, "campaign-example", { shows: ["Example campaign", "Render all", "Daniel"] });

    // The list marks it, and opening it again answers the same campaign.
    await page.goto("/app#/campaigns");
    const row = page.getByRole("row").filter({ hasText: "Example campaign" });
    await row.getByText("Example", { exact: true }).waitFor();
    await checklist.getByRole("button", { name: "Open the example campaign" }).click();
    await page.getByRole("heading", { name: "Example campaign" }).waitFor();
    expect(page.url()).toContain(`#/campaigns/${(await api.listCampaigns()).find((c) => c.example)?.id}`);
    expect((await api.listCampaigns()).filter((c) => c.name === "Example campaign")).toHaveLength(1);
  });

  it("shows the import's guessed role → title, keeps role when the rep says so, and offers a chip per column", async () => {
    // The example campaign the test above opened is on screen.
    await page.getByRole("heading", { name: "Example campaign" }).waitFor();
    const csv = `first_name,website,role,favourite_dish\nZoe,${inject("pagesUrl")}/index.html,CTO,Pho\n`;
    await page.getByRole("button", { name: "Import CSV" }).click();
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const mapping = page.getByRole("group", { name: "Column mapping" });
    const role = mapping.getByLabel("Merge field for the column “role”");
    await mapping.getByText("read as title: “role” is a usual name for it").waitFor();
    expect(await role.inputValue()).toBe("title");
    await checkScreen(page, "lead-import-mapping", { shows: ["Columns", "1 ready to import"] });
    await role.selectOption("role");
    await mapping.getByText("read as title").waitFor({ state: "detached" });
    expect(await role.inputValue()).toBe("role");
    await page.getByRole("button", { name: "Import 1 lead" }).click();
    await page.getByText("Added 1 lead.").waitFor();
    const example = (await api.listCampaigns()).find((c) => c.example);
    expect(example?.leadColumns).toEqual([
      "company",
      "favourite_dish",
      "first_name",
      "role",
      "title",
      "website",
    ]);

    await page.getByRole("tab", { name: "Scenes" }).click();
    const scene = page.locator("li.scene", { hasText: "Scene 1" });
    const chips = await scene
      .getByRole("group", { name: "Insert a merge field" })
      .getByRole("button")
      .allTextContents();
    expect(chips).toEqual([
      "{{website}}",
      "{{first_name}}",
      "{{company}}",
      "{{title}}",
      "{{favourite_dish}}",
      "{{role}}",
    ]);
    await scene.getByRole("button", { name: "Insert {{favourite_dish}}" }).click();
    expect(await page.getByLabel("Page URL template").inputValue()).toBe("{{website}}{{favourite_dish}}");
    expect(await scene.getByRole("alert").count()).toBe(0);
  });
});

describe("a new workspace: checklist, then a scene change and its re-render banner", () => {
  let api: ApiClient;
  let page: Page;
  let campaignId = "";
  let leadId = "";

  beforeAll(async () => {
    await cancelLeftoverRenders();
    await setGlobalCap(2);
    api = await newAccount();
    ({ page } = await dashboardFor(api));
  });

  afterAll(async () => {
    if (api) await cancelUnfinishedRenders(api);
  });

  const checklist = () => page.getByRole("region", { name: "Getting started" });
  const step = (label: string) => checklist().getByRole("listitem", { name: new RegExp(`^${label}: `) });
  async function expectSteps(done: string[]) {
    await page.goto("/app#/campaigns");
    await page.reload();
    await checklist().waitFor();
    for (const label of [
      "Record or upload your facecam",
      "Choose the scenes",
      "Add leads",
      "Render your first video",
      "Share a video",
    ]) {
      const state = (await step(label).getAttribute("aria-label"))?.endsWith(": done") ? "done" : "to do";
      expect([label, state]).toEqual([label, done.includes(label) ? "done" : "to do"]);
    }
  }
  const waitForDone = (what: string, renderCount: number) =>
    waitFor(
      what,
      async () => {
        const leads = await api.getLeads(campaignId);
        const render = leads[0]?.render;
        if (render?.state === "failed") throw new Error(`render failed: ${render.error}`);
        const renders = await api.request<{ renders: unknown[] }>(
          "GET",
          `/api/campaigns/${campaignId}/renders`,
        );
        return render?.state === "done" && renders.renders.length === renderCount;
      },
      150_000,
      500,
    );
  const outdated = async () =>
    (await api.request<CampaignBody>("GET", `/api/campaigns/${campaignId}`)).figures.outdated;

  it("ticks the checklist from the workspace's data as the rep goes", async () => {
    await page.goto("/app#/campaigns");
    await checklist().waitFor();
    await checklist().getByText("0 of 5 done").waitFor();
    await page.getByText("No campaigns yet.").waitFor();

    const asset = await api.uploadAsset(inject("facecams").short.path, {
      kind: "facecam",
      contentType: "video/mp4",
    });
    const created = await api.createCampaign({
      name: "Bakeries",
      spec: { facecam: asset.id, scenes: [{ url: "{{website}}", seconds: 2 }] },
    });
    campaignId = created.id;
    await expectSteps(["Record or upload your facecam", "Choose the scenes"]);

    const [lead] = await api.addLeads(campaignId, [
      { fields: { first_name: "Ada", website: `${inject("pagesUrl")}/index.html` } },
    ]);
    leadId = lead?.id ?? "";
    await expectSteps(["Record or upload your facecam", "Choose the scenes", "Add leads"]);

    await api.enqueueRenders(campaignId, [leadId]);
    await waitForDone("Ada's first video", 1);
    await expectSteps([
      "Record or upload your facecam",
      "Choose the scenes",
      "Add leads",
      "Render your first video",
    ]);
    await checkScreen(page, "campaigns-checklist", { shows: ["Getting started", "4 of 5 done"] });

    // A prospect opens the page: the last step ticks and the finished checklist goes away.
    const { landingUrl } = await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`);
    const prospect = await browser.newContext({ userAgent: PERSON_UA });
    await (await prospect.newPage()).goto(landingUrl);
    await waitFor(
      "the prospect's view to be counted",
      async () => (await api.request<CampaignBody>("GET", `/api/campaigns/${campaignId}`)).figures.views > 0,
      20_000,
    );
    await prospect.close();
    await page.reload();
    await page.getByRole("table", { name: "Campaigns" }).waitFor();
    expect(await checklist().count()).toBe(0);
  });

  it("can be dismissed, and stays hidden", async () => {
    const other = await newAccount();
    const { context, page: fresh } = await dashboardFor(other);
    await fresh.goto("/app#/campaigns");
    const list = fresh.getByRole("region", { name: "Getting started" });
    await list.waitFor();
    await list.getByRole("button", { name: "Hide checklist" }).click();
    await list.waitFor({ state: "detached" });
    await fresh.reload();
    await fresh.getByText("No campaigns yet.").waitFor();
    expect(await list.count()).toBe(0);
    await context.close();
  });

  it("raises no banner on a rename", async () => {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("Campaign name").fill("Bakeries, renamed");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("heading", { name: "Bakeries, renamed" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Bakeries, renamed" }).waitFor();
    expect(await page.getByRole("region", { name: "Videos made with the old scenes" }).count()).toBe(0);
    expect(await outdated()).toBe(0);
  });

  it("after a scene change, says the video was made with the old scenes; re-rendering from it clears it", async () => {
    await page.getByRole("tab", { name: "Scenes" }).click();
    await page.getByLabel("Seconds", { exact: true }).first().fill("3");
    await page.getByRole("button", { name: "Save scenes" }).click();

    const banner = page.getByRole("region", { name: "Videos made with the old scenes" });
    await banner.waitFor();
    expect(await banner.textContent()).toContain("1 video was made with the old scenes.");
    // It is there from every tab and after a reload: it comes from the campaign's data.
    await page.reload();
    await banner.waitFor();
    await checkScreen(page, "campaign-outdated-banner", {
      shows: ["made with the old scenes", "Re-render 1 video"],
    });

    await banner.getByRole("button", { name: "Re-render 1 video" }).click();
    await banner.waitFor({ state: "detached" });
    await waitForDone("Ada's video with the new scenes", 2);
    expect(await outdated()).toBe(0);
    await page.reload();
    await page.getByRole("heading", { name: "Bakeries, renamed" }).waitFor();
    expect(await banner.count()).toBe(0);
  });
});
