import { env } from "cloudflare:test";
import { leads, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { mediaKeys } from "../src/lib/media";
import { anonymous, authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { FINISHED, seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";

interface LeadBody {
  id: string;
  slug: string;
  fields: Record<string, string>;
  landingUrl: string;
  render: { id: string; state: string; artifacts: Record<string, string>; errorCode: string | null } | null;
}

async function fieldsInDb(id: string) {
  return withDb(async (db) => (await db.select().from(leads).where(eq(leads.id, id)))[0]?.fields ?? null);
}

async function setup() {
  const account = await signUp();
  const call = authed(account.cookie);
  const campaign = await createCampaign(call);
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "ada.example.com" }]);
  return { account, call, campaign, lead: lead as { id: string; slug: string } };
}

async function insertDoneRender(
  account: { workspaceId: string },
  campaignId: string,
  leadId: string,
  names: string[] = ["video.mp4", "poster.jpg"],
) {
  const id = newId("rnd");
  const artifacts: Record<string, string> = {};
  for (const name of names) {
    artifacts[name] = mediaKeys.artifact(account.workspaceId, id, name);
    await env.MEDIA.put(artifacts[name] as string, new Uint8Array([1, 2, 3]));
  }
  await seedRender({
    id,
    workspaceId: account.workspaceId,
    campaignId,
    leadId,
    ...FINISHED,
    artifacts,
    finishedAt: new Date(),
  });
  return { id, artifacts };
}

describe("GET /api/leads/:id", () => {
  it("answers the lead with its latest render and artifact URLs", async () => {
    const { account, call, campaign, lead } = await setup();
    const render = await insertDoneRender(account, campaign.id, lead.id);
    const res = await authed(account.apiKey)(`/api/leads/${lead.id}`);
    const body = (await res.json()) as LeadBody;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      id: lead.id,
      fields: { first_name: "Ada", website: "https://ada.example.com" },
      landingUrl: `http://${account.workspaceSlug}.localhost/${lead.slug}`,
      render: {
        id: render.id,
        state: "done",
        artifacts: {
          "video.mp4": `/api/renders/${render.id}/artifacts/video.mp4`,
          "poster.jpg": `/api/renders/${render.id}/artifacts/poster.jpg`,
        },
      },
    });
    expect((await call(`/api/leads/${lead.id}`)).status).toBe(200);
  });

  it("answers 404 for another workspace's lead and 401 without credentials", async () => {
    const { lead } = await setup();
    const stranger = await signUp();
    await expectError(await authed(stranger.cookie)(`/api/leads/${lead.id}`), 404, "NOT_FOUND");
    await expectError(await anonymous(`/api/leads/${lead.id}`), 401, "UNAUTHORIZED");
  });
});

describe("PATCH /api/leads/:id", () => {
  it("replaces the fields, normalising the website", async () => {
    const { call, lead } = await setup();
    const res = await call(`/api/leads/${lead.id}`, {
      method: "PATCH",
      json: { fields: { first_name: "Ada L.", website: "lovelace.example.com/", company: "Engines" } },
    });
    const body = (await res.json()) as LeadBody;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.fields).toEqual({
      first_name: "Ada L.",
      website: "https://lovelace.example.com",
      company: "Engines",
    });
    expect(await fieldsInDb(lead.id)).toEqual(body.fields);
  });

  it("answers 400 naming the field and changes nothing", async () => {
    const { call, lead } = await setup();
    const before = await fieldsInDb(lead.id);
    const cases: Array<[unknown, RegExp]> = [
      [{ fields: { first_name: "Ada", website: "not a site" } }, /fields\.website/],
      [{ fields: { first_name: "Ada" } }, /fields\.website: required/],
      [{ fields: "nope" }, /fields/],
      [{}, /fields/],
      [{ fields: { website: "a.example.com" }, extra: 1 }, /extra|Unrecognized/i],
    ];
    for (const [json, field] of cases) {
      await expectError(
        await call(`/api/leads/${lead.id}`, { method: "PATCH", json }),
        400,
        "BAD_REQUEST",
        field,
      );
    }
    expect(await fieldsInDb(lead.id)).toEqual(before);
  });

  it("answers 404 for another workspace's lead and 401 without credentials", async () => {
    const { lead } = await setup();
    const stranger = await signUp();
    const json = { fields: { website: "evil.example.com" } };
    await expectError(
      await authed(stranger.apiKey)(`/api/leads/${lead.id}`, { method: "PATCH", json }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await anonymous(`/api/leads/${lead.id}`, { method: "PATCH", json }),
      401,
      "UNAUTHORIZED",
    );
    expect((await fieldsInDb(lead.id))?.website).toBe("https://ada.example.com");
  });
});

describe("DELETE /api/leads/:id", () => {
  it("deletes the lead, its renders and their media", async () => {
    const { account, call, campaign, lead } = await setup();
    const render = await insertDoneRender(account, campaign.id, lead.id);
    const res = await call(`/api/leads/${lead.id}`, { method: "DELETE" });
    expect(await res.json()).toEqual({ id: lead.id, mediaFilesDeleted: 2 });
    expect(await fieldsInDb(lead.id)).toBeNull();
    for (const key of Object.values(render.artifacts)) expect(await env.MEDIA.head(key)).toBeNull();
    await expectError(await call(`/api/leads/${lead.id}`), 404, "NOT_FOUND");
  });

  it("is refused while the lead renders; 404 for another workspace; 401 without credentials", async () => {
    const { account, call, campaign, lead } = await setup();
    const id = newId("rnd");
    await seedRender({
      id,
      workspaceId: account.workspaceId,
      campaignId: campaign.id,
      leadId: lead.id,
      state: "composing",
    });
    await expectError(await call(`/api/leads/${lead.id}`, { method: "DELETE" }), 409, "CONFLICT", /cancel/);
    const stranger = await signUp();
    await expectError(
      await authed(stranger.cookie)(`/api/leads/${lead.id}`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
    await expectError(await anonymous(`/api/leads/${lead.id}`, { method: "DELETE" }), 401, "UNAUTHORIZED");
    expect(await fieldsInDb(lead.id)).not.toBeNull();
    await withDb((db) => db.update(renders).set({ state: "cancelled" }).where(eq(renders.id, id)));
  });
});

describe("GET /api/campaigns/:id/leads (filters)", () => {
  it("filters by the newest render's state and searches field values", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const [ada, bob] = (await addLeads(call, campaign.id, [
      { first_name: "Ada", website: "ada.example.com", company: "Engines Ltd" },
      { first_name: "Bob", website: "bob.example.com", company: "Website Co" },
    ])) as unknown as [{ id: string }, { id: string }];
    await insertDoneRender(account, campaign.id, ada.id);
    const ids = async (query: string) => {
      const res = await call(`/api/campaigns/${campaign.id}/leads${query}`);
      const body = (await res.json()) as { leads: LeadBody[] };
      expect(res.status, JSON.stringify(body)).toBe(200);
      return body.leads.map((l) => l.id);
    };
    expect(await ids("?state=done")).toEqual([ada.id]);
    expect(await ids("?state=none")).toEqual([bob.id]);
    expect(await ids("?state=failed")).toEqual([]);
    expect(await ids("?q=engines")).toEqual([ada.id]);
    // Values only: every lead has a `website` key, only Bob's values mention it.
    expect(await ids("?q=website")).toEqual([bob.id]);
    await expectError(
      await call(`/api/campaigns/${campaign.id}/leads?state=weird`),
      400,
      "BAD_REQUEST",
      /state/,
    );
  });
});

describe("GET /api/campaigns/:id/leads/export", () => {
  it("answers a CSV of the fields plus landing, video, thumbnail and GIF URLs", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const campaign = await createCampaign(call, { name: "Q3 Outreach!" });
    const [ada, bob] = (await addLeads(call, campaign.id, [
      { first_name: "Ada", website: "ada.example.com", company: "=HYPERLINK(evil)" },
      { first_name: "Bob", website: "bob.example.com", email: "bob@example.com" },
    ])) as unknown as [{ id: string; slug: string }, { id: string; slug: string }];
    await insertDoneRender(account, campaign.id, ada.id, ["video.mp4", "poster.jpg", "preview.gif"]);

    const res = await call(`/api/campaigns/${campaign.id}/leads/export`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="q3-outreach-leads.csv"');
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    expect(parsed.meta.fields).toEqual([
      "first_name",
      "email",
      "company",
      "website",
      "landingUrl",
      "videoUrl",
      "thumbnailUrl",
      "gifUrl",
      "renderStatus",
      "videoNote",
    ]);
    const page = (slug: string) => `http://${account.workspaceSlug}.localhost/${slug}`;
    expect(parsed.data).toEqual([
      {
        first_name: "Ada",
        website: "https://ada.example.com",
        company: "'=HYPERLINK(evil)",
        email: "",
        landingUrl: page(ada.slug),
        videoUrl: `${page(ada.slug)}/video.mp4`,
        thumbnailUrl: `${page(ada.slug)}/poster.jpg`,
        gifUrl: `${page(ada.slug)}/preview.gif`,
        renderStatus: "done",
        videoNote: "",
      },
      {
        first_name: "Bob",
        website: "https://bob.example.com",
        company: "",
        email: "bob@example.com",
        landingUrl: page(bob.slug),
        videoUrl: "",
        thumbnailUrl: "",
        gifUrl: "",
        renderStatus: "not rendered",
        videoNote: "",
      },
    ]);
    // The exported media links are the public landing-page ones: they play without a login.
    const video = await anonymous(`${page(ada.slug)}/poster.jpg`);
    expect(video.status).toBe(200);
  });

  it("marks fallback videos and says why, gives a failed lead no link, and holds fallback links back when the campaign says so", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const campaign = await createCampaign(call, { name: "Mixed" });
    const [walled, broken] = (await addLeads(call, campaign.id, [
      { first_name: "Wall", website: "wall.example.com" },
      { first_name: "Broken", website: "broken.example.com" },
    ])) as unknown as [{ id: string; slug: string }, { id: string; slug: string }];
    const render = await insertDoneRender(account, campaign.id, walled.id);
    const fallback = { scene: 1, url: "https://wall.example.com", reason: "shows a human-verification wall" };
    await withDb((db) =>
      db
        .update(renders)
        .set({ fallbacks: [fallback] })
        .where(eq(renders.id, render.id)),
    );
    await seedRender({
      id: newId("rnd"),
      workspaceId: account.workspaceId,
      campaignId: campaign.id,
      leadId: broken.id,
      state: "failed",
      error: "could not load the page",
      finishedAt: new Date(),
    });

    const exported = async () => {
      const res = await call(`/api/campaigns/${campaign.id}/leads/export`);
      expect(res.status).toBe(200);
      return Papa.parse<Record<string, string>>((await res.text()).trim(), { header: true }).data;
    };
    const page = (slug: string) => `http://${account.workspaceSlug}.localhost/${slug}`;
    const note =
      "Fallback page filmed instead of the lead's site: scene 1: https://wall.example.com could not be used (shows a human-verification wall).";
    const [shared, failed] = await exported();
    expect(shared).toMatchObject({
      landingUrl: page(walled.slug),
      videoUrl: `${page(walled.slug)}/video.mp4`,
      videoNote: note,
    });
    expect(failed).toMatchObject({
      landingUrl: "",
      videoUrl: "",
      renderStatus: "failed",
      videoNote: "The render failed: no video, so no landing link.",
    });

    const spec = (await (await call(`/api/campaigns/${campaign.id}`)).json()) as {
      spec: Record<string, unknown>;
    };
    const patched = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ spec: { ...spec.spec, fallbackVideos: "hold" } }),
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const [held] = await exported();
    expect(held).toMatchObject({
      landingUrl: "",
      videoUrl: "",
      thumbnailUrl: "",
      renderStatus: "done",
      videoNote: `${note} Links held back by the campaign's setting.`,
    });
  });

  it("answers 404 for another workspace's campaign and 401 without credentials", async () => {
    const { campaign } = await setup();
    const stranger = await signUp();
    await expectError(
      await authed(stranger.cookie)(`/api/campaigns/${campaign.id}/leads/export`),
      404,
      "NOT_FOUND",
    );
    await expectError(await anonymous(`/api/campaigns/${campaign.id}/leads/export`), 401, "UNAUTHORIZED");
  });
});
