import { env, SELF } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import { CloudflareApiError, customHostnamesClient } from "../src/lib/cloudflare-custom-hostnames";
import { runScheduled } from "../src/scheduled";
import { anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { finishedRender, seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import { workerWith } from "./helpers/worker-with";

const fakeUrl = inject("fakeUrl");
const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
let counter = 0;

function uniqueHost() {
  counter += 1;
  return `video-${Date.now().toString(36)}${counter}.customer-example.com`;
}

interface Domain {
  id: string;
  hostname: string;
  status: string;
  sslStatus: string | null;
  dnsRecords: Array<{ type: string; name: string; value: string; purpose: string }>;
}

async function addDomain(account: TestAccount, hostname: string): Promise<Domain> {
  const res = await authed(account.cookie)("/api/domains", { method: "POST", json: { hostname } });
  const body = (await res.json()) as Domain;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

const activateAtCloudflare = async (hostname: string) => {
  const res = await fetch(`${fakeUrl}/_fake/cf/activate/${hostname}`, { method: "POST" });
  expect(res.status, await res.clone().text()).toBe(200);
};
const cloudflareRequests = async () =>
  (await (await fetch(`${fakeUrl}/_fake/cf/requests`)).json()) as Array<{ method: string; path: string }>;
/** 200 while Cloudflare has the hostname, 404 once it is removed. */
const cloudflareHas = async (hostname: string) =>
  (await fetch(`${fakeUrl}/_fake/cf/hostnames/${hostname}`)).status;

/** A lead with a finished render, so its page is a full landing page. */
async function leadWithVideo(account: TestAccount) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, { landing: { headline: "Hello {{first_name}}" } });
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  const key = `ws/${account.workspaceId}/renders/rnd_dom_${lead.id.slice(3)}/video.mp4`;
  await env.MEDIA.put(key, new Uint8Array([1, 2, 3]));
  await seedRender(
    finishedRender(account, campaign, lead, {
      id: `rnd_dom_${lead.id.slice(3)}`,
      artifacts: { "video.mp4": key },
    }),
  );
  return { ...lead, campaignId: campaign.id };
}

async function expectNotFoundPage(res: Response) {
  const body = await res.text();
  expect(res.status, body.slice(0, 200)).toBe(404);
  expect(body).toContain("This page does not exist");
}

const cron = () => runScheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} }, env);

describe("Cloudflare custom hostnames client", () => {
  it("unwraps the envelope, and turns Cloudflare's errors into an error with their codes", async () => {
    const good = customHostnamesClient({
      apiBase: `${fakeUrl}/client/v4`,
      token: "test-cloudflare-api-token-0123456789",
      zoneId: ZONE,
    });
    const hostname = uniqueHost();
    const created = await good.create(hostname);
    expect(created).toMatchObject({ hostname, status: "pending", ssl: { method: "txt", type: "dv" } });
    expect(created.ownership_verification?.name).toBe(`_cf-custom-hostname.${hostname}`);
    expect((await good.get(created.id)).id).toBe(created.id);
    const duplicate = await good.create(hostname).catch((e) => e);
    expect(duplicate).toBeInstanceOf(CloudflareApiError);
    expect(duplicate.codes).toEqual([1406]);
    await good.delete(created.id);
    await good.delete(created.id); // already gone: not an error
    const missing = await good.get(created.id).catch((e) => e);
    expect(missing).toMatchObject({ status: 404, codes: [1436] });

    const badToken = customHostnamesClient({ apiBase: `${fakeUrl}/client/v4`, token: "wrong", zoneId: ZONE });
    const refused = await badToken.create(uniqueHost()).catch((e) => e);
    expect(refused).toBeInstanceOf(CloudflareApiError);
    expect(refused).toMatchObject({ status: 403, codes: [10000] });
    expect(String(refused.message)).toContain("Authentication error");
  });
});

describe("custom domains", () => {
  it("say whether the platform offers them: on with Cloudflare for SaaS set up, off without it", async () => {
    const account = await signUp();
    const on = (await (await authed(account.cookie)("/api/domains")).json()) as { available: boolean };
    expect(on.available).toBe(true);
    const withoutCloudflare = workerWith({
      CLOUDFLARE_API_TOKEN: undefined,
      CLOUDFLARE_ZONE_ID: undefined,
      CUSTOM_DOMAIN_TARGET: undefined,
    });
    const res = await withoutCloudflare("/api/domains", { cookie: account.cookie });
    const off = (await res.json()) as { domains: Domain[]; available: boolean };
    expect(res.status, JSON.stringify(off)).toBe(200);
    expect(off).toEqual({ domains: [], available: false });
  });

  it("registers the hostname and answers the CNAME and ownership TXT records to create", async () => {
    const account = await signUp();
    const hostname = uniqueHost();
    const domain = await addDomain(account, hostname.toUpperCase());
    expect(domain).toMatchObject({ hostname, status: "pending", sslStatus: "pending_validation" });
    expect(domain.dnsRecords).toEqual([
      { type: "CNAME", name: hostname, value: "customers.loom-lite.test", purpose: "routing" },
      {
        type: "TXT",
        name: `_cf-custom-hostname.${hostname}`,
        value: expect.any(String),
        purpose: "ownership",
      },
      { type: "TXT", name: `_acme-challenge.${hostname}`, value: expect.any(String), purpose: "certificate" },
    ]);
    const requests = await cloudflareRequests();
    expect(requests).toContainEqual({ method: "POST", path: `/client/v4/zones/${ZONE}/custom_hostnames` });
    const listed = (await (await authed(account.cookie)("/api/domains")).json()) as { domains: Domain[] };
    expect(listed.domains.map((d) => d.id)).toEqual([domain.id]);
  });

  it("serves nothing until active, then only landing pages; checked on demand", async () => {
    const account = await signUp();
    const lead = await leadWithVideo(account);
    const hostname = uniqueHost();
    const domain = await addDomain(account, hostname);
    await expectNotFoundPage(await SELF.fetch(`https://${hostname}/${lead.slug}`));

    await activateAtCloudflare(hostname);
    const checked = await authed(account.cookie)(`/api/domains/${domain.id}/check`, { method: "POST" });
    expect(await checked.json()).toMatchObject({ status: "active", sslStatus: "active" });

    const page = await SELF.fetch(`https://${hostname}/${lead.slug}`);
    const html = await page.text();
    expect(page.status, html.slice(0, 300)).toBe(200);
    expect(html).toContain("Hello Ada");
    expect(html).toContain(`<meta property="og:url" content="https://${hostname}/${lead.slug}"`);
    const video = await SELF.fetch(`https://${hostname}/${lead.slug}/video.mp4`);
    expect(video.status).toBe(200);
    for (const path of ["/api/health", "/api/me", "/app", "/", "/unknownleadslug000000"]) {
      await expectNotFoundPage(
        await SELF.fetch(`https://${hostname}${path}`, { headers: { cookie: account.cookie } }),
      );
    }
  });

  it("once active, is where the lead links, the export and the email snippet point", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const lead = await leadWithVideo(account);
    const subdomainLink = `http://${account.workspaceSlug}.localhost/${lead.slug}`;
    expect(((await (await call(`/api/leads/${lead.id}`)).json()) as { landingUrl: string }).landingUrl).toBe(
      subdomainLink,
    );
    const hostname = uniqueHost();
    const domain = await addDomain(account, hostname);
    // Pending: links stay on the subdomain.
    expect(((await (await call(`/api/leads/${lead.id}`)).json()) as { landingUrl: string }).landingUrl).toBe(
      subdomainLink,
    );
    await activateAtCloudflare(hostname);
    await call(`/api/domains/${domain.id}/check`, { method: "POST" });
    const link = `https://${hostname}/${lead.slug}`;
    expect(((await (await call(`/api/leads/${lead.id}`)).json()) as { landingUrl: string }).landingUrl).toBe(
      link,
    );
    const snippet = (await (await call(`/api/leads/${lead.id}/email-snippet`)).json()) as {
      landingUrl: string;
    };
    expect(snippet.landingUrl).toBe(link);
    const csv = await (await call(`/api/campaigns/${lead.campaignId}/leads/export`)).text();
    expect(csv).toContain(`${link}/video.mp4`);
  });

  it("is checked by the cron", async () => {
    const account = await signUp();
    const hostname = uniqueHost();
    const domain = await addDomain(account, hostname);
    await activateAtCloudflare(hostname);
    await cron();
    const got = await (await authed(account.cookie)(`/api/domains/${domain.id}`)).json();
    expect(got).toMatchObject({ status: "active" });
  });

  it("cannot be claimed twice, by another workspace or the same one", async () => {
    const owner = await signUp();
    const hostname = uniqueHost();
    await addDomain(owner, hostname);
    const other = await signUp();
    await expectError(
      await authed(other.cookie)("/api/domains", { method: "POST", json: { hostname } }),
      409,
      "CONFLICT",
      /hostname/,
    );
    await expectError(
      await authed(owner.cookie)("/api/domains", { method: "POST", json: { hostname } }),
      409,
      "CONFLICT",
    );
  });

  it("is removed from Cloudflare when deleted, and stops serving", async () => {
    const account = await signUp();
    const lead = await leadWithVideo(account);
    const hostname = uniqueHost();
    const domain = await addDomain(account, hostname);
    await activateAtCloudflare(hostname);
    await authed(account.cookie)(`/api/domains/${domain.id}/check`, { method: "POST" });
    expect((await SELF.fetch(`https://${hostname}/${lead.slug}`)).status).toBe(200);

    expect((await authed(account.cookie)(`/api/domains/${domain.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect(await cloudflareHas(hostname), "the fake no longer has the hostname").toBe(404);
    await expectNotFoundPage(await SELF.fetch(`https://${hostname}/${lead.slug}`));
    await expectError(await authed(account.cookie)(`/api/domains/${domain.id}`), 404, "NOT_FOUND");
  });

  it("is removed from Cloudflare when the workspace is deleted", async () => {
    const account = await signUp();
    const hostname = uniqueHost();
    await addDomain(account, hostname);
    const res = await authed(account.cookie)("/api/me", {
      method: "DELETE",
      json: { confirm: account.workspaceSlug },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await cloudflareHas(hostname)).toBe(404);
    // The hostname is free again.
    await addDomain(await signUp(), hostname);
  });

  it("names the bad field with 400", async () => {
    const call = authed((await signUp()).cookie);
    const post = (json: unknown) => call("/api/domains", { method: "POST", json });
    await expectError(await post({ hostname: "not a host!" }), 400, "BAD_REQUEST", /hostname/);
    await expectError(await post({ hostname: "" }), 400, "BAD_REQUEST", /hostname/);
    await expectError(await post({ hostname: "acme.localhost" }), 400, "BAD_REQUEST", /hostname/);
    await expectError(await post({}), 400, "BAD_REQUEST", /hostname/);
  });

  it("keeps each workspace's domains to itself, and needs authentication", async () => {
    const owner = await signUp();
    const domain = await addDomain(owner, uniqueHost());
    const stranger = authed((await signUp()).apiKey);
    await expectError(await stranger(`/api/domains/${domain.id}`), 404, "NOT_FOUND");
    await expectError(
      await stranger(`/api/domains/${domain.id}/check`, { method: "POST" }),
      404,
      "NOT_FOUND",
    );
    await expectError(await stranger(`/api/domains/${domain.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expect(((await (await stranger("/api/domains")).json()) as { domains: unknown[] }).domains).toEqual([]);
    await expectError(await anonymous("/api/domains"), 401, "UNAUTHORIZED");
    await expectError(
      await anonymous("/api/domains", { method: "POST", json: { hostname: "a.example.com" } }),
      401,
      "UNAUTHORIZED",
    );
    const still = await authed(owner.cookie)(`/api/domains/${domain.id}`);
    expect(still.status).toBe(200);
  });
});
