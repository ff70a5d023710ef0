import { env, SELF } from "cloudflare:test";
import { bunnyObjects, leads, mediaDeletions, renders, workspaces } from "@loom-lite/schema/db";
import { FAKE_BUNNY_KEY, FAKE_BUNNY_ZONE } from "@loom-lite/testkit/fake-bunny-storage";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runScheduled } from "../src/scheduled";
import { runMediaDeletions } from "../src/services/render-media";
import { announceBunnyUpload, completeRender } from "../src/services/render-queue";
import { authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import {
  type ClaimedJob,
  makeDue,
  type NodeClient,
  nodeClient,
  registerNode,
  retire,
  seedCampaign,
} from "./helpers/render-world";

// Every object a render node puts somewhere (R2 through the edge, Bunny Storage directly) is found and
// deleted with its lead, campaign or account: every attempt's, failed ones included, and also when
// Bunny does not answer at the time (the deletion stays queued and the cron finishes it).

const fakeUrl = inject("fakeUrl");
const CDN = "https://cdn.loom-lite.test";
const workspacesUsed: string[] = [];

afterAll(async () => {
  await retire(workspacesUsed);
});

const cron = () => runScheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} }, env);

async function zoneKeys(prefix: string): Promise<string[]> {
  const listed = (await (await fetch(`${fakeUrl}/_fake/bunny/objects`)).json()) as Array<{ key: string }>;
  return listed.map((o) => o.key).filter((k) => k.startsWith(prefix));
}

async function r2Keys(prefix: string): Promise<string[]> {
  return (await env.MEDIA.list({ prefix })).objects.map((o) => o.key);
}

async function bunnyOutage(prefix: string, on: boolean) {
  const res = await fetch(
    `${fakeUrl}/_fake/bunny/outage?prefix=${encodeURIComponent(prefix)}&on=${on ? 1 : 0}`,
    {
      method: "POST",
    },
  );
  expect(res.status).toBe(200);
}

/** What a Bunny render node does for one public artifact: announce it to the edge, then PUT it. */
async function announceAndPut(node: NodeClient, claimed: ClaimedJob, name: string): Promise<string> {
  const announced = await node.call(`/nodes/v1/renders/${claimed.renderId}/artifacts/bunny`, {
    method: "POST",
    json: { fence: claimed.fence, name, zone: FAKE_BUNNY_ZONE },
  });
  const body = (await announced.json()) as { key: string };
  expect(announced.status, JSON.stringify(body)).toBe(200);
  const put = await fetch(`${fakeUrl}/${FAKE_BUNNY_ZONE}/${body.key}`, {
    method: "PUT",
    headers: { AccessKey: FAKE_BUNNY_KEY, "content-type": "application/octet-stream" },
    body: new Uint8Array([1, 2, 3, claimed.fence]),
  });
  expect(put.status).toBe(201);
  return body.key;
}

const REPORT = (fence: number) => new TextEncoder().encode(JSON.stringify({ outcome: "ok", fence }));

async function uploadReport(node: NodeClient, claimed: ClaimedJob) {
  const res = await node.upload(claimed.renderId, "report.json", claimed.fence, REPORT(claimed.fence), {
    "content-type": "application/json",
  });
  expect(res.status, await res.clone().text()).toBe(204);
}

/**
 * One lead rendered by a Bunny node in two attempts: the first puts its video in Bunny and its report in
 * R2, then fails (and its node, killed, never cleans up); the retry puts video and poster in Bunny and
 * the report in R2, and completes.
 */
async function renderedInTwoAttempts(account: TestAccount) {
  workspacesUsed.push(account.workspaceId);
  const seeded = await seedCampaign({ workspaceId: account.workspaceId, renderConcurrency: 2 });
  const renderId = seeded.renderIds[0] as string;
  const node = nodeClient((await registerNode()).token);

  const first = await node.claimJob();
  expect(first.renderId).toBe(renderId);
  const firstVideo = await announceAndPut(node, first, "video.mp4");
  await uploadReport(node, first);
  const failed = await node.fail(renderId, {
    fence: first.fence,
    retryable: true,
    message: "capture crashed",
  });
  expect(failed.status, await failed.clone().text()).toBe(200);

  await makeDue(renderId);
  const second = await node.claimJob();
  expect(second.renderId).toBe(renderId);
  const video = await announceAndPut(node, second, "video.mp4");
  const poster = await announceAndPut(node, second, "poster.jpg");
  await uploadReport(node, second);
  const done = await node.complete(renderId, {
    fence: second.fence,
    durationMs: 2000,
    timings: {},
    storage: {
      kind: "bunny",
      cdnBaseUrl: CDN,
      zone: FAKE_BUNNY_ZONE,
      artifacts: { "video.mp4": video, "poster.jpg": poster },
    },
  });
  expect(done.status, await done.clone().text()).toBe(200);

  const bunny = [firstVideo, video, poster];
  const renderPrefix = `ws/${account.workspaceId}/renders/${renderId}/`;
  expect((await zoneKeys(renderPrefix)).sort()).toEqual([...bunny].sort());
  expect(await r2Keys(renderPrefix)).toContain(`${renderPrefix}${second.fence}/report.json`);
  return { seeded, renderId, leadId: seeded.leadIds[0] as string, bunny, renderPrefix, node, second };
}

async function queuedDeletions(workspaceId: string) {
  return withDb((db) => db.select().from(mediaDeletions).where(eq(mediaDeletions.workspaceId, workspaceId)));
}

async function announcedKeys(renderId: string) {
  return withDb(async (db) =>
    (await db.select().from(bunnyObjects).where(eq(bunnyObjects.renderId, renderId))).map((r) => r.key),
  );
}

describe("report.json of a render stored in Bunny", () => {
  it("stays off the CDN: it is in R2, the workspace reads it through the API, the CDN has no copy", async () => {
    const account = await signUp();
    const { renderId, renderPrefix, second, leadId } = await renderedInTwoAttempts(account);
    expect(await zoneKeys(renderPrefix)).not.toContainEqual(expect.stringContaining("report.json"));

    const call = authed(account.cookie);
    const view = (await (await call(`/api/renders/${renderId}`)).json()) as {
      artifacts: Record<string, string>;
    };
    expect(view.artifacts["report.json"]).toBe(`/api/renders/${renderId}/artifacts/report.json`);
    expect(view.artifacts["video.mp4"]).toBe(`${CDN}/${renderPrefix}${second.fence}/video.mp4`);

    const report = await call(`/api/renders/${renderId}/artifacts/report.json`, { redirect: "manual" });
    expect(report.status, await report.clone().text()).toBe(200);
    expect(await report.json()).toEqual({ outcome: "ok", fence: second.fence });
    // Another workspace cannot read it.
    const stranger = await signUp();
    workspacesUsed.push(stranger.workspaceId);
    expect((await authed(stranger.cookie)(`/api/renders/${renderId}/artifacts/report.json`)).status).toBe(
      404,
    );
    // Nor can a prospect on the landing page.
    const slug = await withDb(
      async (db) => (await db.select({ slug: leads.slug }).from(leads).where(eq(leads.id, leadId)))[0]?.slug,
    );
    const landing = await SELF.fetch(`http://${account.workspaceSlug}.localhost:8787/${slug}/report.json`, {
      redirect: "manual",
    });
    expect(landing.status).toBe(404);
  });

  it("a complete that puts report.json in Bunny is refused and changes nothing", async () => {
    const account = await signUp();
    workspacesUsed.push(account.workspaceId);
    const seeded = await seedCampaign({ workspaceId: account.workspaceId, renderConcurrency: 2 });
    const node = nodeClient((await registerNode()).token);
    const claimed = await node.claimJob();
    expect(claimed.renderId).toBe(seeded.renderIds[0]);
    const video = await announceAndPut(node, claimed, "video.mp4");
    const poster = await announceAndPut(node, claimed, "poster.jpg");
    const report = `ws/${account.workspaceId}/renders/${claimed.renderId}/${claimed.fence}/report.json`;

    const refusedAnnounce = await node.call(`/nodes/v1/renders/${claimed.renderId}/artifacts/bunny`, {
      method: "POST",
      json: { fence: claimed.fence, name: "report.json", zone: FAKE_BUNNY_ZONE },
    });
    expect(refusedAnnounce.status).toBe(400);
    expect(await refusedAnnounce.text()).toContain("name:");

    const refused = await node.complete(claimed.renderId, {
      fence: claimed.fence,
      durationMs: 2000,
      timings: {},
      storage: {
        kind: "bunny",
        cdnBaseUrl: CDN,
        zone: FAKE_BUNNY_ZONE,
        artifacts: { "video.mp4": video, "poster.jpg": poster, "report.json": report },
      },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("storage.artifacts.report.json");
    const row = await withDb(
      async (db) => (await db.select().from(renders).where(eq(renders.id, claimed.renderId)))[0],
    );
    expect(row).toMatchObject({ state: "claimed", storage: "r2", artifacts: null });
    expect(await announcedKeys(claimed.renderId)).not.toContain(report);
  });
});

describe("announcing a Bunny upload (POST /nodes/v1/renders/:id/artifacts/bunny)", () => {
  it("records the render's own key before the PUT; refuses another node, a stale fence, another zone, no token", async () => {
    const account = await signUp();
    workspacesUsed.push(account.workspaceId);
    const seeded = await seedCampaign({ workspaceId: account.workspaceId, renderConcurrency: 2 });
    const node = nodeClient((await registerNode()).token);
    const intruder = nodeClient((await registerNode()).token);
    const claimed = await node.claimJob();
    expect(claimed.renderId).toBe(seeded.renderIds[0]);
    const path = `/nodes/v1/renders/${claimed.renderId}/artifacts/bunny`;
    const body = { fence: claimed.fence, name: "video.mp4", zone: FAKE_BUNNY_ZONE };

    const refusals: Array<[Response, number, string]> = [
      [await intruder.call(path, { method: "POST", json: body }), 409, "another node"],
      [await node.call(path, { method: "POST", json: { ...body, fence: claimed.fence - 1 } }), 409, "Stale"],
      [await node.call(path, { method: "POST", json: { ...body, zone: "other-zone" } }), 400, "zone:"],
      [await node.call(path, { method: "POST", json: body, headers: { authorization: "" } }), 401, ""],
      [await node.call(path, { method: "POST", json: { ...body, name: "../../x" } }), 400, "name:"],
    ];
    for (const [res, status, says] of refusals) {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(text).toContain(says);
    }
    expect(await announcedKeys(claimed.renderId)).toEqual([]);

    const ok = await node.call(path, { method: "POST", json: body });
    expect(ok.status).toBe(200);
    const expected = `ws/${account.workspaceId}/renders/${claimed.renderId}/${claimed.fence}/video.mp4`;
    expect(await ok.json()).toEqual({ key: expected });
    expect(await announcedKeys(claimed.renderId)).toEqual([expected]);
  });

  it("a Worker without BUNNY_* refuses the announcement and a bunny complete: it could never delete them", async () => {
    const account = await signUp();
    workspacesUsed.push(account.workspaceId);
    const seeded = await seedCampaign({ workspaceId: account.workspaceId, renderConcurrency: 2 });
    const nodeReg = await registerNode();
    const claimed = await nodeClient(nodeReg.token).claimJob();
    expect(claimed.renderId).toBe(seeded.renderIds[0]);
    const key = `ws/${account.workspaceId}/renders/${claimed.renderId}/${claimed.fence}/video.mp4`;

    await withDb(async (db) => {
      const noBunny = { db, bunnyZone: null };
      const announced = await announceBunnyUpload(noBunny, nodeReg.id, claimed.renderId, {
        fence: claimed.fence,
        name: "video.mp4",
        zone: FAKE_BUNNY_ZONE,
      }).catch((e: unknown) => e);
      expect(announced).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/^storage: .*BUNNY_STORAGE_HOST/),
      });

      const completed = await completeRender(
        { ...noBunny, leaseMs: 60_000 } as unknown as Parameters<typeof completeRender>[0],
        nodeReg.id,
        claimed.renderId,
        {
          fence: claimed.fence,
          durationMs: 2000,
          timings: {},
          warnings: [],
          fallbacks: [],
          storage: { kind: "bunny", cdnBaseUrl: CDN, artifacts: { "video.mp4": key, "poster.jpg": key } },
        },
      ).catch((e: unknown) => e);
      expect(completed).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^storage: /) });
    });
    const row = await withDb(
      async (db) => (await db.select().from(renders).where(eq(renders.id, claimed.renderId)))[0],
    );
    expect(row).toMatchObject({ state: "claimed", storage: "r2" });
    expect(await announcedKeys(claimed.renderId)).toEqual([]);
  });
});

describe("deleting media of every attempt", () => {
  it("deleting the lead removes both attempts' objects from Bunny and R2, and their records", async () => {
    const account = await signUp();
    const { leadId, renderId, renderPrefix, bunny } = await renderedInTwoAttempts(account);
    const res = await authed(account.cookie)(`/api/leads/${leadId}`, { method: "DELETE" });
    const body = (await res.json()) as { mediaFilesDeleted: number; mediaFilesPending?: number };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.mediaFilesPending).toBeUndefined();
    expect(body.mediaFilesDeleted).toBeGreaterThanOrEqual(bunny.length + 1);
    expect(await zoneKeys(renderPrefix)).toEqual([]);
    expect(await r2Keys(renderPrefix)).toEqual([]);
    expect(await announcedKeys(renderId)).toEqual([]);
    expect(await queuedDeletions(account.workspaceId)).toEqual([]);
  });

  it("deleting the campaign removes both attempts' objects from Bunny and R2", async () => {
    const account = await signUp();
    const { seeded, renderId, renderPrefix } = await renderedInTwoAttempts(account);
    const res = await authed(account.cookie)(`/api/campaigns/${seeded.campaignId}`, { method: "DELETE" });
    expect(res.status, await res.clone().text()).toBe(204);
    expect(await zoneKeys(renderPrefix)).toEqual([]);
    expect(await r2Keys(renderPrefix)).toEqual([]);
    expect(await announcedKeys(renderId)).toEqual([]);
    expect(await queuedDeletions(account.workspaceId)).toEqual([]);
  });

  it("deleting campaigns in bulk removes both attempts' objects from Bunny and R2", async () => {
    const account = await signUp();
    const { seeded, renderPrefix } = await renderedInTwoAttempts(account);
    const res = await authed(account.cookie)("/api/campaigns/bulk", {
      method: "POST",
      json: { action: "delete", ids: [seeded.campaignId] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await zoneKeys(renderPrefix)).toEqual([]);
    expect(await r2Keys(renderPrefix)).toEqual([]);
  });

  it("deleting the account removes both attempts' objects from Bunny and everything in R2", async () => {
    const account = await signUp();
    const { renderId } = await renderedInTwoAttempts(account);
    const res = await authed(account.cookie)("/api/me", {
      method: "DELETE",
      json: { confirm: account.workspaceSlug },
    });
    const body = (await res.json()) as { removed: { mediaFiles: number; mediaFilesPending?: number } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.removed.mediaFilesPending).toBeUndefined();
    expect(await zoneKeys(`ws/${account.workspaceId}/`)).toEqual([]);
    expect(await r2Keys(`ws/${account.workspaceId}/`)).toEqual([]);
    expect(await announcedKeys(renderId)).toEqual([]);
    expect(await queuedDeletions(account.workspaceId)).toEqual([]);
  });

  it("a completed retry queues the failed attempt's Bunny objects, and the cron deletes them", async () => {
    const account = await signUp();
    const { renderPrefix, bunny, second } = await renderedInTwoAttempts(account);
    const [firstVideo] = bunny;
    const queued = await queuedDeletions(account.workspaceId);
    expect(queued.map((q) => q.key)).toEqual([firstVideo]);
    await cron();
    const kept = (await zoneKeys(renderPrefix)).sort();
    expect(kept).toEqual([
      `${renderPrefix}${second.fence}/poster.jpg`,
      `${renderPrefix}${second.fence}/video.mp4`,
    ]);
    expect(await queuedDeletions(account.workspaceId)).toEqual([]);
  });
});

describe("when Bunny Storage does not answer", () => {
  it("account deletion answers, keeps every object recorded, and the cron finishes once Bunny is back", async () => {
    const account = await signUp();
    const { renderId, bunny } = await renderedInTwoAttempts(account);
    const prefix = `ws/${account.workspaceId}/`;
    await bunnyOutage(prefix, true);
    try {
      const res = await authed(account.cookie)("/api/me", {
        method: "DELETE",
        json: { confirm: account.workspaceSlug },
      });
      const body = (await res.json()) as { removed: { mediaFiles: number; mediaFilesPending?: number } };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.removed.mediaFilesPending).toBe(bunny.length);

      // The rows are gone, the R2 media too; every object still in Bunny is queued, with the reason.
      const gone = await withDb(async (db) => ({
        workspace: await db.select().from(workspaces).where(eq(workspaces.id, account.workspaceId)),
        renders: await db.select().from(renders).where(eq(renders.id, renderId)),
      }));
      expect(gone).toEqual({ workspace: [], renders: [] });
      expect(await r2Keys(prefix)).toEqual([]);
      const left = await zoneKeys(prefix);
      expect(left.sort()).toEqual([...bunny].sort());
      const queued = await queuedDeletions(account.workspaceId);
      expect(queued.map((q) => q.key).sort()).toEqual([...left].sort());
      for (const q of queued) {
        expect(q).toMatchObject({ storage: "bunny", attempts: 1 });
        expect(q.lastError).toMatch(/did not reach/);
        expect(q.runAfter.getTime()).toBeGreaterThan(Date.now());
      }

      // Still down: the cron's retry fails too and keeps them.
      await makeQueuedDue(account.workspaceId);
      await cron();
      expect((await queuedDeletions(account.workspaceId)).map((q) => q.attempts)).toEqual(bunny.map(() => 2));
      expect((await zoneKeys(prefix)).length).toBe(bunny.length);
    } finally {
      await bunnyOutage(prefix, false);
    }

    // Back up: the next due run deletes them and forgets them.
    await makeQueuedDue(account.workspaceId);
    await cron();
    expect(await zoneKeys(prefix)).toEqual([]);
    expect(await queuedDeletions(account.workspaceId)).toEqual([]);
    expect(await announcedKeys(renderId)).toEqual([]);
  });

  it("a Worker without BUNNY_* keeps Bunny deletions queued with a reason that names the variables", async () => {
    const account = await signUp();
    workspacesUsed.push(account.workspaceId);
    const key = `ws/${account.workspaceId}/renders/rnd_gone/1/video.mp4`;
    const [queued] = await withDb((db) =>
      db
        .insert(mediaDeletions)
        .values({ workspaceId: account.workspaceId, storage: "bunny", key })
        .returning({ id: mediaDeletions.id }),
    );
    const run = await withDb((db) =>
      runMediaDeletions(db, { media: env.MEDIA, bunny: null }, { ids: [queued?.id as number], limit: 10 }),
    );
    expect(run).toEqual({ deleted: 0, pending: 1 });
    const [row] = await queuedDeletions(account.workspaceId);
    expect(row?.lastError).toMatch(/BUNNY_STORAGE_HOST, BUNNY_STORAGE_ZONE, BUNNY_STORAGE_KEY/);
    await withDb((db) =>
      db.delete(mediaDeletions).where(eq(mediaDeletions.workspaceId, account.workspaceId)),
    );
  });
});

describe("the cron's safety net", () => {
  it("deletes an announced Bunny object whose render is gone though nobody queued it", async () => {
    const account = await signUp();
    workspacesUsed.push(account.workspaceId);
    const key = `ws/${account.workspaceId}/renders/rnd_orphan/1/video.mp4`;
    await fetch(`${fakeUrl}/${FAKE_BUNNY_ZONE}/${key}`, {
      method: "PUT",
      headers: { AccessKey: FAKE_BUNNY_KEY },
      body: new Uint8Array([9]),
    });
    await withDb((db) =>
      db.insert(bunnyObjects).values({
        key,
        workspaceId: account.workspaceId,
        renderId: "rnd_orphan",
        fence: 1,
        name: "video.mp4",
        // Announced long enough ago that no PUT can still be in flight.
        createdAt: new Date(Date.now() - 3_600_000),
      }),
    );
    await cron();
    expect(await zoneKeys(key)).toEqual([]);
    expect(await announcedKeys("rnd_orphan")).toEqual([]);
  });
});

/** The backoff after a failure, passed: the next run takes these rows. */
async function makeQueuedDue(workspaceId: string) {
  await withDb((db) =>
    db
      .update(mediaDeletions)
      .set({ runAfter: sql`now() - interval '1 second'` })
      .where(inArray(mediaDeletions.workspaceId, [workspaceId])),
  );
}
