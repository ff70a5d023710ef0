import { SELF } from "cloudflare:test";
import { FAKE_BUNNY_KEY, FAKE_BUNNY_ZONE } from "@loom-lite/testkit/fake-bunny-storage";
import { afterAll, describe, expect, inject, it } from "vitest";
import { authed, signUp, type TestAccount } from "./helpers/accounts";
import { finishedRender, seedRender } from "./helpers/factories";
import { addLeads, createCampaign } from "./helpers/fixtures";
import { nodeClient, registerNode, renderRow, retire, seedCampaign } from "./helpers/render-world";

const fakeUrl = inject("fakeUrl");
const CDN = "https://cdn.loom-lite.test";
const retired: string[] = [];

afterAll(async () => {
  await retire(retired);
});

const bunnyKeys = async () =>
  ((await (await fetch(`${fakeUrl}/_fake/bunny/objects`)).json()) as Array<{ key: string }>).map(
    (o) => o.key,
  );

async function putInBunny(key: string, bytes: Uint8Array) {
  const res = await fetch(`${fakeUrl}/${FAKE_BUNNY_ZONE}/${key}`, {
    method: "PUT",
    headers: { AccessKey: FAKE_BUNNY_KEY, "content-type": "application/octet-stream" },
    body: bytes,
  });
  expect(res.status).toBe(201);
}

/** A lead whose finished render's video, poster and GIF are in (the fake) Bunny Storage, as a node leaves them. */
async function leadRenderedToBunny(account: TestAccount) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, {});
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  const renderId = `rnd_bunny_${lead.id.slice(3)}`;
  const prefix = `ws/${account.workspaceId}/renders/${renderId}/1`;
  const artifacts = {
    "video.mp4": `${prefix}/video.mp4`,
    "poster.jpg": `${prefix}/poster.jpg`,
    "preview.gif": `${prefix}/preview.gif`,
  };
  for (const key of Object.values(artifacts)) await putInBunny(key, new Uint8Array([1, 2, 3]));
  await seedRender(
    finishedRender(account, campaign, lead, {
      id: renderId,
      artifacts,
      storage: "bunny",
      cdnBaseUrl: CDN,
    }),
  );
  return { call, campaign, lead, renderId, artifacts };
}

describe("renders whose media are in Bunny Storage", () => {
  it("landing page, link-preview tags, media paths, lead API, email snippet and CSV point at the CDN", async () => {
    const account = await signUp();
    const { call, campaign, lead, renderId, artifacts } = await leadRenderedToBunny(account);
    const host = `${account.workspaceSlug}.localhost:8787`;
    const page = await SELF_fetch(host, `/${lead.slug}`);
    const html = await page.text();
    expect(page.status, html.slice(0, 300)).toBe(200);
    expect(html).toContain(`src="${CDN}/${artifacts["video.mp4"]}"`);
    expect(html).toContain(`poster="${CDN}/${artifacts["poster.jpg"]}"`);
    expect(html).toContain(`<meta property="og:image" content="${CDN}/${artifacts["poster.jpg"]}"`);
    expect(html).toContain(`<meta property="og:video" content="${CDN}/${artifacts["video.mp4"]}"`);
    expect(html).not.toContain(`/${lead.slug}/video.mp4`);

    const media = await SELF_fetch(host, `/${lead.slug}/video.mp4`, { redirect: "manual" });
    expect(media.status).toBe(302);
    expect(media.headers.get("location")).toBe(`${CDN}/${artifacts["video.mp4"]}`);

    const listed = (await (await call(`/api/campaigns/${campaign.id}/leads`)).json()) as {
      leads: Array<{ id: string; render: { artifacts: Record<string, string> } | null }>;
    };
    expect(listed.leads.find((l) => l.id === lead.id)?.render?.artifacts["video.mp4"]).toBe(
      `${CDN}/${artifacts["video.mp4"]}`,
    );
    const api = await call(`/api/renders/${renderId}/artifacts/poster.jpg`, { redirect: "manual" });
    expect(api.status).toBe(302);
    expect(api.headers.get("location")).toBe(`${CDN}/${artifacts["poster.jpg"]}`);

    const snippet = (await (await call(`/api/leads/${lead.id}/email-snippet`)).json()) as {
      imageUrl: string;
    };
    expect(snippet.imageUrl).toBe(`${CDN}/${artifacts["preview.gif"]}`);

    const csv = await (await call(`/api/campaigns/${campaign.id}/leads/export`)).text();
    expect(csv).toContain(`${CDN}/${artifacts["video.mp4"]}`);
    expect(csv).toContain(`${CDN}/${artifacts["poster.jpg"]}`);
  });

  it("an R2 render of the same workspace keeps its media served through the edge", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call, {});
    const [lead] = await addLeads(call, campaign.id, [{ first_name: "Bo", website: "example.com" }]);
    if (!lead) throw new Error("no lead");
    const key = `ws/${account.workspaceId}/renders/rnd_r2_${lead.id.slice(3)}/1`;
    await seedRender(
      finishedRender(account, campaign, lead, {
        id: `rnd_r2_${lead.id.slice(3)}`,
        artifacts: { "video.mp4": `${key}/video.mp4`, "poster.jpg": `${key}/poster.jpg` },
      }),
    );
    const html = await (await SELF_fetch(`${account.workspaceSlug}.localhost:8787`, `/${lead.slug}`)).text();
    expect(html).toContain(`src="/${lead.slug}/video.mp4"`);
    expect(html).toContain(
      `content="http://${account.workspaceSlug}.localhost:8787/${lead.slug}/poster.jpg"`,
    );
    expect(html).not.toContain(CDN);
  });

  it("deleting the lead deletes its objects in Bunny Storage", async () => {
    const account = await signUp();
    const { call, lead, artifacts } = await leadRenderedToBunny(account);
    expect(await bunnyKeys()).toEqual(expect.arrayContaining(Object.values(artifacts)));
    const res = await call(`/api/leads/${lead.id}`, { method: "DELETE" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ id: lead.id, mediaFilesDeleted: 3 });
    const left = await bunnyKeys();
    for (const key of Object.values(artifacts)) expect(left).not.toContain(key);
  });

  it("deleting the campaign deletes its objects in Bunny Storage", async () => {
    const account = await signUp();
    const { call, campaign, artifacts } = await leadRenderedToBunny(account);
    const res = await call(`/api/campaigns/${campaign.id}`, { method: "DELETE" });
    expect(res.status, await res.clone().text()).toBe(204);
    const left = await bunnyKeys();
    for (const key of Object.values(artifacts)) expect(left).not.toContain(key);
  });
});

describe("deleting the account", () => {
  it("deletes the workspace's objects in Bunny Storage too", async () => {
    const account = await signUp();
    const { call, artifacts } = await leadRenderedToBunny(account);
    const res = await call("/api/me", { method: "DELETE", json: { confirm: account.workspaceSlug } });
    expect(res.status, await res.clone().text()).toBe(200);
    const left = await bunnyKeys();
    for (const key of Object.values(artifacts)) expect(left).not.toContain(key);
  });
});

describe("complete with storage bunny (node protocol)", () => {
  it("records the keys and the CDN base; keys outside this render and fence are refused", async () => {
    const seeded = await seedCampaign();
    retired.push(seeded.workspaceId);
    const node = nodeClient((await registerNode()).token);
    const claimed = await node.claimJob();
    expect(claimed.renderId).toBe(seeded.renderIds[0]);
    const key = (name: string) =>
      `ws/${seeded.workspaceId}/renders/${claimed.renderId}/${claimed.fence}/${name}`;
    const base = { fence: claimed.fence, durationMs: 2000, timings: {} };

    const foreign = await node.complete(claimed.renderId, {
      ...base,
      storage: {
        kind: "bunny",
        cdnBaseUrl: CDN,
        artifacts: { "video.mp4": "ws/ws_other/renders/x/1/video.mp4", "poster.jpg": key("poster.jpg") },
      },
    });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("storage.artifacts.video.mp4");

    const missing = await node.complete(claimed.renderId, {
      ...base,
      storage: { kind: "bunny", cdnBaseUrl: CDN, artifacts: { "video.mp4": key("video.mp4") } },
    });
    expect(missing.status).toBe(400);

    const done = await node.complete(claimed.renderId, {
      ...base,
      storage: {
        kind: "bunny",
        cdnBaseUrl: `${CDN}/`,
        artifacts: { "video.mp4": key("video.mp4"), "poster.jpg": key("poster.jpg") },
      },
    });
    expect(done.status, await done.clone().text()).toBe(200);
    const row = await renderRow(claimed.renderId);
    expect(row).toMatchObject({
      state: "done",
      storage: "bunny",
      cdnBaseUrl: CDN,
      artifacts: { "video.mp4": key("video.mp4"), "poster.jpg": key("poster.jpg") },
    });
  });
});

function SELF_fetch(host: string, path: string, init: RequestInit = {}) {
  return SELF.fetch(`http://${host}${path}`, init);
}
