import { env } from "cloudflare:test";
import { campaigns, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newId } from "../src/lib/ids";
import { mediaKeys } from "../src/lib/media";
import { type AuthedFetch, anonymous, authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { seedRender, seedRenders } from "./helpers/factories";
import { addLeads, createCampaign, expectError, sceneSpec, uploadAsset } from "./helpers/fixtures";
import { setWorkspaceCap } from "./helpers/render-world";

interface Listed {
  id: string;
  name: string;
  status: string;
  figures: { leads: number; rendered: number; failed: number; rendering: number; views: number };
}
interface ListBody {
  campaigns: Listed[];
  nextCursor: string | null;
  total: number;
}

async function list(call: AuthedFetch, query = ""): Promise<ListBody> {
  const res = await call(`/api/campaigns${query}`);
  const body = (await res.json()) as ListBody;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function named(call: AuthedFetch, names: string[]): Promise<string[]> {
  const facecam = await uploadAsset(call);
  const ids: string[] = [];
  for (const name of names) {
    const res = await call("/api/campaigns", { method: "POST", json: { name, spec: sceneSpec(facecam.id) } });
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

async function bulk(call: AuthedFetch, json: unknown) {
  return call("/api/campaigns/bulk", { method: "POST", json });
}

async function statuses(ids: string[]): Promise<Record<string, string>> {
  return withDb(async (db) => {
    const out: Record<string, string> = {};
    for (const id of ids) {
      const [row] = await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id));
      out[id] = row?.status ?? "gone";
    }
    return out;
  });
}

describe("GET /api/campaigns (search, status, figures)", () => {
  it("finds campaigns by part of the name in any case, literally, with a total", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const [q3, q4, sale] = await named(call, ["Q3 Outreach", "q4 outreach", "50%_off sale"]);
    const found = await list(call, "?q=OUTREACH");
    expect(found.campaigns.map((c) => c.id)).toEqual([q4, q3]);
    expect(found.total).toBe(2);
    expect((await list(call, `?q=${encodeURIComponent("50%_")}`)).campaigns.map((c) => c.id)).toEqual([sale]);
    expect((await list(call, `?q=${encodeURIComponent("%")}`)).campaigns.map((c) => c.id)).toEqual([sale]);
    const paged = await list(call, "?limit=1");
    expect(paged.total).toBe(3);
    expect(paged.campaigns).toHaveLength(1);
  });

  it("filters by status and counts leads, rendered, failed and rendering per campaign", async () => {
    const account = await signUp();
    await setWorkspaceCap(account.workspaceId, 0);
    const call = authed(account.cookie);
    const busy = await createCampaign(call, { name: "Busy" });
    const [empty] = await named(call, ["Empty"]);
    const leads = await addLeads(call, busy.id, [
      { first_name: "Done", website: "done.example.com" },
      { first_name: "Failed", website: "failed.example.com" },
      { first_name: "Queued", website: "queued.example.com" },
      { first_name: "Never", website: "never.example.com" },
    ]);
    const [done, failed, queued] = leads.map((l) => l.id) as [string, string, string];
    await seedRenders([
      {
        id: newId("rnd"),
        workspaceId: account.workspaceId,
        campaignId: busy.id,
        leadId: done,
        state: "done",
      },
      {
        id: newId("rnd"),
        workspaceId: account.workspaceId,
        campaignId: busy.id,
        leadId: failed,
        state: "failed",
      },
      {
        id: newId("rnd"),
        workspaceId: account.workspaceId,
        campaignId: busy.id,
        leadId: queued,
        state: "queued",
      },
    ]);
    const all = await list(call);
    expect(all.campaigns.find((c) => c.id === busy.id)?.figures).toEqual({
      leads: 4,
      rendered: 1,
      failed: 1,
      rendering: 1,
      views: 0,
      held: 0,
      usedSeconds: 0,
      // The scenes never changed: no video is outdated.
      outdated: 0,
    });
    expect(all.campaigns.find((c) => c.id === empty)?.figures).toEqual({
      leads: 0,
      rendered: 0,
      failed: 0,
      rendering: 0,
      views: 0,
      held: 0,
      usedSeconds: 0,
      // The scenes never changed: no video is outdated.
      outdated: 0,
    });
    const got = await call(`/api/campaigns/${busy.id}`);
    expect(((await got.json()) as Listed).figures.leads).toBe(4);

    expect((await bulk(call, { action: "archive", ids: [busy.id] })).status).toBe(200);
    expect((await list(call, "?status=archived")).campaigns.map((c) => c.id)).toEqual([busy.id]);
    expect((await list(call, "?status=draft")).campaigns.map((c) => c.id)).toEqual([empty]);
  });

  it("answers 400 for a bad status or an over-long search", async () => {
    const call = authed((await signUp()).cookie);
    await expectError(await call("/api/campaigns?status=deleted"), 400, "BAD_REQUEST", /status/);
    await expectError(await call(`/api/campaigns?q=${"x".repeat(201)}`), 400, "BAD_REQUEST", /q/);
  });
});

describe("POST /api/campaigns/bulk", () => {
  it("archives and restores several campaigns at once", async () => {
    const account = await signUp();
    const call = authed(account.apiKey);
    const ids = await named(call, ["A", "B", "C"]);
    const [a, b, c] = ids as [string, string, string];
    const res = await bulk(call, { action: "archive", ids: [a, b] });
    expect(await res.json()).toEqual({ action: "archive", ids: [a, b], queued: 0, mediaFilesDeleted: 0 });
    expect(await statuses(ids)).toEqual({ [a]: "archived", [b]: "archived", [c]: "draft" });
    expect((await bulk(call, { action: "restore", ids: [a] })).status).toBe(200);
    expect(await statuses(ids)).toEqual({ [a]: "draft", [b]: "archived", [c]: "draft" });
  });

  it("re-renders every lead of the chosen campaigns, and refuses archived ones", async () => {
    const account = await signUp();
    await setWorkspaceCap(account.workspaceId, 0);
    const call = authed(account.cookie);
    const one = await createCampaign(call, { name: "One" });
    const two = await createCampaign(call, { name: "Two" });
    await addLeads(call, one.id, [{ website: "a.example.com" }, { website: "b.example.com" }]);
    await addLeads(call, two.id, [{ website: "c.example.com" }]);
    const res = await bulk(call, { action: "rerender", ids: [one.id, two.id] });
    expect(await res.json()).toMatchObject({ action: "rerender", queued: 3 });
    // Queued ones are not queued twice.
    expect(await (await bulk(call, { action: "rerender", ids: [one.id] })).json()).toMatchObject({
      queued: 0,
    });
    expect(await statuses([one.id, two.id])).toEqual({ [one.id]: "active", [two.id]: "active" });

    await bulk(call, { action: "archive", ids: [two.id] });
    await expectError(await bulk(call, { action: "rerender", ids: [two.id] }), 409, "CONFLICT", /archived/);
  });

  it("deletes campaigns with their leads, renders and media; refused while one renders", async () => {
    const account = await signUp();
    await setWorkspaceCap(account.workspaceId, 0);
    const call = authed(account.cookie);
    const keep = await createCampaign(call, { name: "Keep" });
    const gone = await createCampaign(call, { name: "Gone" });
    const [lead] = await addLeads(call, gone.id, [{ website: "gone.example.com" }]);
    const renderId = newId("rnd");
    const videoKey = mediaKeys.artifact(account.workspaceId, renderId, "video.mp4");
    await env.MEDIA.put(videoKey, new Uint8Array([1, 2, 3]));
    await seedRender({
      id: renderId,
      workspaceId: account.workspaceId,
      campaignId: gone.id,
      leadId: lead?.id as string,
      state: "capturing",
      artifacts: { "video.mp4": videoKey },
    });
    await expectError(await bulk(call, { action: "delete", ids: [keep.id, gone.id] }), 409, "CONFLICT");
    expect(await statuses([keep.id, gone.id])).toEqual({ [keep.id]: "draft", [gone.id]: "draft" });

    await withDb((db) => db.update(renders).set({ state: "done" }).where(eq(renders.id, renderId)));
    const res = await bulk(call, { action: "delete", ids: [gone.id] });
    expect(await res.json()).toMatchObject({ action: "delete", ids: [gone.id], mediaFilesDeleted: 1 });
    expect(await statuses([keep.id, gone.id])).toEqual({ [keep.id]: "draft", [gone.id]: "gone" });
    expect(await env.MEDIA.head(videoKey)).toBeNull();
  });

  it("answers 400 naming the field, 404 when any id is another workspace's, 401 without credentials", async () => {
    const account = await signUp();
    const stranger = await signUp();
    const call = authed(account.cookie);
    const [mine] = (await named(call, ["Mine"])) as [string];
    const [theirs] = (await named(authed(stranger.cookie), ["Theirs"])) as [string];
    await expectError(await bulk(call, { action: "explode", ids: [mine] }), 400, "BAD_REQUEST", /action/);
    await expectError(await bulk(call, { action: "archive", ids: [] }), 400, "BAD_REQUEST", /ids/);
    await expectError(await bulk(call, { action: "archive" }), 400, "BAD_REQUEST", /ids/);
    await expectError(await bulk(call, { action: "archive", ids: [mine, theirs] }), 404, "NOT_FOUND", theirs);
    await expectError(await bulk(call, { action: "delete", ids: [theirs] }), 404, "NOT_FOUND");
    await expectError(await bulk(anonymous, { action: "archive", ids: [mine] }), 401, "UNAUTHORIZED");
    expect(await statuses([mine, theirs])).toEqual({ [mine]: "draft", [theirs]: "draft" });
  });
});

describe("PATCH /api/campaigns/:id with a spec", () => {
  it("replaces the scene spec, checked like a new one", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    const res = await call(`/api/campaigns/${campaign.id}`, {
      method: "PATCH",
      json: {
        spec: {
          ...campaign.spec,
          bubble: { shape: "rounded", position: "top-right", size: 0.3 },
          onUnusable: "fallback",
          fallbackUrl: "https://fallback.example.com",
        },
      },
    });
    const body = (await res.json()) as { spec: { bubble: unknown; onUnusable: string } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.spec).toMatchObject({
      bubble: { shape: "rounded", position: "top-right", size: 0.3 },
      onUnusable: "fallback",
    });
    await expectError(
      await call(`/api/campaigns/${campaign.id}`, {
        method: "PATCH",
        json: { spec: { ...campaign.spec, onUnusable: "fallback", fallbackUrl: undefined } },
      }),
      400,
      "BAD_REQUEST",
      /spec\.fallbackUrl/,
    );
    const stranger = await signUp();
    const theirs = await uploadAsset(authed(stranger.cookie));
    await expectError(
      await call(`/api/campaigns/${campaign.id}`, {
        method: "PATCH",
        json: { spec: { ...campaign.spec, facecam: theirs.id } },
      }),
      400,
      "BAD_REQUEST",
      /spec\.facecam/,
    );
    const again = (await (await call(`/api/campaigns/${campaign.id}`)).json()) as {
      spec: { bubble: unknown };
    };
    expect(again.spec.bubble).toMatchObject({ shape: "rounded" });
  });
});
