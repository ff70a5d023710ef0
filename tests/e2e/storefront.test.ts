import { writeFileSync } from "node:fs";
import path from "node:path";
import { PLAN_IDS, PLANS } from "@loom-lite/schema";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PAGES } from "../../site/src/lib/pages";
import { adminToken, cancelLeftoverRenders, edgeUrl, ffprobe, launchNode, query } from "../harness/world";
import { axeViolations } from "./lib/axe";
import { launchBrowser } from "./lib/browser";

/**
 * The storefront in the system Chromium against the local stack: every marketing page renders without
 * console errors and passes axe-core (light and dark), every internal link resolves, the contact form
 * works with and without JavaScript, the pricing page shows exactly the plan definition, and the home
 * page's "try it" form gets a real render node's sample of a site: its first frame, then the video.
 */
/** The pages with an island: the contact form's script, and the try-it form's (home and /try/). */
const SCRIPTED_PAGES = new Set(["/contact/", "/", "/try/"]);

const usd = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: cents % 100 ? 2 : 0 })}`;

async function submitted(email: string): Promise<{ email: string; name: string }[]> {
  const res = await fetch(`${edgeUrl()}/api/admin/contact-requests?limit=50`, {
    headers: { authorization: `Bearer ${adminToken()}` },
  });
  expect(res.status).toBe(200);
  const { requests } = (await res.json()) as { requests: { email: string; name: string }[] };
  return requests.filter((r) => r.email === email);
}

describe("the storefront", () => {
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    // axe is injected as a script, which the site's nonce-based policy would (rightly) refuse.
    context = await browser.newContext({
      baseURL: edgeUrl(),
      bypassCSP: true,
      viewport: { width: 390, height: 844 },
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  // One test per page, so a slow page (axe on the API reference) has the whole timeout to itself.
  it.each(PAGES.map((meta) => [meta.path, meta] as const))(
    "renders %s with its head tags, no console error and no serious axe violation, light and dark",
    async (_, meta) => {
      const problems: string[] = [];
      const path = meta.path === "/404/" ? "/no-such-page/" : meta.path;
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(meta.path === "/404/" ? 404 : 200);
      expect(await page.title(), path).toBe(meta.title);
      expect(await page.locator('meta[name="description"]').getAttribute("content")).toBe(meta.description);
      expect(await page.locator("h1").count(), `${path}: one h1`).toBe(1);
      if (meta.path !== "/404/") {
        expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toMatch(
          new RegExp(`${meta.path}$`),
        );
      }
      for (const tag of ['meta[property="og:image"]', 'meta[name="twitter:image"]']) {
        const image = new URL((await page.locator(tag).getAttribute("content")) ?? "").pathname;
        const png = await fetch(`${edgeUrl()}${image}`);
        expect(png.headers.get("content-type"), `${path} ${tag}`).toBe("image/png");
      }
      const ld = await page.locator('script[type="application/ld+json"]').textContent();
      expect(JSON.parse(ld ?? "null"), `${path} JSON-LD`).toBeTruthy();
      expect(
        await page.locator("script:not([type='application/ld+json'])").count(),
        `${path} ships no JavaScript but the contact form's and the try-it island's (Astro inlines them)`,
      ).toBe(SCRIPTED_PAGES.has(meta.path) ? 1 : 0);
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const v of await axeViolations(page)) problems.push(`${path} (${scheme}): ${v}`);
      }
      // The 404 page is itself answered with 404, which Chromium reports on the console.
      const expected = (e: string) => meta.path === "/404/" && /status of 404/.test(e);
      for (const e of errors) if (!expected(e)) problems.push(`${path}: console error: ${e}`);
      await page.close();
      expect(problems).toEqual([]);
    },
  );

  it("has no broken internal link, image or anchor, crawling from / and /docs/", async () => {
    const queue = ["/", "/docs/"];
    const seen = new Set<string>(queue);
    const broken: string[] = [];
    const ids = new Map<string, Set<string>>();
    const anchors: [from: string, path: string, id: string][] = [];
    while (queue.length > 0) {
      const path = queue.shift() as string;
      const res = await fetch(`${edgeUrl()}${path}`);
      if (res.status !== 200) {
        broken.push(`${path}: ${res.status}`);
        continue;
      }
      if (!(res.headers.get("content-type") ?? "").startsWith("text/html") || path.startsWith("/app"))
        continue;
      const html = await res.text();
      ids.set(path, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string)));
      for (const [, attr, raw] of html.matchAll(/\s(href|src|poster)="([^"]+)"/g)) {
        if (!raw || /^(mailto:|https?:\/\/(?!127\.0\.0\.1|localhost))/.test(raw) || attr === undefined)
          continue;
        const url = new URL(raw, `${edgeUrl()}${path}`);
        if (url.origin !== new URL(edgeUrl()).origin && !/localhost/.test(url.host)) continue;
        const target = url.pathname;
        if (url.hash.length > 1 && !url.pathname.startsWith("/app"))
          anchors.push([path, target, decodeURIComponent(url.hash.slice(1))]);
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    for (const [from, path, id] of anchors) {
      if (!ids.get(path)?.has(id)) broken.push(`${from} links to ${path}#${id}, which has no such id`);
    }
    expect(broken).toEqual([]);
    for (const meta of PAGES)
      if (meta.path !== "/404/" && meta.path !== "/contact/thanks/") expect(seen).toContain(meta.path);
  });

  it("shows exactly the plans and limits of the plan definition, monthly and yearly", async () => {
    const page = await context.newPage();
    await page.goto("/pricing/");
    const listed = PLAN_IDS.filter((id) => id !== "trial");
    expect(
      await page
        .locator("article[data-plan]")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-plan"))),
    ).toEqual(listed);
    for (const id of listed) {
      const plan = PLANS[id];
      const card = page.locator(`article[data-plan="${id}"]`);
      await expect(card.getByRole("heading", { level: 2 }).innerText()).resolves.toBe(plan.name);
      const limit = (key: string) => card.locator(`[data-limit="${key}"]`).innerText();
      expect(await limit("includedMinutes")).toContain(
        `${plan.includedMinutes.toLocaleString("en-US")} minutes`,
      );
      expect(await limit("seats")).toMatch(new RegExp(`^${plan.seats} seats?$`));
      expect(await limit("customDomains")).toMatch(new RegExp(`^${plan.customDomains} custom domains?$`));
      expect(await limit("rendersAtOnce")).toBe(`${plan.rendersAtOnce} renders at once`);
      expect(await limit("maxVideoSeconds")).toBe(`Videos up to ${plan.maxVideoSeconds / 60} min`);
      expect(await limit("overage")).toBe(
        plan.overageCentsPerMinute === null
          ? "Extra minutes: Pauses at the limit"
          : `Extra minutes: ${usd(plan.overageCentsPerMinute)} a minute`,
      );
      const monthly = card.locator('[data-price="monthly"]');
      expect(await monthly.innerText()).toBe(plan.priceCents ? usd(plan.priceCents.monthly) : "Free");
      expect(await card.locator('[data-price="yearly"]').isVisible()).toBe(false);
    }
    // The toggle is CSS only: choosing yearly shows the yearly prices.
    await page.getByText("Yearly", { exact: false }).first().click();
    for (const id of listed) {
      const plan = PLANS[id];
      const yearly = page.locator(`article[data-plan="${id}"] [data-price="yearly"]`);
      expect(await yearly.isVisible()).toBe(true);
      expect(await yearly.innerText()).toBe(plan.priceCents ? usd(plan.priceCents.yearly) : "Free");
    }
    const trial = await page.locator('[data-plan="trial"]').innerText();
    expect(trial).toContain(`${PLANS.trial.days}-day ${PLANS.trial.name}`);
    expect(trial).toContain(`${PLANS.trial.includedMinutes} minutes`);
    // The comparison table has one column per listed plan and the same numbers.
    const minutesRow = await page.locator('tr[data-row="includedMinutes"] td').allInnerTexts();
    expect(minutesRow).toEqual(listed.map((id) => PLANS[id].includedMinutes.toLocaleString("en-US")));
    await page.close();
  });

  it("takes the contact form without JavaScript: errors beside the fields, then the confirmation page", async () => {
    const noJs = await browser.newContext({ baseURL: edgeUrl(), javaScriptEnabled: false });
    const page = await noJs.newPage();
    const email = `nojs-${Date.now()}@example.test`;
    await page.goto("/contact/");
    await page.getByLabel("Your name").fill("Nora NoScript");
    await page.getByLabel("Work e-mail").fill("not an address");
    await page.getByRole("textbox", { name: "Company" }).fill("Plain Forms Ltd");
    await page.getByLabel("Team size").selectOption("11-50");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL("**/api/contact");
    expect(await page.locator('[data-error-for="email"]').innerText()).toMatch(
      /Work e-mail must be an e-mail address/,
    );
    expect(await page.getByLabel("Your name").inputValue()).toBe("Nora NoScript");
    expect(await page.getByLabel("Team size").inputValue()).toBe("11-50");
    expect(await page.getByLabel("Work e-mail").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Work e-mail").fill(email);
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL("**/contact/thanks/");
    await page.getByRole("heading", { name: "Thanks, we got your message" }).waitFor();
    expect(await submitted(email)).toEqual([expect.objectContaining({ name: "Nora NoScript" })]);
    await noJs.close();
  });

  it("takes the contact form with JavaScript: errors in place without leaving the page, then the confirmation page", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const email = `js-${Date.now()}@example.test`;
    const sent: string[] = [];
    page.on("request", (r) => r.url().endsWith("/api/contact") && sent.push(r.resourceType()));
    await page.goto("/contact/");
    await page.getByLabel("Your name").fill("Jo Script");
    await page.getByLabel("Work e-mail").fill(email);
    await page.getByRole("textbox", { name: "Company" }).fill("x".repeat(10));
    await page.getByLabel("Message").fill("\u0007bell");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator('[data-error-for="message"]').getByText("Message must be plain text").waitFor();
    expect(new URL(page.url()).pathname).toBe("/contact/");
    await page.getByLabel("Message").fill("Please show us the API.");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL("**/contact/thanks/");
    expect(sent).toEqual(["fetch", "fetch"]);
    expect(await submitted(email)).toEqual([expect.objectContaining({ name: "Jo Script" })]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("makes a sample of a visitor's site from the home page: the first frame, then the 8-second video", async () => {
    // Earlier suites' leftovers would be claimed first (samples are the lowest priority).
    await cancelLeftoverRenders();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // The node starts while the page loads.
    const [node] = await Promise.all([launchNode("e2e-try", { slots: 1 }), page.goto("/")]);
    try {
      const site = `${inject("pagesUrl")}/index.html`;
      await page.getByLabel("Your website").fill(site);
      const asked = Date.now();
      await page.getByRole("button", { name: "Make my sample" }).click();
      const frame = page.locator("[data-try-frame]");
      await frame.waitFor({ state: "visible", timeout: 60_000 });
      // The page's first frame as the node took it (640 px wide), loaded from /api/try/{id}/first-frame.jpg.
      const frameSrc = (await frame.getAttribute("src")) ?? "";
      const jpeg = await fetch(`${edgeUrl()}${frameSrc}`);
      expect([jpeg.status, jpeg.headers.get("content-type")], frameSrc).toEqual([200, "image/jpeg"]);
      await expect
        .poll(() => frame.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), {
          timeout: 30_000,
        })
        .toBe(640);
      const firstFrameMs = Date.now() - asked;
      const video = page.locator("[data-try-video]");
      await video.waitFor({ state: "visible", timeout: 150_000 });
      const sampleMs = Date.now() - asked;
      expect(await page.locator("[data-try-status]").innerText()).toBe("Your sample is ready.");
      const src = (await video.getAttribute("src")) ?? "";
      expect(src).toMatch(/^\/api\/try\/rnd_\w+\/video\.mp4$/);
      const file = path.join(inject("scratchDir"), "try-sample.mp4");
      const res = await fetch(`${edgeUrl()}${src}`);
      expect(res.status).toBe(200);
      writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
      const probed = await ffprobe(file);
      expect(probed).toMatchObject({ width: 1280, height: 720 });
      expect(probed.duration).toBeGreaterThan(7.5);
      expect(probed.duration).toBeLessThan(8.6);
      const [row] = await query<{ kind: string; priority: number; workspace_id: string }>(
        "select kind, priority, workspace_id from renders where id = $1",
        [src.split("/")[3]],
      );
      expect(row).toEqual({ kind: "sample", priority: 10, workspace_id: "ws_platform_try" });
      expect(errors).toEqual([]);
      console.log(`try-it sample: first frame after ${firstFrameMs} ms, video after ${sampleMs} ms`);
    } finally {
      await page.close();
      await node.stop();
    }
  });
});
