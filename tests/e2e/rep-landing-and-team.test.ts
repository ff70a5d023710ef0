import { createApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, edgeUrl, query } from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/** A 1×1 PNG: a real image for the rep's photo (uploads are checked by their bytes). */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);
const password = "e2e-password-long";

async function signedInPage(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: edgeUrl() });
  const page = await context.newPage();
  await page.goto("/app#/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Campaigns" }).waitFor();
  return { context, page };
}

describe("the rep on the landing page, and its live preview", () => {
  let browser: Browser;
  let page: Page;
  let campaignId = "";
  let landingUrl = "";
  const email = `rep-landing-${Date.now().toString(36)}@example.test`;
  const api = createApiClient(edgeUrl());

  beforeAll(async () => {
    await api.signUp({ name: "Sam Rivera", email, password });
    await api.verifyEmailFromDevMailbox(email);
    campaignId = (await createCampaign(api, { facecam: "short", leads: 1 })).campaignId;
    const photo = await api.uploadAsset(PNG, { kind: "photo", contentType: "image/png" });
    await api.request("PATCH", `/api/campaigns/${campaignId}`, {
      body: {
        landing: {
          headline: "Hi {{first_name}}",
          message: "First line\nsecond line\n\nA new paragraph <b>not bold</b>",
          repPhotoAssetId: photo.id,
          repName: "Sam Rivera",
          repTitle: "Account Executive",
          replyEmail: "sam@acme.example",
          ctaLabel: "Book a call",
          ctaUrl: "https://cal.example.com/sam",
        },
      },
    });
    const [lead] = await api.getLeads(campaignId);
    landingUrl = lead?.landingUrl ?? "";
    browser = await launchBrowser();
    ({ page } = await signedInPage(browser, email));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the prospect the rep's photo, name and title, a reply link, the CTA in a new tab and the message's lines", async () => {
    const prospect = await (await browser.newContext()).newPage();
    await prospect.goto(landingUrl);
    const photo = prospect.getByRole("img", { name: "Photo of Sam Rivera" });
    await photo.waitFor();
    // The image really loaded from the landing host.
    expect(await photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await prospect.getByText("Account Executive").waitFor();
    const reply = prospect.getByRole("link", { name: "Reply to Sam Rivera by email" });
    expect(await reply.getAttribute("href")).toBe(
      `mailto:sam@acme.example?subject=${encodeURIComponent("Re: the video for Lead0")}`,
    );
    const cta = prospect.getByRole("link", { name: "Book a call" });
    expect(await cta.getAttribute("target")).toBe("_blank");
    expect(await cta.getAttribute("rel")).toBe("noopener noreferrer");
    const paragraphs = await prospect.locator("p.message").allInnerTexts();
    expect(paragraphs).toEqual(["First line\nsecond line", "A new paragraph <b>not bold</b>"]);
    await checkScreen(prospect, "landing-rep", { shows: ["Sam Rivera", "Account Executive", "Book a call"] });
    await prospect.context().close();
  });

  it("previews unsaved edits as the rep types, with the real page", async () => {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("tab", { name: "Landing page" }).click();
    const preview = page.frameLocator('iframe[title="Landing page preview"]');
    await preview.getByRole("heading", { name: "Hi Lead0" }).waitFor();
    await preview.getByRole("img", { name: "Photo of Sam Rivera" }).waitFor();

    await page.getByLabel("Headline").fill("Made for {{first_name}} today");
    await preview.getByRole("heading", { name: "Made for Lead0 today" }).waitFor();
    await page.getByLabel("Your title").fill("Head of Sales");
    await preview.getByText("Head of Sales").waitFor();

    // Nothing was saved: the lead's page still shows the stored settings.
    const stored = await api.request<{ landing: { headline?: string } }>(
      "GET",
      `/api/campaigns/${campaignId}`,
    );
    expect(stored.landing.headline).toBe("Hi {{first_name}}");
    await checkScreen(page, "campaign-landing-preview", { shows: ["Preview", "Save landing page"] });
  });
});

describe("several workspaces and roles", () => {
  let browser: Browser;
  let page: Page;
  const stamp = Date.now().toString(36);
  const ownerEmail = `team-owner-${stamp}@example.test`;
  const memberEmail = `team-member-${stamp}@example.test`;

  beforeAll(async () => {
    const owner = createApiClient(edgeUrl());
    await owner.signUp({ name: "Olive Owner", email: ownerEmail, password });
    await owner.verifyEmailFromDevMailbox(ownerEmail);
    await owner.request("PATCH", "/api/workspace", { body: { name: "Olive's team" } });
    // A plan with seats for a teammate (buying one through checkout is dashboard.test's part).
    const ownerWorkspace = (await owner.me()).workspace.id;
    await query("UPDATE workspaces SET plan = 'team' WHERE id = $1", [ownerWorkspace]);
    const invited = await owner.request<{ acceptUrl: string }>("POST", "/api/workspace/invitations", {
      body: { email: memberEmail, role: "member" },
    });
    const member = createApiClient(edgeUrl());
    await member.signUp({ name: "Max Member", email: memberEmail, password });
    await member.verifyEmailFromDevMailbox(memberEmail);
    await member.request("PATCH", "/api/workspace", { body: { name: "Max's own" } });
    const token = invited.acceptUrl.split("#/invite/")[1] ?? "";
    await member.request("POST", `/api/invitations/${token}/accept`);
    browser = await launchBrowser();
    ({ page } = await signedInPage(browser, memberEmail));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const switcher = () => page.getByRole("combobox", { name: "Workspace" });

  it("lets a person in two workspaces switch between them from the header", async () => {
    await switcher().waitFor();
    const options = await switcher().locator("option").allInnerTexts();
    expect(options.sort()).toEqual(["Max's own (owner)", "Olive's team (member)"]);
    await switcher().selectOption({ label: "Olive's team (member)" });
    await expect
      .poll(async () => (await page.request.get("/api/me").then((r) => r.json())).workspace.name)
      .toBe("Olive's team");
    await page.getByRole("heading", { name: "Campaigns" }).waitFor();
    expect(await switcher().locator("option:checked").textContent()).toBe("Olive's team (member)");
  });

  it("shows a member no owner-only or admin-only forms, and the owner's workspace shows them all", async () => {
    await page.goto("/app#/settings/workspace");
    await page.getByTestId("role-notice-workspace").waitFor();
    expect(await page.getByRole("link", { name: "Danger zone" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /save/i }).count()).toBe(0);
    await page.goto("/app#/settings/webhooks");
    await page.getByTestId("role-notice-webhooks").waitFor();
    expect(await page.getByLabel("Endpoint URL").count()).toBe(0);
    await page.goto("/app#/settings/danger");
    await page.getByTestId("role-notice-danger").waitFor();
    expect(await page.getByText(/Type .* to confirm/).count()).toBe(0);
    await checkScreen(page, "settings-member", { shows: ["Only the workspace's owner can"] });

    await switcher().selectOption({ label: "Max's own (owner)" });
    await expect
      .poll(async () => (await page.request.get("/api/me").then((r) => r.json())).workspace.name)
      .toBe("Max's own");
    await page.goto("/app#/settings/danger");
    await page.getByRole("link", { name: "Danger zone" }).waitFor();
    await page.getByText(/Type .* to confirm/).waitFor();
  });
});
