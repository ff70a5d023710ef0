import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  adminToken,
  cancelLeftoverRenders,
  cancelUnfinishedRenders,
  createCampaign,
  edgeUrl,
  launchNode,
  newAccount,
  setGlobalCap,
  waitForLeadVideo,
} from "../harness/world";
import { axeViolations } from "./lib/axe";
import { checkScreen, launchBrowser, screenLoaded, screenshot } from "./lib/browser";

/**
 * The dashboard fits a phone and a laptop, and axe-core finds nothing serious on it: every screen at
 * 390×844 has no sideways scroll (tables may scroll inside their own box) and no serious or critical
 * axe violation, the nav reaches every link without widening the page, and at 1280 px every action of
 * a lead's row is on screen. The dashboard has one colour scheme (global.css: `color-scheme: light`),
 * so axe runs in that one.
 */

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

interface Screen {
  name: string;
  hash: string;
  /** Clicked after the hash is open (a campaign's tab). */
  tab?: string;
  /** What is on the screen once its data is there. */
  ready: (page: Page) => Locator;
}

/**
 * Null when the page is no wider than the window; otherwise how wide, and the outermost elements that
 * reach past the right edge without a scrolling box of their own to clip them: the culprits.
 */
async function sidewaysScroll(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const win = globalThis as unknown as WindowLike;
    const root = win.document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const edge = root.clientWidth + 0.5;
    const pastEdge = (el: ElementLike) => el.getBoundingClientRect().right > edge;
    // A scrolling ancestor inside the window clips what is in it (absolutely placed elements may escape it).
    const clipped = (el: ElementLike) => {
      if (/absolute|fixed/.test(win.getComputedStyle(el).position)) return false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (win.getComputedStyle(a).overflowX !== "visible" && !pastEdge(a)) return true;
      }
      return false;
    };
    const culprits = new Set(
      [...win.document.querySelectorAll("body *")].filter((el) => pastEdge(el) && !clipped(el)),
    );
    const outermost = [...culprits].filter((el) => !el.parentElement || !culprits.has(el.parentElement));
    const names = outermost.slice(0, 6).map((el) => {
      const cls = el.getAttribute("class");
      return `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ""}> to ${Math.round(el.getBoundingClientRect().right)} px`;
    });
    return `${root.scrollWidth} px wide in ${root.clientWidth} px: ${names.join(", ")}`;
  });
}

/** The few DOM members read above (the tests' tsconfig has no DOM lib). */
interface ElementLike {
  tagName: string;
  parentElement: ElementLike | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
interface WindowLike {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    querySelectorAll(selector: string): Iterable<ElementLike>;
  };
  getComputedStyle(el: ElementLike): { position: string; overflowX: string };
}

describe("the dashboard on a phone and a laptop", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let node: Awaited<ReturnType<typeof launchNode>>;
  let api: ApiClient;
  let campaignId = "";
  let doneLeadId = "";
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await cancelLeftoverRenders();
    await setGlobalCap(2);
    api = await newAccount();
    const setup = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 1 }],
    });
    campaignId = setup.campaignId;
    doneLeadId = setup.leadIds[0] ?? "";
    // A second lead with long values: the table and the screens must cope with them too.
    await api.addLeads(campaignId, [
      {
        fields: {
          first_name: "Maximiliana",
          company: "Hartwell, Reyes & Montgomery-Whitfield Associates",
          website: `${inject("pagesUrl")}/pricing.html?lead=maximiliana-from-hartwell-reyes-and-montgomery`,
        },
      },
    ]);
    const { user } = await api.me();
    const [granted] = await Promise.all([
      // An operator, so the admin screen is one of the screens checked.
      fetch(`${edgeUrl()}/api/admin/operators`, {
        method: "POST",
        headers: { authorization: `Bearer ${adminToken()}`, "content-type": "application/json" },
        body: JSON.stringify({ email: user?.email }),
      }),
      // One of each thing the settings list, so their lists are on screen too.
      api.createApiKey("CRM sync"),
      api.request("POST", "/api/webhooks", {
        body: { url: "http://localhost:9/hooks/loom-lite/crm-sync", events: ["lead.viewed"] },
      }),
      api.request("POST", "/api/domains", { body: { hostname: `video-${Date.now()}.example.com` } }),
    ]);
    expect(granted.status, await granted.text()).toBe(201);
    [browser, node] = await Promise.all([launchBrowser(), launchNode("e2e-layout", { slots: 1 })]);
    // One finished video, so the lead's row has every action; it renders while the other screens are
    // checked.
    await api.enqueueRenders(campaignId, [doneLeadId]);
    // axe is injected as a script, which the site's nonce-based policy would (rightly) refuse.
    context = await browser.newContext({ baseURL: edgeUrl(), bypassCSP: true, viewport: PHONE });
    const cookies = await api.jar.getCookies(edgeUrl());
    await context.addCookies(cookies.map((c) => ({ name: c.key, value: c.value, url: edgeUrl() })));
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    if (api) await cancelUnfinishedRenders(api);
    await context?.close();
    await browser?.close();
    await node?.stop();
    expect(pageErrors).toEqual([]);
  });

  /** Opens the screen, then lists what is wrong with it on this viewport: sideways scroll, axe. */
  async function problemsOf(screen: Screen): Promise<string[]> {
    await page.goto(`/app${screen.hash}`);
    if (screen.tab) await page.getByRole("tab", { name: screen.tab, exact: true }).click();
    await screen.ready(page).first().waitFor();
    await screenLoaded(page);
    const problems: string[] = [];
    // A screen showing an error would pass for the wrong reason.
    const alerts = await page.locator('[role="alert"]').allInnerTexts();
    if (alerts.length > 0) problems.push(`${screen.name}: error alerts ${JSON.stringify(alerts)}`);
    const scroll = await sidewaysScroll(page);
    if (scroll) problems.push(`${screen.name}: scrolls sideways, ${scroll}`);
    for (const v of await axeViolations(page, { iframes: false })) problems.push(`${screen.name}: ${v}`);
    // A picture of what failed (every screen's would cost a second each).
    if (problems.length > 0) await screenshot(page, `layout-phone-${screen.name}`);
    return problems;
  }

  const region = (name: string) => (p: Page) => p.getByRole("region", { name, exact: true });
  const form = (name: string) => (p: Page) => p.getByRole("form", { name, exact: true });
  const campaignTab = (tab: string, ready: (p: Page) => Locator): Screen => ({
    name: `campaign-${tab.toLowerCase().replaceAll(" ", "-")}`,
    // Read when the screen is opened: the campaign is made in beforeAll, after the tests are listed.
    get hash() {
      return `#/campaigns/${campaignId}`;
    },
    tab,
    ready,
  });

  it("fits the nav into a phone's width and reaches every link in it", async () => {
    await page.goto("/app#/campaigns");
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    await nav.getByRole("link", { name: "Admin" }).waitFor();
    const header = await page.locator("header").first().boundingBox();
    // Two rows at most (brand, then the nav): three wrapped rows took a quarter of the screen.
    expect(header?.height, "the header's height on a phone").toBeLessThanOrEqual(120);
    for (const link of await nav.getByRole("link").all()) {
      await link.scrollIntoViewIfNeeded();
      const box = await link.boundingBox();
      const name = await link.innerText();
      expect(box, name).not.toBeNull();
      expect(box?.x, `${name} starts on screen`).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), `${name} ends on screen`).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await sidewaysScroll(page)).toBeNull();
    await nav.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
  });

  // One test per screen, each with the whole timeout (axe on a screen can take seconds on a loaded machine).
  const phoneScreens: Screen[] = [
    { name: "campaigns", hash: "#/campaigns", ready: (p) => p.locator("tr.campaign-row") },
    { name: "campaign-new", hash: "#/campaigns/new", ready: region("Video length and timeline") },
    { name: "facecams", hash: "#/facecams", ready: region("Library") },
    { name: "settings-profile", hash: "#/settings/profile", ready: form("Profile") },
    {
      name: "settings-password",
      hash: "#/settings/password",
      ready: (p) => p.getByLabel("Current password"),
    },
    { name: "settings-keys", hash: "#/settings/keys", ready: region("Active API keys") },
    { name: "settings-workspace", hash: "#/settings/workspace", ready: form("Workspace") },
    { name: "settings-team", hash: "#/settings/team", ready: region("Members") },
    { name: "settings-notifications", hash: "#/settings/notifications", ready: form("Notifications") },
    { name: "settings-webhooks", hash: "#/settings/webhooks", ready: region("Webhook endpoints") },
    { name: "settings-domains", hash: "#/settings/domains", ready: region("Custom domains") },
    { name: "settings-billing", hash: "#/settings/billing", ready: region("Plan") },
    { name: "settings-danger", hash: "#/settings/danger", ready: form("Delete account") },
    { name: "admin", hash: "#/admin", ready: region("Render nodes") },
    campaignTab("Site checks", region("Site checks")),
    campaignTab("Analytics", region("Campaign funnel")),
    campaignTab("Landing page", region("Landing page settings")),
    campaignTab("Video", region("Video settings")),
    campaignTab("Scenes", region("Scene preview")),
  ];
  it.each(phoneScreens.map((screen) => [screen.name, screen] as const))(
    "has no sideways scroll and no serious axe violation on the %s screen at 390 px",
    async (_, screen) => {
      expect(await problemsOf(screen)).toEqual([]);
    },
  );

  it("has no sideways scroll and no serious axe violation on the leads table and the lead's screen at 390 px", async () => {
    // Last, once the video is done: the leads table with every action of a row, and the lead's screen.
    await waitForLeadVideo(api, campaignId, doneLeadId);
    const problems = [
      ...(await problemsOf(campaignTab("Leads", (p) => p.getByRole("link", { name: /^Activity of / })))),
      ...(await problemsOf({
        name: "lead",
        hash: `#/campaigns/${campaignId}/leads/${doneLeadId}`,
        ready: region("Email snippet"),
      })),
    ];
    expect(problems).toEqual([]);
  });

  it("shows every action of a lead's row inside the leads table at 1280 px", async () => {
    await waitForLeadVideo(api, campaignId, doneLeadId);
    await page.setViewportSize(LAPTOP);
    await page.goto(`/app#/campaigns/${campaignId}`);
    const actions = page.locator(`tr[data-lead="${doneLeadId}"] td.actions`);
    await actions.getByRole("link", { name: /^Activity of / }).waitFor();
    await checkScreen(page, "layout-laptop-campaign");
    const wrap = page.locator("table[aria-label=Leads]").locator("xpath=..");
    const frame = await wrap.boundingBox();
    expect(frame, "the leads table's box").not.toBeNull();
    const right = Math.min(LAPTOP.width, (frame?.x ?? 0) + (frame?.width ?? 0)) + 0.5;
    const controls = await actions.locator("a, button").all();
    expect(controls.length, "a done lead's actions").toBeGreaterThanOrEqual(5);
    const cut: string[] = [];
    for (const control of controls) {
      const box = await control.boundingBox();
      const name = (await control.getAttribute("aria-label")) ?? (await control.innerText());
      if (!box || box.x < 0 || box.x + box.width > right) cut.push(`${name} at ${JSON.stringify(box)}`);
    }
    expect(cut, `actions outside the table's box (right edge ${right} px)`).toEqual([]);
    const overflow = await wrap.evaluate((el) => {
      const box = el as unknown as { scrollWidth: number; clientWidth: number };
      return box.scrollWidth - box.clientWidth;
    });
    expect(overflow, "the leads table scrolls inside its box").toBeLessThanOrEqual(0);
    expect(await sidewaysScroll(page)).toBeNull();
  });
});
