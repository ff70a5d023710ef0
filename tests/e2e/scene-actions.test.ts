import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelUnfinishedRenders, createCampaign, edgeUrl, newAccount } from "../harness/world";
import { checkScreen, launchBrowser } from "./lib/browser";

/**
 * A rep sets up what the video does on a lead's page: the actions of a scene (point at, click,
 * highlight, wait), the video's length against the facecam, and 1080p. Mistakes are said as typed; what
 * is saved is what the API answers afterwards.
 */

interface CampaignBody {
  spec: {
    length?: string;
    output: { width: number; height: number };
    scenes: { url: string; seconds?: number; actions: Record<string, unknown>[] }[];
  };
}

describe("scene actions, video length and output size in the editor", () => {
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  let campaignId = "";
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await newAccount();
    // The short facecam lasts 2 s; the scene asks for 6 s: the mismatch the review found.
    campaignId = (
      await createCampaign(api, {
        facecam: "short",
        leads: 1,
        scenes: [{ url: "{{website}}", seconds: 6, actions: [{ type: "scroll", to: "bottom" }] }],
      })
    ).campaignId;
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

  const saved = () => api.request<CampaignBody>("GET", `/api/campaigns/${campaignId}`);

  /** A fresh load each time, so nothing typed in an earlier test is still in the editor. */
  async function openScenesTab() {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.reload();
    await page.getByRole("tab", { name: "Scenes" }).click();
    await page.getByLabel("Page URL template").waitFor();
  }

  it("shows the facecam's length against the scenes' and warns in plain words when they differ", async () => {
    await openScenesTab();
    const length = page.getByRole("group", { name: "Video length" });
    await length.getByText("Facecam: 2.0 s · Scenes: 6.0 s · Video: 6.0 s").waitFor();
    const warning = length.getByRole("status");
    expect(await warning.textContent()).toContain(
      "The scenes last 6.0 s but your facecam only 2.0 s: for the last 4.0 s the bubble shows your last frame and there is no sound.",
    );
    // Fitting the scenes to the clip: the video follows the facecam and the warning goes.
    await length.getByLabel(/End with the facecam/).check();
    await length.getByText("Facecam: 2.0 s · Scenes: 6.0 s · Video: 2.0 s").waitFor();
    expect(await length.locator(".alert.warn").count()).toBe(0);
    await length.getByText("they are shortened together to your clip's 2.0 s").waitFor();
  });

  it("checks actions as they are typed, in the editor's words, and saves none while one is wrong", async () => {
    await openScenesTab();
    await page.getByRole("button", { name: "Add click to scene 1" }).click();
    const click = page.getByRole("listitem", { name: "Action 1 of scene 1" });
    await click.getByText("Element to click: write the CSS selector of the element, e.g. #signup.").waitFor();
    await click.getByLabel("Element to click").fill("a[href=");
    await click
      .getByText("Element to click: “a[href=” is not a CSS selector the browser understands.")
      .waitFor();
    const save = page.getByRole("button", { name: "Save scenes" });
    expect(await save.isDisabled()).toBe(true);
    await page.getByText("Scene 1, action 1: Element to click:", { exact: false }).first().waitFor();
    await click.getByLabel("Seconds (optional)").fill("-2");
    await click.getByLabel("Element to click").fill("a[href*=pricing]");
    await click.getByText("Click: seconds must be a number above 0.").waitFor();
    await click.getByLabel("Seconds (optional)").fill("");
    expect(await click.getByRole("alert").count()).toBe(0);
    expect(await save.isDisabled()).toBe(false);
    // Nothing was saved while the editor showed problems.
    expect((await saved()).spec.scenes[0]?.actions).toEqual([{ type: "scroll", to: "bottom" }]);
  });

  it("saves point at, click, highlight and wait with the length choice, and previews where the cursor goes", async () => {
    await openScenesTab();
    const add = (type: string) => page.getByRole("button", { name: `Add ${type} to scene 1` }).click();
    const action = (n: number) => page.getByRole("listitem", { name: `Action ${n} of scene 1` });
    await add("point at");
    await action(1).getByLabel("Element to point at").fill("nav a.{{first_name}}");
    await add("click");
    await action(2).getByLabel("Element to click").fill("#signup");
    await action(2).getByLabel("Seconds (optional)").fill("1.5");
    await add("highlight");
    await action(3).getByLabel("Element to highlight").fill("h1");
    await add("wait");
    await action(4).getByLabel("Seconds").fill("2");
    const length = page.getByRole("group", { name: "Video length" });
    await length.getByLabel(/Keep each scene's seconds/).check();

    // The timeline: the scroll first (as long as the page needs), then the rest from its end.
    const timeline = page.getByRole("listitem", { name: "Timeline of scene 1" });
    await timeline.getByText("Scene 1: 0.0 s to 6.0 s").waitFor();
    const lines = await timeline.locator("li").allInnerTexts();
    expect(lines).toEqual([
      "at 0.0 s · Scroll bottom for 4.8 s",
      "at 4.8 s · Point at nav a.{{first_name}} for 1.2 s",
      "left out (the scene ends first) · Click #signup for 1.5 s",
      "left out (the scene ends first) · Highlight h1 for 2.0 s",
      "left out (the scene ends first) · Wait for 2.0 s",
    ]);
    // Fitted to the 2 s clip, every start moves with its scene.
    await length.getByLabel(/End with the facecam/).check();
    await timeline.getByText("Scene 1: 0.0 s to 2.0 s").waitFor();
    await timeline.getByText("at 0.0 s · Scroll bottom for 1.6 s").waitFor();
    await length.getByLabel(/Keep each scene's seconds/).check();
    await page.getByLabel("Seconds", { exact: true }).first().fill("12");
    await timeline.getByText("at 10.8 s · Click #signup for 1.5 s").waitFor();
    await checkScreen(page, "campaign-scene-actions", { shows: ["Timeline", "Point at", "Video length"] });

    await page.getByRole("button", { name: "Save scenes" }).click();
    await page.getByRole("status").filter({ hasText: "Scenes saved" }).waitFor();
    const body = await saved();
    expect(body.spec.length).toBe("scenes");
    expect(body.spec.scenes[0]).toMatchObject({
      seconds: 12,
      actions: [
        { type: "scroll", to: "bottom", seconds: 9.6 },
        { type: "hover", selector: "nav a.{{first_name}}" },
        { type: "click", selector: "#signup", seconds: 1.5 },
        { type: "highlight", selector: "h1" },
        { type: "wait", seconds: 2 },
      ],
    });

    // Read back after a reload: the editor shows what was saved.
    await page.reload();
    await openScenesTab();
    expect(await action(2).getByLabel("Element to click").inputValue()).toBe("#signup");
    expect(await action(4).getByLabel("Action", { exact: true }).inputValue()).toBe("wait");
    expect(await length.getByLabel(/Keep each scene's seconds/).isChecked()).toBe(true);
  });

  it("renders at 1080p once chosen in the video settings", async () => {
    await page.goto(`/app#/campaigns/${campaignId}`);
    await page.getByRole("tab", { name: "Video" }).click();
    const size = page.getByLabel("Video size");
    expect(await size.inputValue()).toBe("720");
    await size.selectOption({ label: "1080p (1920 × 1080)" });
    await page.getByRole("button", { name: "Save video settings" }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    const body = await saved();
    expect(body.spec.output).toMatchObject({ width: 1920, height: 1080 });
    // The scenes and the length choice saved before are kept.
    expect(body.spec.length).toBe("scenes");
    expect(body.spec.scenes[0]?.actions).toHaveLength(5);
    expect(pageErrors).toEqual([]);
  });
});
