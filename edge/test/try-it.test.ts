import { env } from "cloudflare:test";
import { JOB_PRIORITIES } from "@loom-lite/schema";
import { assets, campaigns, leads, renders, usageLedger, workspaces } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { mediaKeys } from "../src/lib/media";
import { runScheduled } from "../src/scheduled";
import { DEMO_FACECAM_PATH } from "../src/services/try-it/sample-workspace";
import { APP_ORIGIN } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { expectError } from "./helpers/fixtures";
import {
  FIRST_FRAME_JPEG,
  makeDue,
  nodeClient,
  registerNode,
  renderRow,
  retire,
  seedCampaign,
  setWorkspaceCap,
} from "./helpers/render-world";
import { freshAddress, workerWith } from "./helpers/worker-with";

/**
 * The storefront's "try it": a visitor's website becomes an 8-second sample rendered by the fleet in a
 * platform workspace, at the queue's lowest priority under its own cap, three an address an hour,
 * deleted with its media a day later. Each test has its own platform workspace (TRY_IT_WORKSPACE_ID),
 * paused (cap 0) except while the test itself claims, so no other suite's node takes its samples.
 */

const used: string[] = [];
afterAll(() => retire(used));

const VIDEO = new Uint8Array(40_000).map((_, i) => i % 251);

function platformWorkspace(): string {
  const id = `ws_try_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  used.push(id);
  return id;
}

/** The Worker as a deployment with its own sample workspace; `RATE_LIMITS` unset means the defaults. */
function tryWorker(workspaceId: string, vars: Record<string, unknown> = {}) {
  return workerWith({ TRY_IT_WORKSPACE_ID: workspaceId, TRY_IT_CONCURRENCY: "0", ...vars });
}

type Call = ReturnType<typeof tryWorker>;

/** The form as the page sends it: urlencoded, from the site's own origin, asking for JSON. */
function postTry(call: Call, website: string, ip = freshAddress(), extra: Record<string, string> = {}) {
  return call("/api/try", {
    method: "POST",
    ip,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ website, ...extra }).toString(),
  });
}

async function queueSample(call: Call, website: string, ip?: string): Promise<string> {
  const res = await postTry(call, website, ip);
  const body = (await res.json()) as { id: string; statusUrl: string };
  expect(res.status, JSON.stringify(body)).toBe(202);
  expect(body.statusUrl).toBe(`/api/try/${body.id}`);
  return body.id;
}

interface Sample {
  id: string;
  state: string;
  website: string;
  firstFrameUrl: string | null;
  videoUrl: string | null;
  posterUrl: string | null;
  error: string | null;
  ahead: number;
  expiresAt: string;
}

async function sampleOf(call: Call, id: string): Promise<Sample> {
  const res = await call(`/api/try/${id}`);
  const body = (await res.json()) as Sample;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const rowsOf = (workspaceId: string) =>
  withDb(async (db) => ({
    campaigns: await db.select().from(campaigns).where(eq(campaigns.workspaceId, workspaceId)),
    leads: await db.select().from(leads).where(eq(leads.workspaceId, workspaceId)),
    renders: await db.select().from(renders).where(eq(renders.workspaceId, workspaceId)),
    assets: await db.select().from(assets).where(eq(assets.workspaceId, workspaceId)),
  }));

/** Claims with a fresh node while only `workspaceIds` are let go (cap 1 each), then pauses them again. */
async function claimWith(workspaceIds: string[], claims: number) {
  const node = await registerNode();
  const client = nodeClient(node.token);
  for (const id of workspaceIds) await setWorkspaceCap(id, 1);
  try {
    const taken = [];
    for (let i = 0; i < claims; i++) {
      const res = await client.claim({ freeSlots: 1, version: "test-1" });
      const body = (await res.json()) as {
        job: { renderId: string; kind: string; workspaceId: string } | null;
        lease: { fence: number } | null;
      };
      expect(res.status, JSON.stringify(body)).toBe(200);
      taken.push(body);
    }
    return { client, taken };
  } finally {
    for (const id of workspaceIds) await setWorkspaceCap(id, 0);
  }
}

describe("POST /api/try", () => {
  it("queues an 8-second sample of the visitor's site in the platform workspace, with the demo facecam", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const id = await queueSample(call, "  Crumb-and-Co.example.com/ ");

    const rows = await rowsOf(ws);
    const [workspace] = await withDb((db) => db.select().from(workspaces).where(eq(workspaces.id, ws)));
    // The cap is TRY_IT_CONCURRENCY (0 here, 1 by default), written on the workspace for the RenderGate.
    expect(workspace).toMatchObject({ id: ws, renderConcurrency: 0 });
    expect(rows.renders).toHaveLength(1);
    expect(rows.renders[0]).toMatchObject({
      id,
      kind: "sample",
      priority: JOB_PRIORITIES.sample,
      state: "queued",
      reservedMs: 0,
    });
    expect(rows.leads[0]?.fields).toEqual({
      website: "https://crumb-and-co.example.com",
      company: "crumb-and-co.example.com",
    });
    const spec = rows.campaigns[0]?.spec;
    expect(spec?.scenes).toHaveLength(1);
    expect(spec?.scenes[0]).toMatchObject({ url: "{{website}}", seconds: 8 });
    expect(spec?.onUnusable).toBe("reject");

    // The facecam is the site's demo clip, copied once into the workspace's own media.
    const [facecam] = rows.assets;
    expect(spec?.facecam).toBe(facecam?.id);
    const shipped = await env.ASSETS.fetch(new URL(DEMO_FACECAM_PATH, APP_ORIGIN));
    const shippedBytes = new Uint8Array(await shipped.arrayBuffer());
    expect(shippedBytes.byteLength).toBeGreaterThan(10_000);
    const stored = await env.MEDIA.get(mediaKeys.asset(ws, facecam?.id ?? ""));
    expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(shippedBytes);

    const second = await queueSample(call, "https://bakery.example.org");
    expect((await rowsOf(ws)).assets, "the facecam is copied once").toHaveLength(1);
    expect((await sampleOf(call, second)).ahead, "one sample queued before it").toBe(1);

    const status = await sampleOf(call, id);
    expect(status).toMatchObject({
      id,
      state: "queued",
      website: "https://crumb-and-co.example.com",
      firstFrameUrl: null,
      videoUrl: null,
      error: null,
      ahead: 0,
    });
    expect(Date.parse(status.expiresAt) - Date.parse(rows.renders[0]?.createdAt.toISOString() ?? "")).toBe(
      24 * 3_600_000,
    );
  });

  it("works without script: the form's post leads to the try page, which shows the sample as it stands", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const asBrowser = (website: string) =>
      call("/api/try", {
        method: "POST",
        ip: freshAddress(),
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html,*/*" },
        body: new URLSearchParams({ website }).toString(),
      });
    const bad = await asBrowser("not a website");
    expect(bad.status).toBe(400);
    const refusedPage = await bad.text();
    expect(refusedPage).toContain("Try it on your own site");
    expect(refusedPage).toMatch(
      /data-try-error[^>]*>website: (&quot;|")not a website(&quot;|") is not a website address/,
    );
    expect((await rowsOf(ws)).renders).toHaveLength(0);

    const ok = await asBrowser("example.com");
    expect(ok.status).toBe(303);
    const [render] = (await rowsOf(ws)).renders;
    const id = render?.id ?? "";
    expect(ok.headers.get("location")).toBe(`/try/?sample=${id}`);
    const waiting = await (await call(`/try/?sample=${id}`)).text();
    expect(waiting).toContain("Waiting for a render node…");
    expect(waiting, "reloads itself while the sample is made").toMatch(
      /<noscript><meta http-equiv="refresh" content="3"><\/noscript>/,
    );

    await makeDue(id);
    const { client, taken } = await claimWith([ws], 1);
    const fence = taken[0]?.lease?.fence ?? 0;
    expect((await client.upload(id, "first-frame.jpg", fence, FIRST_FRAME_JPEG)).status).toBe(204);
    const framed = await (await call(`/try/?sample=${id}`)).text();
    expect(framed).toContain(`src="/api/try/${id}/first-frame.jpg"`);
    expect(framed).toContain("Filming your site and adding the facecam…");

    const gone = await (await call("/try/?sample=rnd_doesnotexist00")).text();
    expect(gone).toContain("does not exist (samples are deleted after 24 hours)");
    expect(gone).not.toContain('http-equiv="refresh"');
  });

  it("answers the 4th sample from one address within the hour with 429, and counts only good addresses", async () => {
    const ws = platformWorkspace();
    // RATE_LIMITS unset: the deployed default, try_it_ip=3/1h.
    const call = tryWorker(ws, { RATE_LIMITS: undefined });
    const visitor = freshAddress();
    const typo = await postTry(call, "no dots here", visitor);
    await expectError(typo, 400, "BAD_REQUEST", /website: /);
    for (let i = 1; i <= 3; i++) await queueSample(call, `site${i}.example.com`, visitor);
    const fourth = await postTry(call, "site4.example.com", visitor);
    const retryAfter = Number(fourth.headers.get("retry-after"));
    await expectError(
      fourth,
      429,
      "RATE_LIMITED",
      /Too many samples from this address \(3 an hour\); try again in \d+ s/,
    );
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await rowsOf(ws)).renders, "no 4th sample").toHaveLength(3);
    // Another visitor is not held back.
    await queueSample(call, "site4.example.com", freshAddress());
    expect((await rowsOf(ws)).renders).toHaveLength(4);
  });
});

describe("rendering a sample", () => {
  it("shows the first frame as soon as the node has it, then the video, and never bills it", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const id = await queueSample(call, "https://crumb.example.com");
    await makeDue(id);
    const { client, taken } = await claimWith([ws], 1);
    const claimed = taken[0];
    expect(claimed?.job).toMatchObject({ renderId: id, kind: "sample", workspaceId: ws });
    const fence = claimed?.lease?.fence ?? 0;

    expect((await call(`/api/try/${id}/first-frame.jpg`)).status, "no frame before the node has one").toBe(
      404,
    );
    expect((await client.upload(id, "first-frame.jpg", fence, FIRST_FRAME_JPEG)).status).toBe(204);
    const framed = await sampleOf(call, id);
    expect(framed).toMatchObject({
      state: "claimed",
      firstFrameUrl: `/api/try/${id}/first-frame.jpg`,
      videoUrl: null,
    });
    const frame = await call(framed.firstFrameUrl ?? "");
    expect(frame.status).toBe(200);
    expect(frame.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await frame.arrayBuffer())).toEqual(FIRST_FRAME_JPEG);

    // The video uploaded but not completed is not shown yet.
    expect((await client.upload(id, "video.mp4", fence, VIDEO)).status).toBe(204);
    expect((await client.upload(id, "poster.jpg", fence, FIRST_FRAME_JPEG)).status).toBe(204);
    expect((await call(`/api/try/${id}/video.mp4`)).status).toBe(404);
    const done = await client.complete(id, { fence, durationMs: 8_000, timings: { total: 9_000 } });
    expect(done.status, await done.clone().text()).toBe(200);

    const finished = await sampleOf(call, id);
    expect(finished).toMatchObject({
      state: "done",
      videoUrl: `/api/try/${id}/video.mp4`,
      posterUrl: `/api/try/${id}/poster.jpg`,
    });
    const part = await call(finished.videoUrl ?? "", { headers: { range: "bytes=0-99" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-99/${VIDEO.byteLength}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(VIDEO.slice(0, 100));
    const usage = await withDb((db) => db.select().from(usageLedger).where(eq(usageLedger.workspaceId, ws)));
    expect(usage, "a sample is never billed").toEqual([]);
  });

  it("tells the visitor why when the site could not be filmed", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const id = await queueSample(call, "https://walled.example.com");
    await makeDue(id);
    const { client, taken } = await claimWith([ws], 1);
    const fence = taken[0]?.lease?.fence ?? 0;
    const failed = await client.fail(id, {
      fence,
      retryable: false,
      code: "page_unusable",
      message: "This site cannot be filmed: a bot wall is in the way",
    });
    expect(failed.status, await failed.clone().text()).toBe(200);
    expect(await sampleOf(call, id)).toMatchObject({
      state: "failed",
      videoUrl: null,
      error: "This site cannot be filmed: a bot wall is in the way",
    });
  });
});

describe("samples in the queue", () => {
  it("claims a queued video before an older sample: samples never take a paying render's slot", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const sampleId = await queueSample(call, "https://older.example.com");
    const paying = await seedCampaign({ leads: 1, renderConcurrency: 0 });
    used.push(paying.workspaceId);
    const videoId = paying.renderIds[0] as string;
    // The sample is due first (the oldest); only the kind puts the video ahead.
    await makeDue(sampleId);
    await makeDue(videoId);
    expect((await renderRow(sampleId)).runAfter < (await renderRow(videoId)).runAfter).toBe(true);

    const { taken } = await claimWith([ws, paying.workspaceId], 2);
    expect(taken.map((t) => t.job?.renderId)).toEqual([videoId, sampleId]);
  });

  it("runs at most TRY_IT_CONCURRENCY samples at once, fleet-wide", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const first = await queueSample(call, "https://one.example.com");
    const second = await queueSample(call, "https://two.example.com");
    await makeDue(first);
    await makeDue(second);
    // Cap 1 (claimWith lets the workspace go with one slot): the second sample waits for the first.
    const { taken } = await claimWith([ws], 2);
    expect(taken[0]?.job?.renderId).toBe(first);
    expect(taken[1]?.job?.renderId, JSON.stringify(taken[1])).not.toBe(second);
    expect((await renderRow(second)).state).toBe("queued");
    expect((await sampleOf(call, second)).ahead).toBe(0);
  });
});

describe("deleting samples after 24 hours (cron)", () => {
  it("deletes a day-old sample's rows and media and keeps a newer one and the facecam", async () => {
    const ws = platformWorkspace();
    const call = tryWorker(ws);
    const old = await queueSample(call, "https://old.example.com");
    const fresh = await queueSample(call, "https://fresh.example.com");
    const oldKey = mediaKeys.artifact(ws, old, "1/video.mp4");
    const freshKey = mediaKeys.artifact(ws, fresh, "1/video.mp4");
    await env.MEDIA.put(oldKey, VIDEO);
    await env.MEDIA.put(freshKey, VIDEO);
    const dayAgo = new Date(Date.now() - 24 * 3_600_000 - 60_000);
    await withDb(async (db) => {
      const [render] = await db
        .update(renders)
        .set({ createdAt: dayAgo })
        .where(eq(renders.id, old))
        .returning();
      await db
        .update(campaigns)
        .set({ createdAt: dayAgo })
        .where(eq(campaigns.id, render?.campaignId ?? ""));
    });

    const controller = { cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} };
    await runScheduled(controller, { ...env, TRY_IT_WORKSPACE_ID: ws });

    const rows = await rowsOf(ws);
    expect(rows.renders.map((r) => r.id)).toEqual([fresh]);
    expect(rows.campaigns).toHaveLength(1);
    expect(rows.leads).toHaveLength(1);
    expect(rows.assets, "the demo facecam stays").toHaveLength(1);
    expect(await env.MEDIA.head(oldKey), "the old sample's video is gone").toBeNull();
    expect(await env.MEDIA.head(freshKey), "the newer sample's video stays").not.toBeNull();
    await expectError(await call(`/api/try/${old}`), 404, "NOT_FOUND", /deleted after 24 hours/);
    expect((await sampleOf(call, fresh)).state).toBe("queued");
  });
});
