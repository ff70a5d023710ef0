import { createApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, edgeUrl } from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/** A rep renames a campaign and duplicates it to reuse its setup for a new list of leads. */
describe("renaming and duplicating a campaign", () => {
  let browser: Browser;
  let page: Page;
  let campaignId = "";
  const email = `dup-${Date.now().toString(36)}@example.test`;
  const password = "e2e-password-long";

  beforeAll(async () => {
    const api = createApiClient(edgeUrl());
    await api.signUp({ name: "Dee Duplicate", email, password });
    await api.verifyEmailFromDevMailbox(email);
    campaignId = (await createCampaign(api, { facecam: "short", leads: 2 })).campaignId;
    browser = await launchBrowser();
    page = await (await browser.newContext({ baseURL: edgeUrl() })).newPage();
    await page.goto("/app#/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Campaigns" }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renames the campaign in place", async () => {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("Campaign name").fill("Bakeries, spring");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByRole("heading", { name: "Bakeries, spring" }).waitFor();
  });

  it("duplicates it into a new draft without the leads, and opens the copy", async () => {
    await page.getByRole("button", { name: "Duplicate" }).click();
    await page.getByRole("heading", { name: "Bakeries, spring (copy)" }).waitFor();
    expect(page.url()).not.toContain(campaignId);
    await page.getByText("draft", { exact: true }).waitFor();
    await checkScreen(page, "campaign-duplicated", {
      shows: ["Bakeries, spring (copy)", "Rename", "Duplicate"],
    });
  });
});
