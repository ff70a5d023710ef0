import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cancelUnfinishedRenders, createCampaign, edgeUrl, newAccount, waitFor } from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/**
 * A rep edits the scenes of an existing campaign in the dashboard's Scenes tab: a new URL template is
 * saved (and read back after a reload and through the API), a malformed one is refused by the API with
 * the field named in the editor's words beside it, no re-render is pressed on leads that have no video
 * yet, and the preview resolves each scene for a sample lead and shows its page in a frame.
 */

interface CampaignBody {
  spec: { scenes: { url: string; seconds?: number; actions: { type: string }[] }[] };
}

describe("editing the scenes of an existing campaign", () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  let campaignId = "";
  let leadIds: string[] = [];
  const pagesUrl = () => inject("pagesUrl");
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await newAccount();
    const setup = await createCampaign(api, {
      facecam: "short",
      leads: 2,
      scenes: [{ url: "{{website}}", seconds: 4, actions: [{ type: "scroll", to: "bottom" }] }],
    });
    campaignId = setup.campaignId;
    leadIds = setup.leadIds;
    // A third lead with another page, to pick as the preview's sample.
    const [priya] = await api.addLeads(campaignId, [
      { fields: { first_name: "Priya", website: `${pagesUrl()}/pricing.html` } },
    ]);
    leadIds.push(priya?.id ?? "");

    browser = await launchBrowser();
    const rep = await browser.newContext({ baseURL: edgeUrl(), viewport: { width: 1280, height: 900 } });
    const cookies = await api.jar.getCookies(edgeUrl());
    await rep.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
    page = await rep.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    if (api) await cancelUnfinishedRenders(api);
    await browser?.close();
  });

  async function openScenesTab() {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("tab", { name: "Scenes" }).click();
    await page.getByLabel("Page URL template").waitFor();
  }

  const savedUrl = async () =>
    (await api.request<CampaignBody>("GET", `/api/campaigns/${campaignId}`)).spec.scenes[0]?.url;

  it("saves a new URL template, which survives a reload and is what the API answers", async () => {
    await openScenesTab();
    const template = page.getByLabel("Page URL template");
    expect(await template.inputValue()).toBe("{{website}}");
    await template.fill("{{website}}?for=");
    await page.getByRole("button", { name: "Insert {{first_name}}" }).click();
    expect(await template.inputValue()).toBe("{{website}}?for={{first_name}}");
    await page.getByRole("button", { name: "Save scenes" }).click();

    const saved = page.getByRole("status").filter({ hasText: "Scenes saved" });
    await saved.waitFor();
    expect(await saved.textContent()).toContain("Renders queued from now on use them.");

    const body = await api.request<CampaignBody>("GET", `/api/campaigns/${campaignId}`);
    // Seconds and the scroll action were kept alongside the new URL.
    expect(body.spec.scenes).toHaveLength(1);
    expect(body.spec.scenes[0]).toMatchObject({
      url: "{{website}}?for={{first_name}}",
      seconds: 4,
      actions: [{ type: "scroll" }],
    });

    await page.reload();
    await openScenesTab();
    expect(await page.getByLabel("Page URL template").inputValue()).toBe("{{website}}?for={{first_name}}");
  });

  it("raises no re-render banner when no video was made yet; Render all queues every lead", async () => {
    await openScenesTab();
    await page.getByLabel("Seconds", { exact: true }).first().fill("5");
    await page.getByRole("button", { name: "Save scenes" }).click();
    await page.getByRole("status").filter({ hasText: "Scenes saved" }).waitFor();
    expect(await page.getByRole("region", { name: "Videos made with the old scenes" }).count()).toBe(0);
    await page.getByRole("tab", { name: "Leads" }).click();
    await page.getByRole("button", { name: "Render all (3)" }).click();
    await waitFor(
      "3 renders queued",
      async () => (await api.getLeads(campaignId)).every((l) => l.render),
      10_000,
    );
    const queued = await cancelUnfinishedRenders(api);
    expect(queued).toHaveLength(3);
  });

  it("refuses a malformed URL template with the API's message beside the field, in the editor's words; nothing is saved", async () => {
    await openScenesTab();
    await page.getByLabel("Page URL template").fill("{{website}}/{{page");
    await page.getByRole("button", { name: "Save scenes" }).click();
    const form = page.getByRole("form", { name: "Edit scenes" });
    const field = form.locator(".field", { has: page.getByLabel("Page URL template") });
    const alert = field.getByRole("alert");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    // The field is named as the editor shows it ("Scene 1 · page URL"), not by its API path.
    expect(text).toContain("Scene 1 · page URL: ");
    expect(await form.textContent()).not.toContain("spec.scenes.0.url");
    expect(text).toMatch(/malformed merge field/);
    expect(await savedUrl()).toBe("{{website}}?for={{first_name}}");
  });

  it("previews each scene for the first lead, then a chosen one: resolved URL and the page in a frame", async () => {
    await openScenesTab();
    const preview = page.getByRole("listitem", { name: "Scene 1 preview" });
    // Leads added in one batch share a creation time, so the API's order decides which one is first.
    const [first] = await api.getLeads(campaignId);
    const firstUrl = `${pagesUrl()}/index.html?for=${first?.fields.first_name}`;
    await preview.getByText(firstUrl).waitFor();
    const frame = preview.locator("iframe");
    expect(await frame.getAttribute("src")).toBe(firstUrl);
    expect(await frame.getAttribute("sandbox")).toBe("allow-scripts");
    await preview.getByText("The page as it looks now").waitFor();
    // The framed page really loaded: its own document is the lead's site.
    const loaded = await waitFor(
      "the lead's page inside the preview frame",
      async () => page.frames().find((f) => f.url() === firstUrl),
      10_000,
    );
    expect(await loaded.title()).toBe("Northwind Tools");
    // An out-of-process frame below the fold is not painted until it is in view.
    await frame.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    const box = await preview.locator(".scene-frame").boundingBox();
    expect(box && Math.round((box.width / box.height) * 9)).toBe(16);
    await checkScreen(page, "campaign-scenes", { shows: [firstUrl, "Sample lead", "Save scenes"] });

    await page.getByLabel("Sample lead").selectOption(leadIds[2] ?? "");
    const pricingUrl = `${pagesUrl()}/pricing.html?for=Priya`;
    await preview.getByText(pricingUrl).waitFor();
    expect(await preview.locator("iframe").getAttribute("src")).toBe(pricingUrl);
    await preview.getByText("The page as it looks now").waitFor();
    const pricing = await waitFor(
      "the chosen lead's page inside the preview frame",
      async () => page.frames().find((f) => f.url() === pricingUrl),
      10_000,
    );
    expect(await pricing.title()).toBe("Pricing · Northwind Tools");
    expect(pageErrors).toEqual([]);
  });
});
