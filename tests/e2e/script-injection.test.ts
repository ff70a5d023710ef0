import { randomUUID } from "node:crypto";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, edgeUrl, newAccount, query, waitFor } from "../harness/world";
import { launchBrowser, PERSON_UA } from "./lib/browser";

/**
 * The injection attacks of the security review, played in a real Chromium: what a tenant or member
 * would plant (an SVG logo with script, javascript: links on a landing page, markup in a headline)
 * never runs. Every page watches for the two signs of a payload that ran: a dialog, and the
 * `window.__pwned` flag the payloads set.
 */

const PAYLOAD = "window.__pwned=1;alert(document.domain)";
const SVG_WITH_SCRIPT = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${PAYLOAD}</script></svg>`;

/** A page that records every dialog it opens; the flag is read from the page itself. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; dialogs: string[] }> {
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, dialogs };
}

const pwned = (page: Page) => page.evaluate<number | null>("globalThis.__pwned ?? null");

describe("script injection, in a real browser", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("an SVG logo with script is refused at upload, from the dashboard's own page, and runs nowhere", async () => {
    const context = await browser.newContext({ baseURL: edgeUrl() });
    const { page, dialogs } = await watchedPage(context);
    await page.goto("/app/");
    const tag = randomUUID().slice(0, 8);
    // Signed in in this browser, as the member planting the logo would be.
    const signedUp = await page.evaluate(
      async (body) =>
        (
          await fetch("/api/auth/sign-up/email", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          })
        ).status,
      JSON.stringify({
        name: "Mallory",
        email: `mallory-${tag}@example.test`,
        password: `pw-${tag}-long-enough`,
      }),
    );
    expect(signedUp).toBe(200);

    const uploads = await page.evaluate(async (svg) => {
      const answers: Array<{ status: number; body: { id?: string; error?: { message: string } } }> = [];
      for (const type of ["image/svg+xml", "image/png"]) {
        const res = await fetch("/api/assets?kind=logo", {
          method: "POST",
          headers: { "content-type": type },
          body: svg,
        });
        answers.push({ status: res.status, body: (await res.json()) as (typeof answers)[number]["body"] });
      }
      return answers;
    }, SVG_WITH_SCRIPT);
    expect(
      uploads.map((u) => u.status),
      JSON.stringify(uploads),
    ).toEqual([400, 400]);
    expect(uploads[0]?.body.error?.message).toMatch(/SVG is not accepted/);

    // Open whatever link the uploads gave (none), as the owner would open a link the member sent.
    for (const upload of uploads) {
      await page.goto(`/api/assets/${upload.body.id ?? "ast_none"}/content`);
      expect(await pwned(page)).toBeNull();
    }
    // Back on the dashboard (an API answer's policy allows no fetch from it).
    await page.goto("/app/");
    const listed = await page.evaluate(
      async () => (await (await fetch("/api/assets?kind=logo")).json()) as { assets: unknown[] },
    );
    expect(listed.assets).toEqual([]);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  describe("a landing page a tenant filled with script", () => {
    let api: ApiClient;
    let campaignId = "";
    let leadId = "";
    let landingUrl = "";

    beforeAll(async () => {
      api = await newAccount();
      const setup = await createCampaign(api, { facecam: "short", leads: 1 });
      campaignId = setup.campaignId;
      leadId = setup.leadIds[0] ?? "";
      landingUrl = (await api.request<{ landingUrl: string }>("GET", `/api/leads/${leadId}`)).landingUrl;
    });

    it("refuses javascript: links through the API; links stored before the check run nothing when the page is opened", async () => {
      const refused = await api
        .request("PATCH", `/api/campaigns/${campaignId}`, {
          body: { landing: { ctaLabel: "Book", ctaUrl: `javascript:${PAYLOAD}` } },
        })
        .then(
          () => null,
          (err: Error) => err.message,
        );
      expect(refused).toMatch(/landing\.ctaUrl/);

      // A row saved before the schema checked links, straight in the database.
      await query("update campaigns set landing = $1 where id = $2", [
        {
          headline: `Hi {{first_name}} <img src=x onerror="${PAYLOAD}"><script>${PAYLOAD}</script>`,
          ctaLabel: "Book a call",
          ctaUrl: `javascript:${PAYLOAD}`,
          calendarUrl: `javascript:${PAYLOAD}`,
        },
        campaignId,
      ]);
      const context = await browser.newContext({ userAgent: PERSON_UA });
      const { page, dialogs } = await watchedPage(context);
      const violations: string[] = [];
      page.on("console", (msg) => {
        if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
      });
      expect((await page.goto(landingUrl))?.status()).toBe(200);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await page.locator("a.cta, iframe, a[href^='javascript:']").count()).toBe(0);

      // The page's own (nonce-carrying) tracker runs: the view reaches the lead's timeline.
      await waitFor(
        "the view beacon of the page's own script",
        async () => {
          const { events } = await api.request<{ events: Array<{ type: string }> }>(
            "GET",
            `/api/leads/${leadId}/timeline`,
          );
          return events.some((e) => e.type === "view");
        },
        15_000,
        250,
      );
      // A script added without the nonce is blocked by the policy, as any injected one would be.
      await page.evaluate(
        `(() => { const s = document.createElement("script"); s.textContent = ${JSON.stringify(PAYLOAD)}; document.body.append(s); })()`,
      );
      await waitFor(
        "the browser to report the blocked script",
        async () => violations.length > 0,
        5_000,
        100,
      );
      expect(await pwned(page)).toBeNull();
      expect(dialogs).toEqual([]);
      await context.close();
    });
  });
});
