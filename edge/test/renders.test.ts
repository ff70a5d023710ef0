import { env } from "cloudflare:test";
import { renderEvents, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mediaKeys } from "../src/lib/media";
import { type AuthedFetch, anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import { renderEventsOf, renderRow, setWorkspaceCap } from "./helpers/render-world";

interface EnqueuedRender {
  id: string;
  leadId: string;
  state: string;
}

interface RenderBody {
  id: string;
  leadId: string;
  campaignId: string;
  state: string;
  stage: string | null;
  progress: number;
  attempts: number;
  maxAttempts: number;
  cancelRequested: boolean;
  error: string | null;
  errorCode: string | null;
  artifacts: Record<string, string>;
  durationMs: number | null;
  timings: Record<string, number> | null;
}

/**
 * A signed-up account whose workspace cap is 0: its renders stay queued, so the node-protocol tests
 * (which claim from the same database) never take them.
 */
async function pausedAccount(): Promise<TestAccount & { call: AuthedFetch }> {
  const account = await signUp();
  await setWorkspaceCap(account.workspaceId, 0);
  return { ...account, call: authed(account.cookie) };
}

async function campaignWithLeads(call: AuthedFetch, count: number) {
  const campaign = await createCampaign(call);
  const leads = await addLeads(
    call,
    campaign.id,
    Array.from({ length: count }, (_, i) => ({ first_name: `Lead${i}`, website: `lead${i}.example.com` })),
  );
  return { campaignId: campaign.id, leadIds: leads.map((l) => l.id) };
}

async function enqueue(call: AuthedFetch, campaignId: string, body: unknown = {}) {
  const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: body });
  const answer = (await res.json()) as { renders: EnqueuedRender[] };
  expect(res.status, JSON.stringify(answer)).toBe(201);
  return answer.renders;
}

async function getJson<T>(call: AuthedFetch, path: string): Promise<T> {
  const res = await call(path);
  const body = (await res.json()) as T;
  expect(res.status, `${path} answered ${JSON.stringify(body)}`).toBe(200);
  return body;
}

describe("POST /api/campaigns/:id/renders", () => {
  it("queues one render per lead in lead order, and skips leads that already have one pending", async () => {
    const { call, workspaceId } = await pausedAccount();
    const { campaignId, leadIds } = await campaignWithLeads(call, 3);

    const first = await enqueue(call, campaignId);
    expect(first.map((r) => r.leadId)).toEqual(leadIds);
    expect(first.every((r) => r.state === "queued" && r.id.startsWith("rnd_"))).toBe(true);
    for (const r of first) {
      expect(await renderRow(r.id)).toMatchObject({
        workspaceId,
        campaignId,
        attempts: 0,
        maxAttempts: Number(env.MAX_ATTEMPTS ?? 3),
      });
      expect((await renderEventsOf(r.id)).map((e) => e.kind)).toEqual(["queued"]);
    }

    expect(await enqueue(call, campaignId)).toEqual([]);
    expect(await enqueue(call, campaignId, { leadIds: [leadIds[1]] })).toEqual([]);

    // Once a lead's render is finished, it can be rendered again.
    await withDb((db) =>
      db
        .update(renders)
        .set({ state: "done" })
        .where(eq(renders.id, first[1]?.id as string)),
    );
    const again = await enqueue(call, campaignId, { leadIds: [leadIds[1], leadIds[1]] });
    expect(again.map((r) => r.leadId)).toEqual([leadIds[1]]);
  });

  it("works with an API key and for a campaign without leads", async () => {
    const { apiKey, call } = await pausedAccount();
    const empty = await createCampaign(call);
    expect(await enqueue(authed(apiKey), empty.id)).toEqual([]);
    const { campaignId } = await campaignWithLeads(call, 1);
    expect(await enqueue(authed(apiKey), campaignId)).toHaveLength(1);
  });

  it("answers 404 for another workspace's campaign or lead, and queues nothing", async () => {
    const mine = await pausedAccount();
    const theirs = await pausedAccount();
    const own = await campaignWithLeads(mine.call, 1);
    const foreign = await campaignWithLeads(theirs.call, 1);

    await expectError(
      await mine.call(`/api/campaigns/${foreign.campaignId}/renders`, { method: "POST", json: {} }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await mine.call(`/api/campaigns/${own.campaignId}/renders`, {
        method: "POST",
        json: { leadIds: [own.leadIds[0], foreign.leadIds[0]] },
      }),
      404,
      "NOT_FOUND",
      new RegExp(foreign.leadIds[0] as string),
    );
    const count = await withDb(
      async (db) =>
        (await db.select().from(renders).where(eq(renders.workspaceId, mine.workspaceId))).length +
        (await db.select().from(renders).where(eq(renders.workspaceId, theirs.workspaceId))).length,
    );
    expect(count).toBe(0);
  });

  it("answers 400 naming leadIds when it is malformed", async () => {
    const { call } = await pausedAccount();
    const { campaignId } = await campaignWithLeads(call, 1);
    for (const leadIds of ["ld_x", [], [42]]) {
      await expectError(
        await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: { leadIds } }),
        400,
        "BAD_REQUEST",
        /leadIds/,
      );
    }
  });
});

describe("reading renders", () => {
  let account: TestAccount & { call: AuthedFetch };
  let campaignId: string;
  let enqueued: EnqueuedRender[];

  beforeAll(async () => {
    account = await pausedAccount();
    ({ campaignId } = await campaignWithLeads(account.call, 2));
    enqueued = await enqueue(account.call, campaignId);
  });

  it("lists the campaign's renders newest first and shows one render", async () => {
    const { renders: listed } = await getJson<{ renders: RenderBody[] }>(
      account.call,
      `/api/campaigns/${campaignId}/renders`,
    );
    expect(listed.map((r) => r.id)).toEqual(enqueued.map((r) => r.id).reverse());

    const one = await getJson<RenderBody>(account.call, `/api/renders/${enqueued[0]?.id}`);
    expect(one).toMatchObject({
      id: enqueued[0]?.id,
      leadId: enqueued[0]?.leadId,
      campaignId,
      state: "queued",
      stage: null,
      progress: 0,
      attempts: 0,
      cancelRequested: false,
      error: null,
      errorCode: null,
      artifacts: {},
      durationMs: null,
      timings: null,
    });
  });

  it("answers 404 to another workspace and 401 without credentials", async () => {
    const stranger = await pausedAccount();
    const id = enqueued[0]?.id as string;
    for (const path of [
      `/api/renders/${id}`,
      `/api/campaigns/${campaignId}/renders`,
      `/api/renders/${id}/artifacts/video.mp4`,
    ]) {
      await expectError(await stranger.call(path), 404, "NOT_FOUND");
      await expectError(await authed(stranger.apiKey)(path), 404, "NOT_FOUND");
      await expectError(await anonymous(path), 401, "UNAUTHORIZED");
    }
    for (const path of [`/api/renders/${id}/cancel`, `/api/campaigns/${campaignId}/renders`]) {
      await expectError(await stranger.call(path, { method: "POST", json: {} }), 404, "NOT_FOUND");
      await expectError(await anonymous(path, { method: "POST", json: {} }), 401, "UNAUTHORIZED");
    }
    await expectError(await authed("ll_live_not-a-real-key")(`/api/renders/${id}`), 401, "UNAUTHORIZED");
    expect((await renderRow(id)).state).toBe("queued");
  });
});

describe("POST /api/renders/:id/cancel", () => {
  it("cancels a queued render at once, and refuses to cancel a finished one", async () => {
    const { call } = await pausedAccount();
    const { campaignId } = await campaignWithLeads(call, 2);
    const [queued, finished] = await enqueue(call, campaignId);
    const id = queued?.id as string;

    const res = await call(`/api/renders/${id}/cancel`, { method: "POST" });
    expect(await res.json()).toEqual({ id, state: "cancelled", cancelRequested: true });
    expect(await renderRow(id)).toMatchObject({ state: "cancelled" });
    expect((await renderRow(id)).finishedAt).toBeInstanceOf(Date);
    expect((await renderEventsOf(id)).map((e) => e.kind)).toEqual(["queued", "cancelled"]);
    await expectError(
      await call(`/api/renders/${id}/cancel`, { method: "POST" }),
      409,
      "CONFLICT",
      /cancelled/,
    );

    await withDb((db) =>
      db
        .update(renders)
        .set({ state: "done" })
        .where(eq(renders.id, finished?.id as string)),
    );
    await expectError(
      await call(`/api/renders/${finished?.id}/cancel`, { method: "POST" }),
      409,
      "CONFLICT",
      /done/,
    );
    expect((await renderRow(finished?.id as string)).state).toBe("done");
  });
});

describe("GET /api/renders/:id/artifacts/:name", () => {
  it("streams a stored artifact whole or by range, and 404s one that is not there", async () => {
    const { call, workspaceId, apiKey } = await pausedAccount();
    const { campaignId } = await campaignWithLeads(call, 1);
    const [render] = await enqueue(call, campaignId);
    const id = render?.id as string;
    const video = new Uint8Array(5000).map((_, i) => (i * 13) % 256);
    const key = mediaKeys.artifact(workspaceId, id, "1/video.mp4");
    await env.MEDIA.put(key, video, { httpMetadata: { contentType: "video/mp4" } });

    await expectError(await call(`/api/renders/${id}/artifacts/video.mp4`), 404, "NOT_FOUND");
    await withDb(async (db) => {
      await db
        .update(renders)
        .set({ state: "done", artifacts: { "video.mp4": key } })
        .where(eq(renders.id, id));
      await db.insert(renderEvents).values({ renderId: id, workspaceId, kind: "done", fence: 1 });
    });

    const whole = await authed(apiKey)(`/api/renders/${id}/artifacts/video.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.headers.get("content-length")).toBe("5000");
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(video);

    const middle = await call(`/api/renders/${id}/artifacts/video.mp4`, {
      headers: { range: "bytes=100-199" },
    });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("content-range")).toBe("bytes 100-199/5000");
    expect(new Uint8Array(await middle.arrayBuffer())).toEqual(video.slice(100, 200));

    const tail = await call(`/api/renders/${id}/artifacts/video.mp4`, { headers: { range: "bytes=-300" } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get("content-range")).toBe("bytes 4700-4999/5000");
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(video.slice(4700));

    const view = await getJson<RenderBody>(call, `/api/renders/${id}`);
    expect(view.artifacts).toEqual({ "video.mp4": `/api/renders/${id}/artifacts/video.mp4` });
    await expectError(await call(`/api/renders/${id}/artifacts/poster.jpg`), 404, "NOT_FOUND");
    await expectError(await call(`/api/renders/${id}/artifacts/secrets.txt`), 400, "BAD_REQUEST", /name/);
  });
});
