import { env, SELF } from "cloudflare:test";
import { renders } from "@loom-lite/schema/db";
import { describe, expect, it } from "vitest";
import { authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, FAKE_MP4, type LeadBody } from "./helpers/fixtures";

const POSTER = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

function onHost(host: string, path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`http://${host}${path}`, init);
}

/** A campaign with one lead whose render finished, its video and poster in R2 like a node leaves them. */
async function leadWithVideo(account: TestAccount, landing: Record<string, unknown> = {}) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, { landing });
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  const renderId = `rnd_landing_${lead.id.slice(3)}`;
  const prefix = `ws/${account.workspaceId}/renders/${renderId}`;
  const media = env as unknown as { MEDIA: R2Bucket };
  await media.MEDIA.put(`${prefix}/video.mp4`, FAKE_MP4, { httpMetadata: { contentType: "video/mp4" } });
  await media.MEDIA.put(`${prefix}/poster.jpg`, POSTER, { httpMetadata: { contentType: "image/jpeg" } });
  await withDb((db) =>
    db.insert(renders).values({
      id: renderId,
      workspaceId: account.workspaceId,
      campaignId: campaign.id,
      leadId: lead.id,
      state: "done",
      progress: 1,
      artifacts: { "video.mp4": `${prefix}/video.mp4`, "poster.jpg": `${prefix}/poster.jpg` },
    }),
  );
  return { campaign, lead };
}

async function expectNotFoundPage(res: Response) {
  const body = await res.text();
  expect(res.status, body.slice(0, 300)).toBe(404);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(body).toContain("This page does not exist");
}

describe("landing page on <workspace>.localhost", () => {
  it("shows the personalised headline, the video with its poster, and is not indexed", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account, {
      headline: "Hi {{first_name|there}}, <b>made for you</b>",
    });
    const host = `${account.workspaceSlug}.localhost:8787`;
    const res = await onHost(host, `/${lead.slug}`);
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"');
    expect(html).toContain("Hi Ada, &lt;b&gt;made for you&lt;/b&gt;");
    expect(html).toContain(`src="/${lead.slug}/video.mp4"`);
    expect(html).toContain(`poster="/${lead.slug}/poster.jpg"`);
  });

  it("serves the video with Range support and the poster", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const host = `${account.workspaceSlug}.localhost`;
    const part = await onHost(host, `/${lead.slug}/video.mp4`, { headers: { range: "bytes=0-99" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${FAKE_MP4.byteLength}`);
    expect(part.headers.get("accept-ranges")).toBe("bytes");
    expect(part.headers.get("content-type")).toBe("video/mp4");
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(FAKE_MP4.slice(0, 100));

    const whole = await onHost(host, `/${lead.slug}/video.mp4`);
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(FAKE_MP4.byteLength);

    const poster = await onHost(host, `/${lead.slug}/poster.jpg`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await poster.arrayBuffer())).toEqual(POSTER);
  });

  it("says the video is still being made while no render is done, and has no media yet", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const [lead] = (await addLeads(call, campaign.id, [{ website: "example.com" }])) as [LeadBody];
    const host = `${account.workspaceSlug}.localhost`;
    const res = await onHost(host, `/${lead.slug}`);
    const html = await res.text();
    expect(res.status, html.slice(0, 300)).toBe(200);
    expect(html).toContain("Hi there");
    expect(html).toContain('data-state="rendering"');
    expect(html).not.toContain("<video");
    await expectNotFoundPage(await onHost(host, `/${lead.slug}/video.mp4`));
  });

  it("answers the 404 page for an unknown workspace, an unknown lead, and another workspace's lead", async () => {
    const owner = await signUp();
    const other = await signUp();
    const { lead } = await leadWithVideo(owner);
    await expectNotFoundPage(await onHost("no-such-workspace-zz.localhost", `/${lead.slug}`));
    await expectNotFoundPage(await onHost(`${owner.workspaceSlug}.localhost`, "/unknownleadslug000000"));
    await expectNotFoundPage(await onHost(`${other.workspaceSlug}.localhost`, `/${lead.slug}`));
    await expectNotFoundPage(await onHost(`${other.workspaceSlug}.localhost`, `/${lead.slug}/video.mp4`));
  });

  it("refuses app paths, private artifacts and other methods on a landing host", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    const host = `${account.workspaceSlug}.localhost`;
    for (const path of [
      "/",
      "/api/me",
      "/api/health",
      "/api/openapi.json",
      "/nodes/v1/claim",
      "/app",
      `/${lead.slug}/report.json`,
      `/${lead.slug}/x/y`,
    ]) {
      const res = await onHost(host, path, { headers: { cookie: account.cookie } });
      await expectNotFoundPage(res);
    }
    await expectNotFoundPage(await onHost(host, `/${lead.slug}`, { method: "POST", body: "x" }));
  });

  it("reads landing settings at request time, so an edit shows without re-rendering", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadWithVideo(account, { headline: "First {{first_name}}" });
    const host = `${account.workspaceSlug}.localhost`;
    expect(await (await onHost(host, `/${lead.slug}`)).text()).toContain("First Ada");
    const patched = await authed(account.cookie)(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: {
        landing: {
          headline: "Second {{first_name}}",
          ctaLabel: "Book a demo",
          ctaUrl: "https://cal.example.com/x",
        },
      },
    });
    expect(patched.status).toBe(200);
    const html = await (await onHost(host, `/${lead.slug}`)).text();
    expect(html).toContain("Second Ada");
    expect(html).toContain('href="https://cal.example.com/x"');
    expect(html).toContain("Book a demo");
  });
});

describe("app host", () => {
  it("keeps the API on localhost and on reserved subdomains such as app.", async () => {
    for (const host of ["localhost", "localhost:8787", "app.localhost:8787"]) {
      const res = await onHost(host, "/api/health");
      expect(res.status, `${host}: ${await res.clone().text()}`).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    }
  });

  it("answers unknown API paths with the JSON error, not the site", async () => {
    const res = await onHost("localhost", "/api/no-such-thing");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("serves the site from ASSETS, and /app/* falls back to the dashboard page", async () => {
    const home = await onHost("localhost", "/");
    expect(home.status).toBe(200);
    expect(home.headers.get("content-type")).toMatch(/^text\/html/);
    const app = await (await onHost("localhost", "/app/")).text();
    const deep = await onHost("localhost", "/app/campaigns/cmp_123");
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(app);
  });
});
