import { env, SELF } from "cloudflare:test";
import { campaigns, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { landingChanged } from "../src/landing/cache";
import { authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { finishedRender, seedRender } from "./helpers/factories";
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
  const media = env;
  await media.MEDIA.put(`${prefix}/video.mp4`, FAKE_MP4, { httpMetadata: { contentType: "video/mp4" } });
  await media.MEDIA.put(`${prefix}/poster.jpg`, POSTER, { httpMetadata: { contentType: "image/jpeg" } });
  await seedRender(
    finishedRender(account, campaign, lead, {
      id: renderId,
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

  it("serves the lead's files at stable paths that revalidate, so a re-render shows at once", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadWithVideo(account);
    const host = `${account.workspaceSlug}.localhost`;
    const path = `/${lead.slug}/video.mp4`;
    const first = await onHost(host, path);
    await first.arrayBuffer();
    // Not "max-age=3600": a browser would show the old video for an hour after a re-render.
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag") as string;
    expect(etag).toBeTruthy();
    expect((await onHost(host, path, { headers: { "if-none-match": etag } })).status).toBe(304);
    const poster = await onHost(host, `/${lead.slug}/poster.jpg`);
    await poster.arrayBuffer();
    expect(poster.headers.get("cache-control")).toBe("private, no-cache");

    const rerendered = FAKE_MP4.map((b) => 255 - b);
    const renderId = `rnd_again_${lead.id.slice(3)}`;
    const key = `ws/${account.workspaceId}/renders/${renderId}/video.mp4`;
    await env.MEDIA.put(key, rerendered, { httpMetadata: { contentType: "video/mp4" } });
    await seedRender(
      finishedRender(account, campaign, lead, {
        id: renderId,
        createdAt: new Date(Date.now() + 1000),
        artifacts: { "video.mp4": key },
      }),
    );
    // What finishing a render does to the workspace's landing pages.
    await withDb((db) => landingChanged(db, account.workspaceId));

    const after = await onHost(host, path, { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(new Uint8Array(await after.arrayBuffer())).toEqual(rerendered);
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

  it("shows a failed render as such and still offers the CTA", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call, {
      landing: { ctaLabel: "Talk to us", ctaUrl: "https://cal.example.com/talk" },
    });
    const [lead] = (await addLeads(call, campaign.id, [{ first_name: "Bo", website: "bo.example.com" }])) as [
      LeadBody,
    ];
    await seedRender({
      id: `rnd_failed_${lead.id.slice(3)}`,
      workspaceId: account.workspaceId,
      campaignId: campaign.id,
      leadId: lead.id,
      state: "failed",
      errorCode: "page_blocked",
      error: "blocked",
    });
    const res = await onHost(`${account.workspaceSlug}.localhost`, `/${lead.slug}`);
    const html = await res.text();
    expect(res.status, html.slice(0, 300)).toBe(200);
    expect(html).toContain('data-state="failed"');
    expect(html).toContain("could not be made");
    expect(html).not.toContain("<video");
    expect(html).not.toContain("location.reload");
    expect(html).toContain('href="https://cal.example.com/talk"');
    expect(html).toContain("Talk to us");
  });

  it("has Open Graph and Twitter card tags with the absolute poster URL, title and description", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account, {
      headline: "Hi {{first_name}}, a video for you",
      message: "I looked at {{website}} & had ideas",
    });
    const origin = `http://${account.workspaceSlug}.localhost:8787`;
    const html = await (await SELF.fetch(`${origin}/${lead.slug}`)).text();
    const meta = (attr: string, name: string) =>
      new RegExp(`<meta ${attr}="${name.replace(/[.:]/g, "\\$&")}" content="([^"]*)"`).exec(html)?.[1];
    expect(meta("property", "og:title"), html.slice(0, 1500)).toBe("Hi Ada, a video for you");
    expect(meta("property", "og:description")).toBe("I looked at https://example.com &amp; had ideas");
    expect(meta("property", "og:image")).toBe(`${origin}/${lead.slug}/poster.jpg`);
    expect(meta("property", "og:url")).toBe(`${origin}/${lead.slug}`);
    expect(meta("property", "og:video")).toBe(`${origin}/${lead.slug}/video.mp4`);
    expect(meta("name", "twitter:card")).toBe("summary_large_image");
    expect(meta("name", "twitter:title")).toBe("Hi Ada, a video for you");
    expect(meta("name", "twitter:description")).toBe("I looked at https://example.com &amp; had ideas");
    expect(meta("name", "twitter:image")).toBe(`${origin}/${lead.slug}/poster.jpg`);
  });

  it("is usable on a phone and with a keyboard, with readable colors on the customer's background", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account, {
      backgroundColor: "#fafafa",
      primaryColor: "#fde047",
      ctaUrl: "https://cal.example.com/x",
      calendarUrl: "https://cal.com/ada",
    });
    const html = await (await onHost(`${account.workspaceSlug}.localhost`, `/${lead.slug}`)).text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"');
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<video [^>]*aria-label="Video: /);
    expect(html).toMatch(/<iframe [^>]*title="Book a time with /);
    expect(html).toContain(":focus-visible");
    expect(html).toContain('href="#content"');
    // Light background and a light yellow button: both get dark text.
    expect(html).toContain("--bg: #fafafa; --fg: #0f172a; --primary: #fde047; --on-primary: #0f172a;");
  });

  it("serves settled pages from the cache, and an edit through the API shows on the next view", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadWithVideo(account, {
      ctaLabel: "Old button",
      ctaUrl: "https://cal.example.com/old",
    });
    const host = `${account.workspaceSlug}.localhost`;
    const first = await onHost(host, `/${lead.slug}`);
    expect(await first.text()).toContain("Old button");
    const second = await onHost(host, `/${lead.slug}`);
    expect(second.headers.get("x-landing-cache")).toMatch(/^(isolate|cache)$/);
    expect(await second.text()).toContain("Old button");

    // A change behind the API's back is not seen: the page really comes from the cache.
    await withDb((db) =>
      db
        .update(campaigns)
        .set({ landing: { ctaLabel: "Sneaky", ctaUrl: "https://cal.example.com/sneaky" } })
        .where(eq(campaigns.id, campaign.id)),
    );
    expect(await (await onHost(host, `/${lead.slug}`)).text()).toContain("Old button");

    const patched = await authed(account.cookie)(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: { landing: { ctaLabel: "New button", ctaUrl: "https://cal.example.com/new" } },
    });
    expect(patched.status).toBe(200);
    const after = await onHost(host, `/${lead.slug}`);
    const html = await after.text();
    expect(after.headers.get("x-landing-cache")).toBe("database");
    expect(html).toContain("New button");
    expect(html).toContain('href="https://cal.example.com/new"');
    const renderCount = await withDb(
      async (db) => (await db.select().from(renders).where(eq(renders.leadId, lead.id))).length,
    );
    expect(renderCount).toBe(1);
  });

  it("answers the 404 page on hosts that are neither the app nor a workspace", async () => {
    const account = await signUp();
    const { lead } = await leadWithVideo(account);
    for (const host of ["video.not-a-customer.example", `deep.${account.workspaceSlug}.localhost`]) {
      await expectNotFoundPage(await onHost(host, `/${lead.slug}`));
      await expectNotFoundPage(await onHost(host, "/api/health"));
    }
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
    // Each answer carries its own CSP nonce; apart from that the page is the same.
    const withoutNonces = (html: string) => html.replace(/ nonce="[^"]*"/g, "");
    const app = await (await onHost("localhost", "/app/")).text();
    const deep = await onHost("localhost", "/app/campaigns/cmp_123");
    expect(deep.status).toBe(200);
    expect(withoutNonces(await deep.text())).toBe(withoutNonces(app));
  });
});
