import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { apiKeys, campaigns } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { isAppOrigin, trustedOrigins } from "../src/auth/app-origins";
import worker from "../src/index";
import { APP_ORIGIN, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";

/**
 * Script injection and cross-site requests: what a tenant can put on a prospect's page, what the
 * browser is told to allow there and on the dashboard, and which pages may act with a user's cookie.
 */

const landingPage = (account: TestAccount, leadSlug: string, host = `${account.workspaceSlug}.localhost`) =>
  SELF.fetch(`http://${host}/${leadSlug}`);

/** The nonce of a policy's script-src, after checking scripts need it (no 'unsafe-inline'). */
function scriptNonce(policy: string | null): string {
  const scriptSrc = policy?.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, policy ?? "no policy").not.toContain("'unsafe-inline'");
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  expect(nonce, policy ?? "no policy").toBeTruthy();
  return nonce as string;
}

/** Every script and style element of the page carries the response's nonce. */
function expectAllTagged(html: string, nonce: string) {
  const tags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
}

async function campaignWithLead(account: TestAccount, landing: Record<string, unknown> = {}) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, { landing });
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "ada.example" }]);
  if (!lead) throw new Error("no lead");
  return { campaign, lead };
}

const SCRIPT_URLS = ["javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>"];

describe("links on landing pages", () => {
  it("embeds a known calendar provider in a sandbox, shows any other calendar as a link", async () => {
    const account = await signUp();
    const { campaign, lead } = await campaignWithLead(account, {
      ctaUrl: "mailto:rep@acme.example",
      calendarUrl: "https://calendly.com/rep/intro",
    });
    const res = await landingPage(account, lead.slug);
    const html = await res.text();
    expect(html).toMatch(
      /<iframe class="calendar" src="https:\/\/calendly\.com\/rep\/intro" sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"/,
    );
    expect(html).toContain('href="mailto:rep@acme.example"');
    expect(res.headers.get("content-security-policy")).toContain("frame-src https://calendly.com;");

    const call = authed(account.cookie);
    const patched = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: { landing: { calendarUrl: "https://booking.acme.example/rep" } },
    });
    expect(patched.status, await patched.text()).toBe(200);
    const [other] = await addLeads(call, campaign.id, [{ first_name: "Bo", website: "bo.example" }]);
    const page = await landingPage(account, other?.slug ?? "");
    const linked = await page.text();
    expect(linked).not.toContain("<iframe");
    expect(linked).toContain('<p class="calendar-link"><a href="https://booking.acme.example/rep"');
    expect(page.headers.get("content-security-policy")).toContain("frame-src 'none'");
  });

  it("attack: a javascript: or data: CTA or calendar is refused by the API, and the campaign keeps its links", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const { campaign } = await campaignWithLead(account, { ctaUrl: "https://acme.example/book" });
    for (const url of SCRIPT_URLS) {
      for (const field of ["ctaUrl", "calendarUrl"]) {
        const res = await call(`/api/campaigns/${campaign.id}`, {
          method: "PATCH",
          json: { landing: { [field]: url } },
        });
        await expectError(res, 400, "BAD_REQUEST", new RegExp(`landing\\.${field}`));
      }
    }
    const created = await call("/api/campaigns", {
      method: "POST",
      json: { name: "x", spec: campaign.spec, landing: { calendarUrl: SCRIPT_URLS[0] } },
    });
    await expectError(created, 400, "BAD_REQUEST", /landing\.calendarUrl: must be a https:/);
    const after = (await (await call(`/api/campaigns/${campaign.id}`)).json()) as { landing: unknown };
    expect(after.landing).toEqual({ ctaUrl: "https://acme.example/book" });
  });

  it("attack: javascript: links stored before the check are not drawn on the page", async () => {
    const account = await signUp();
    const { campaign, lead } = await campaignWithLead(account);
    await withDb((db) =>
      db
        .update(campaigns)
        .set({ landing: { ctaLabel: "Book", ctaUrl: SCRIPT_URLS[0], calendarUrl: SCRIPT_URLS[0] } })
        .where(eq(campaigns.id, campaign.id)),
    );
    const html = await (await landingPage(account, lead.slug)).text();
    expect(html).toContain("<h1>");
    expect(html).not.toMatch(/javascript:|<iframe|class="cta"/);
    await withDb((db) =>
      db
        .update(campaigns)
        .set({ landing: { ctaUrl: SCRIPT_URLS[1], calendarUrl: SCRIPT_URLS[1] } })
        .where(eq(campaigns.id, campaign.id)),
    );
    const [fresh] = await addLeads(authed(account.cookie), campaign.id, [
      { first_name: "Cy", website: "cy.example" },
    ]);
    const second = await (await landingPage(account, fresh?.slug ?? "")).text();
    expect(second).not.toMatch(/data:text|<iframe|class="cta"/);
  });
});

describe("Content-Security-Policy and other headers", () => {
  it("gives a landing page a fresh nonce on each of its own scripts and styles, and nothing inline without it", async () => {
    const account = await signUp();
    const { lead } = await campaignWithLead(account, {
      headline: `Hi {{first_name}} <script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">`,
    });
    const first = await landingPage(account, lead.slug);
    const html = await first.text();
    const policy = first.headers.get("content-security-policy");
    const nonce = scriptNonce(policy);
    expectAllTagged(html, nonce);
    expect(html).not.toContain("<script>window.__pwned");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    const second = await landingPage(account, lead.slug);
    expect(scriptNonce(second.headers.get("content-security-policy"))).not.toBe(nonce);
  });

  it("serves the dashboard with a nonce on every script and style, never from a stale cache", async () => {
    const res = await SELF.fetch(`${APP_ORIGIN}/app/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    const nonce = scriptNonce(res.headers.get("content-security-policy"));
    expectAllTagged(html, nonce);
    expect(res.headers.get("content-security-policy")).toContain("'strict-dynamic'");
    expect(res.headers.get("etag")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // A revalidation is answered with the page (and a new nonce), never a 304 for an old one.
    const again = await SELF.fetch(`${APP_ORIGIN}/app/`, { headers: { "if-none-match": "*" } });
    expect(again.status).toBe(200);
    expectAllTagged(await again.text(), scriptNonce(again.headers.get("content-security-policy")));
  });

  it("gives API answers a policy that allows no script, and no HSTS on a local stack", async () => {
    const res = await SELF.fetch(`${APP_ORIGIN}/api/health`);
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

/** A state-changing request as a page on `origin` would make the victim's browser send it. */
function forged(account: TestAccount, path: string, init: RequestInit & { origin?: string; site?: string }) {
  const headers = new Headers(init.headers);
  headers.set("cookie", account.cookie);
  if (init.origin) headers.set("origin", init.origin);
  if (init.site) headers.set("sec-fetch-site", init.site);
  return SELF.fetch(`${APP_ORIGIN}${path}`, { ...init, headers });
}

async function keyCount(account: TestAccount): Promise<number> {
  return withDb(
    async (db) =>
      (await db.select().from(apiKeys).where(eq(apiKeys.workspaceId, account.workspaceId))).length,
  );
}

describe("cross-site requests with the session cookie", () => {
  it("accepts the dashboard's own requests, API keys from anywhere, and clients that are not browsers", async () => {
    const account = await signUp();
    const own = await forged(account, "/api/keys", {
      method: "POST",
      origin: APP_ORIGIN,
      site: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "from the dashboard" }),
    });
    expect(own.status, await own.text()).toBe(201);
    const withKey = await SELF.fetch(`${APP_ORIGIN}/api/keys`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${account.apiKey}`,
        origin: "https://integrations.example",
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: "from a server" }),
    });
    expect(withKey.status, await withKey.text()).toBe(201);
    const script = await authed(account.cookie)("/api/keys", { method: "POST", json: { name: "curl" } });
    expect(script.status).toBe(201);
  });

  it("attack: a workspace's landing page (same site) posting JSON, text/plain or nothing is refused, and nothing changes", async () => {
    const victim = await signUp();
    const attackerPage = `http://${victim.workspaceSlug}x.localhost`;
    const keysBefore = await keyCount(victim);
    const json = await forged(victim, "/api/keys", {
      method: "POST",
      origin: attackerPage,
      site: "same-site",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "stolen" }),
    });
    await expectError(json, 403, "FORBIDDEN", /Refused a POST sent from http:\/\/.*\.localhost/);
    const plain = await forged(victim, "/api/assets?kind=csv", {
      method: "POST",
      origin: attackerPage,
      headers: { "content-type": "text/plain" },
      body: "first_name,website\nMallory,evil.example\n",
    });
    await expectError(plain, 403, "FORBIDDEN");
    const bodiless = await forged(victim, "/api/me", { method: "DELETE", site: "same-site" });
    await expectError(bodiless, 403, "FORBIDDEN", /Sec-Fetch-Site: same-site/);
    const sandboxed = await forged(victim, "/api/keys", {
      method: "POST",
      origin: "null",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "stolen" }),
    });
    await expectError(sandboxed, 403, "FORBIDDEN");
    const signOut = await forged(victim, "/api/auth/sign-out", { method: "POST", origin: attackerPage });
    await expectError(signOut, 403, "FORBIDDEN");

    expect(await keyCount(victim)).toBe(keysBefore);
    const assets = await authed(victim.cookie)("/api/assets");
    expect(((await assets.json()) as { assets: unknown[] }).assets).toEqual([]);
    const me = await authed(victim.cookie)("/api/me");
    expect(me.status).toBe(200);
  });

  it("trusts only the app's own origins: no workspace subdomain, and localhost only on a local stack", () => {
    const production = { APP_DOMAIN: "loom.example", APP_HOSTS: ["loom-lite.workers.dev"] };
    const origins = trustedOrigins(production);
    expect(origins).toContain("https://loom.example");
    expect(origins).toContain("https://app.loom.example");
    expect(origins).toContain("https://loom-lite.workers.dev");
    expect(origins.some((o) => o.includes("*") || o.startsWith("http:"))).toBe(false);
    const self = "https://app.loom.example";
    expect(isAppOrigin("https://acme.loom.example", production, self)).toBe(false);
    expect(isAppOrigin("http://localhost:8787", production, self)).toBe(false);
    expect(isAppOrigin("https://loom.example", production, self)).toBe(true);
    const local = { APP_DOMAIN: "localhost", APP_HOSTS: [] };
    expect(trustedOrigins(local)).toContain("http://localhost:*");
    expect(isAppOrigin("http://acme.localhost:8787", local, "http://localhost:8787")).toBe(false);
  });
});

describe("a separate LANDING_DOMAIN in production", () => {
  const production = {
    ...env,
    APP_DOMAIN: "loom.example",
    LANDING_DOMAIN: "loom-pages.example",
  };
  async function call(url: string, init: RequestInit = {}) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(url, init), production, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("serves landing pages on <workspace>.<LANDING_DOMAIN>, links there, and redirects old links", async () => {
    const account = await signUp();
    const { campaign, lead } = await campaignWithLead(account);
    const auth = { authorization: `Bearer ${account.apiKey}` };
    const page = await call(`https://${account.workspaceSlug}.loom-pages.example/${lead.slug}`);
    expect(page.status, (await page.clone().text()).slice(0, 300)).toBe(200);
    expect(await page.text()).toContain("<h1>");

    const expected = `https://${account.workspaceSlug}.loom-pages.example/${lead.slug}`;
    const api = (await (
      await call(`https://loom.example/api/leads/${lead.id}`, { headers: auth })
    ).json()) as {
      landingUrl: string;
    };
    expect(api.landingUrl).toBe(expected);
    const csv = await (
      await call(`https://loom.example/api/campaigns/${campaign.id}/leads/export`, { headers: auth })
    ).text();
    expect(csv).toContain(expected);
    const snippet = (await (
      await call(`https://loom.example/api/leads/${lead.id}/email-snippet`, { headers: auth })
    ).json()) as { landingUrl: string };
    expect(snippet.landingUrl).toBe(expected);

    const old = await call(`https://${account.workspaceSlug}.loom.example/${lead.slug}?utm=mail`);
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe(`${expected}?utm=mail`);
    // The landing domain holds nothing else: no API, no dashboard.
    const apiThere = await call("https://app.loom-pages.example/api/health");
    expect(apiThere.status).toBe(404);
    expect(apiThere.headers.get("content-type")).toMatch(/^text\/html/);
  });

  it("sends HSTS in production, with subdomains only on the platform's own domains", async () => {
    const app = await call("https://loom.example/api/health");
    expect(app.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const custom = await call("https://videos.customer.example/nobody");
    expect(custom.headers.get("strict-transport-security")).toBe("max-age=31536000");
  });
});
