import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index";
import { authed, signUp } from "./helpers/accounts";
import { globalGate } from "./helpers/gate";
import {
  adminCall,
  expireLease,
  FACECAM_BYTES,
  makeDue,
  type NodeClient,
  nodeClient,
  RETRY_BASE_MS,
  registerNode,
  renderEventsOf,
  renderRow,
  retire,
  type SeededCampaign,
  seedCampaign,
  setGlobalCap,
  setWorkspaceCap,
  sleep,
  uploadRequired,
} from "./helpers/render-world";

const seededWorkspaces: string[] = [];
let nodeA: NodeClient;
let nodeB: NodeClient;
let nodeAId: string;

async function seed(opts: Parameters<typeof seedCampaign>[0] = {}): Promise<SeededCampaign> {
  const seeded = await seedCampaign(opts);
  seededWorkspaces.push(seeded.workspaceId);
  return seeded;
}

async function errorOf(res: Response, status: number) {
  const body = (await res.json()) as { error?: { code: string; message: string; requestId: string } };
  expect(res.status, `answered ${JSON.stringify(body)}`).toBe(status);
  expect(body.error?.requestId, JSON.stringify(body)).toMatch(/^req_/);
  return body.error as { code: string; message: string };
}

/** Everything a refused call must leave alone: the render row and the gate's permits. */
async function observable(renderId: string) {
  return { row: await renderRow(renderId), permits: (await globalGate().snapshot()).permits };
}

beforeAll(async () => {
  const a = await registerNode();
  nodeAId = a.id;
  nodeA = nodeClient(a.token);
  nodeB = nodeClient((await registerNode()).token);
});

afterEach(async () => {
  await retire(seededWorkspaces.splice(0));
  await setGlobalCap(4);
});

describe("node authentication", () => {
  it("answers 401 to a missing, unknown or non-node token on every node endpoint", async () => {
    const { renderIds, assetId } = await seed();
    const id = renderIds[0] as string;
    const account = await signUp();
    const calls: Array<[string, string, unknown?]> = [
      ["POST", "/nodes/v1/claim", { freeSlots: 1 }],
      ["POST", `/nodes/v1/renders/${id}/heartbeat`, { fence: 1, stage: "capturing", progress: 0.1 }],
      ["PUT", `/nodes/v1/renders/${id}/artifacts/video.mp4`],
      ["POST", `/nodes/v1/renders/${id}/complete`, { fence: 1, durationMs: 1, timings: {} }],
      ["POST", `/nodes/v1/renders/${id}/fail`, { fence: 1, message: "x" }],
      ["GET", `/nodes/v1/assets/${assetId}`],
    ];
    const badTokens = [null, "ll_node_notarealtokennotarealtokennotarealtoken", account.apiKey, "garbage"];
    for (const [method, path, json] of calls) {
      for (const token of badTokens) {
        const client = nodeClient("unused");
        const headers: Record<string, string> = { authorization: token ? `Bearer ${token}` : "" };
        const res = await client.call(path, {
          method,
          headers: { ...headers, "x-lease-fence": "1" },
          ...(json ? { json } : method === "PUT" ? { body: new Uint8Array(10) } : {}),
        });
        const error = await errorOf(res, 401);
        expect(error.code, `${method} ${path} with ${token}`).toBe("UNAUTHORIZED");
      }
    }
    expect((await renderRow(id)).state).toBe("queued");
    expect((await globalGate().snapshot()).permits).toEqual([]);
  });
});

describe("a revoked node", () => {
  it("is refused with 401 on claim, heartbeat, upload, complete, fail and asset, changing nothing", async () => {
    await setGlobalCap(2);
    const seeded = await seed({ leads: 2 });
    const node = await registerNode();
    const client = nodeClient(node.token);
    const claimed = await client.claimJob();
    const waiting = seeded.renderIds.find((id) => id !== claimed.renderId) as string;
    const held = await observable(claimed.renderId);
    expect(held.row).toMatchObject({ state: "claimed", nodeId: node.id, fence: claimed.fence });
    const before = {
      held,
      waiting: await observable(waiting),
      events: await renderEventsOf(claimed.renderId),
    };

    const res = await adminCall(`/api/admin/nodes/${node.id}/revoke`, { method: "POST" });
    expect(res.status, await res.clone().text()).toBe(200);

    // What the node (or whoever stole its token) sends next.
    const fence = claimed.fence;
    const attempts: Array<[string, () => Promise<Response>]> = [
      ["claim", () => client.claim()],
      ["heartbeat", () => client.heartbeat(claimed.renderId, { fence, stage: "composing", progress: 0.9 })],
      ["upload", () => client.upload(claimed.renderId, "video.mp4", fence, new Uint8Array(5_000).fill(1))],
      ["complete", () => client.complete(claimed.renderId, { fence, durationMs: 2000, timings: {} })],
      ["fail", () => client.fail(claimed.renderId, { fence, retryable: false, message: "gone" })],
      ["asset", () => client.call(claimed.job.facecamPath)],
    ];
    for (const [name, send] of attempts) {
      const error = await errorOf(await send(), 401);
      expect(error.code, name).toBe("UNAUTHORIZED");
    }

    expect(await observable(claimed.renderId)).toEqual(before.held);
    expect(await observable(waiting)).toEqual(before.waiting);
    expect(await renderEventsOf(claimed.renderId)).toEqual(before.events);
    const stored = await env.MEDIA.list({ prefix: `ws/${seeded.workspaceId}/renders/` });
    expect(stored.objects.map((o) => o.key)).toEqual([]);
  });
});

describe("claim → heartbeat → upload → complete", () => {
  it("hands out the job with a lease, renews it, stores artifacts and completes once", async () => {
    await setGlobalCap(2);
    const account = await signUp();
    const seeded = await seed({ workspaceId: account.workspaceId });
    const renderId = seeded.renderIds[0] as string;

    const claimed = await nodeA.claimJob();
    expect(claimed.renderId).toBe(renderId);
    expect(claimed.fence).toBe(1);
    expect(claimed.job).toMatchObject({
      renderId,
      workspaceId: seeded.workspaceId,
      campaignId: seeded.campaignId,
      leadId: seeded.leadIds[0],
      attempt: 1,
      fields: { first_name: "Lead0", website: "https://lead0.example.com" },
      facecamPath: `/nodes/v1/assets/${seeded.assetId}`,
      spec: { facecam: seeded.assetId },
    });
    const claimedRow = await renderRow(renderId);
    expect(claimedRow).toMatchObject({
      state: "claimed",
      attempts: 1,
      fence: 1,
      leaseId: claimed.leaseId,
      nodeId: nodeAId,
    });
    expect(claimedRow.leaseExpiresAt?.toISOString()).toBe(claimed.leaseExpiresAt);
    const { permits } = await globalGate().snapshot();
    expect(permits).toMatchObject([
      { leaseId: claimed.leaseId, renderId, workspaceId: seeded.workspaceId, cancel: false },
    ]);
    expect(new Date(permits[0]?.expiresAt ?? 0).toISOString()).toBe(claimed.leaseExpiresAt);

    // The facecam, whole and by range.
    const facecam = await nodeA.call(claimed.job.facecamPath);
    expect(facecam.status).toBe(200);
    expect(new Uint8Array(await facecam.arrayBuffer())).toEqual(FACECAM_BYTES);
    const part = await nodeA.call(claimed.job.facecamPath, { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(FACECAM_BYTES.slice(100, 200));

    await sleep(20);
    const beat = await nodeA.heartbeat(renderId, { fence: 1, stage: "capturing", progress: 0.25 });
    const beatBody = (await beat.json()) as { cancel: boolean; leaseExpiresAt: string };
    expect(beat.status, JSON.stringify(beatBody)).toBe(200);
    expect(beatBody.cancel).toBe(false);
    expect(Date.parse(beatBody.leaseExpiresAt)).toBeGreaterThan(Date.parse(claimed.leaseExpiresAt));
    expect(await renderRow(renderId)).toMatchObject({ state: "capturing", progress: 0.25 });
    expect((await renderRow(renderId)).leaseExpiresAt?.toISOString()).toBe(beatBody.leaseExpiresAt);
    const renewed = (await globalGate().snapshot()).permits[0];
    expect(new Date(renewed?.expiresAt ?? 0).toISOString()).toBe(beatBody.leaseExpiresAt);

    const early = await errorOf(
      await nodeA.complete(renderId, { fence: 1, durationMs: 2000, timings: { capture: 5 } }),
      400,
    );
    expect(early.message).toMatch(/video\.mp4 and poster\.jpg/);
    expect((await renderRow(renderId)).state).toBe("capturing");

    const video = new Uint8Array(64_000).map((_, i) => i % 256);
    await uploadRequired(nodeA, claimed, video);
    const stored = (await renderRow(renderId)).artifacts ?? {};
    expect(Object.keys(stored).sort()).toEqual(["poster.jpg", "video.mp4"]);
    expect(stored["video.mp4"]).toContain(renderId);
    const object = await env.MEDIA.get(stored["video.mp4"] as string);
    expect(object?.httpMetadata?.contentType).toBe("video/mp4");
    expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(video);

    const timings = { preflight: 12, capture: 900, compose: 400, publish: 50 };
    const done = await nodeA.complete(renderId, {
      fence: 1,
      durationMs: 2000,
      timings,
      warnings: ["slow font"],
    });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await done.json()).toEqual({ state: "done" });
    const doneRow = await renderRow(renderId);
    expect(doneRow).toMatchObject({
      state: "done",
      progress: 1,
      durationMs: 2000,
      timings,
      leaseExpiresAt: null,
    });
    expect(doneRow.finishedAt).toBeInstanceOf(Date);
    expect((await globalGate().snapshot()).permits).toEqual([]);

    // Repeating complete (a retried request) is answered the same and changes nothing.
    const again = await nodeA.complete(renderId, { fence: 1, durationMs: 2000, timings });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ state: "done" });
    expect(await renderRow(renderId)).toEqual(doneRow);
    expect((await renderEventsOf(renderId)).map((e) => [e.kind, e.fence])).toEqual([
      ["claimed", 1],
      ["done", 1],
    ]);

    // After done, the lease is over.
    await errorOf(await nodeA.heartbeat(renderId, { fence: 1, stage: "uploading", progress: 1 }), 409);

    // The user sees the render and plays the video back by range.
    const call = authed(account.cookie);
    const view = (await (await call(`/api/renders/${renderId}`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      id: renderId,
      state: "done",
      attempts: 1,
      progress: 1,
      durationMs: 2000,
      timings,
      artifacts: {
        "video.mp4": `/api/renders/${renderId}/artifacts/video.mp4`,
        "poster.jpg": `/api/renders/${renderId}/artifacts/poster.jpg`,
      },
    });
    const range = await call(`/api/renders/${renderId}/artifacts/video.mp4`, {
      headers: { range: "bytes=1000-1999" },
    });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe("bytes 1000-1999/64000");
    expect(range.headers.get("accept-ranges")).toBe("bytes");
    expect(range.headers.get("content-type")).toBe("video/mp4");
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(video.slice(1000, 2000));
    const poster = await call(`/api/renders/${renderId}/artifacts/poster.jpg`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    expect((await poster.arrayBuffer()).byteLength).toBe(2000);
  });

  it("keeps artifacts of an older attempt out of storage once a newer attempt completes", async () => {
    const { renderIds, workspaceId } = await seed();
    const renderId = renderIds[0] as string;
    const first = await nodeA.claimJob();
    await uploadRequired(nodeA, first);
    const fail = await nodeA.fail(renderId, {
      fence: first.fence,
      message: "Chromium crashed",
      code: "crash",
    });
    expect(await fail.json()).toEqual({ state: "queued" });
    await nodeB.claimNothing();
    await makeDue(renderId);
    const second = await nodeB.claimJob();
    expect(second).toMatchObject({ renderId, fence: 2 });
    expect((await renderRow(renderId)).artifacts).toBeNull();
    await uploadRequired(nodeB, second);
    expect((await nodeB.complete(renderId, { fence: 2, durationMs: 10, timings: {} })).status).toBe(200);

    const kept = Object.values((await renderRow(renderId)).artifacts ?? {}).sort();
    // The first attempt's files are removed in the background once the second completes.
    const listed = async () =>
      (await env.MEDIA.list({ prefix: `ws/${workspaceId}/renders/${renderId}/` })).objects
        .map((o) => o.key)
        .sort();
    await expect.poll(listed, { timeout: 3_000, interval: 50 }).toEqual(kept);
  });
});

describe("fencing and validation", () => {
  it("refuses a stale fence or another node with 409 and changes nothing, not even the permit", async () => {
    const { renderIds } = await seed();
    const renderId = renderIds[0] as string;
    const claimed = await nodeA.claimJob();
    const beat = await nodeA.heartbeat(renderId, { fence: 1, stage: "composing", progress: 0.5 });
    expect(beat.status).toBe(200);
    const before = await observable(renderId);

    const stale = 0;
    const refused = [
      await nodeA.heartbeat(renderId, { fence: stale, stage: "uploading", progress: 0.9 }),
      await nodeA.upload(renderId, "video.mp4", stale, new Uint8Array(100)),
      await nodeA.complete(renderId, { fence: stale, durationMs: 5, timings: {} }),
      await nodeA.fail(renderId, { fence: stale, message: "boom" }),
      await nodeA.fail(renderId, { fence: stale, cancelled: true, message: "cancelled" }),
      // The right fence from a node that does not hold the lease.
      await nodeB.heartbeat(renderId, { fence: claimed.fence, stage: "uploading", progress: 0.9 }),
      await nodeB.upload(renderId, "video.mp4", claimed.fence, new Uint8Array(100)),
      await nodeB.complete(renderId, { fence: claimed.fence, durationMs: 5, timings: {} }),
      await nodeB.fail(renderId, { fence: claimed.fence, message: "boom" }),
    ];
    for (const res of refused) expect((await errorOf(res, 409)).code).toBe("CONFLICT");
    expect(await observable(renderId)).toEqual(before);
    expect(
      (await env.MEDIA.list({ prefix: `ws/${before.row.workspaceId}/renders/${renderId}/` })).objects,
    ).toEqual([]);
  });

  it("answers 400 naming the field for a malformed body, and changes nothing", async () => {
    const { renderIds } = await seed();
    const renderId = renderIds[0] as string;
    await nodeA.claimJob();
    const before = await observable(renderId);

    const cases: Array<[Promise<Response>, RegExp]> = [
      [nodeA.heartbeat(renderId, { fence: 1, stage: "dancing", progress: 0.5 }), /stage/],
      [nodeA.heartbeat(renderId, { fence: 1, stage: "capturing", progress: 7 }), /progress/],
      [nodeA.heartbeat(renderId, { stage: "capturing", progress: 0.5 }), /fence/],
      [nodeA.complete(renderId, { fence: 1, durationMs: -3, timings: {} }), /durationMs/],
      [nodeA.complete(renderId, { fence: "one", durationMs: 3, timings: {} }), /fence/],
      [nodeA.fail(renderId, { fence: 1 }), /message/],
      [nodeA.fail(renderId, { fence: 1, message: "x", retryable: "yes" }), /retryable/],
      [nodeA.upload(renderId, "video.mp4", null, new Uint8Array(10)), /x-lease-fence/],
      [nodeA.upload(renderId, "movie.avi", 1, new Uint8Array(10)), /name/],
      [nodeA.upload(renderId, "video.mp4", 1, new Uint8Array(0)), /body|content-length/],
      [
        nodeA.call(`/nodes/v1/renders/${renderId}/heartbeat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{not json",
        }),
        /json|JSON|body/,
      ],
      [nodeA.claim({ freeSlots: 0 }), /freeSlots/],
    ];
    for (const [pending, field] of cases) {
      const error = await errorOf(await pending, 400);
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(field);
    }
    expect(await observable(renderId)).toEqual(before);
  });
});

describe("caps", () => {
  it("never hands out more leases than the global cap to many nodes claiming at once", async () => {
    await setGlobalCap(2);
    const { renderIds } = await seed({ leads: 6, renderConcurrency: 10 });
    const nodes = [nodeA, nodeB, nodeA, nodeB, nodeA, nodeB, nodeA, nodeB, nodeA, nodeB];
    const answers = await Promise.all(
      nodes.map(async (n) => (await n.claim()).json() as Promise<{ job: { renderId: string } | null }>),
    );
    const jobs = answers.filter((a) => a.job).map((a) => a.job?.renderId as string);
    expect(jobs.length, JSON.stringify(answers)).toBe(2);
    expect(new Set(jobs).size).toBe(2);
    expect((await globalGate().snapshot()).permits.map((p) => p.renderId).sort()).toEqual([...jobs].sort());
    const states = await Promise.all(renderIds.map(async (id) => (await renderRow(id)).state));
    expect(states.filter((s) => s === "claimed").length).toBe(2);
    expect(states.filter((s) => s === "queued").length).toBe(4);
    // Refused claims gave nothing back wrongly: attempts only count for the two claimed.
    const attempts = await Promise.all(renderIds.map(async (id) => (await renderRow(id)).attempts));
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("applies a changed global cap on the next claim, without a restart", async () => {
    await setGlobalCap(1);
    await seed({ leads: 3, renderConcurrency: 10 });
    await nodeA.claimJob();
    await nodeB.claimNothing();
    await setGlobalCap(2);
    await nodeB.claimJob();
    await nodeB.claimNothing();
    await setGlobalCap(1);
    await nodeA.claimNothing();
  });

  it("skips a workspace at its own cap and takes the next workspace's render", async () => {
    await setGlobalCap(10);
    const busy = await seed({ leads: 2, renderConcurrency: 1 });
    const other = await seed({ leads: 1, renderConcurrency: 1 });
    const first = await nodeA.claimJob();
    expect(first.renderId).toBe(busy.renderIds[0]);
    // busy's second render is older than other's, but busy is at its cap.
    const second = await nodeB.claimJob();
    expect(second.renderId).toBe(other.renderIds[0]);
    await nodeA.claimNothing();
    expect((await renderRow(busy.renderIds[1] as string)).state).toBe("queued");

    // Raising the workspace's cap in the database applies on the next claim.
    await setWorkspaceCap(busy.workspaceId, 2);
    expect((await nodeA.claimJob()).renderId).toBe(busy.renderIds[1]);
  });
});

describe("failure, retries and lease expiry", () => {
  it("retries a retryable failure with exponential backoff, then fails for good after maxAttempts", async () => {
    const { renderIds } = await seed({ maxAttempts: 3 });
    const renderId = renderIds[0] as string;

    for (const attempt of [1, 2]) {
      const claimed = await nodeA.claimJob();
      expect(claimed).toMatchObject({ renderId, fence: attempt });
      expect(claimed.job.attempt).toBe(attempt);
      const res = await nodeA.fail(renderId, {
        fence: attempt,
        code: "navigation_timeout",
        message: "The page did not load within 30 s.",
      });
      expect(await res.json()).toEqual({ state: "queued" });
      const row = await renderRow(renderId);
      expect(row).toMatchObject({ state: "queued", attempts: attempt, errorCode: "navigation_timeout" });
      const retry = (await renderEventsOf(renderId)).filter((e) => e.kind === "retry_scheduled").at(-1);
      const delay = row.runAfter.getTime() - (retry?.at.getTime() ?? 0);
      const expected = RETRY_BASE_MS * 2 ** (attempt - 1);
      expect(Math.abs(delay - expected), `runAfter ${delay} ms after the failure`).toBeLessThanOrEqual(1);
      expect(retry?.detail).toMatchObject({ delayMs: expected });
      expect((await globalGate().snapshot()).permits).toEqual([]);

      // Not handed out again before its backoff has passed; then moved forward instead of waited for.
      await nodeB.claimNothing();
      await makeDue(renderId);
    }

    const last = await nodeA.claimJob();
    expect(last).toMatchObject({ renderId, fence: 3 });
    const res = await nodeA.fail(renderId, {
      fence: 3,
      code: "navigation_timeout",
      message: "Still no page.",
    });
    expect(await res.json()).toEqual({ state: "failed" });
    expect(await renderRow(renderId)).toMatchObject({
      state: "failed",
      attempts: 3,
      errorCode: "navigation_timeout",
      error: "Still no page.",
    });
    // A repeated fail is answered with where it went.
    expect(await (await nodeA.fail(renderId, { fence: 3, message: "Still no page." })).json()).toEqual({
      state: "failed",
    });
    expect((await renderEventsOf(renderId)).map((e) => `${e.kind}#${e.fence}`)).toEqual([
      "claimed#1",
      "retry_scheduled#1",
      "claimed#2",
      "retry_scheduled#2",
      "claimed#3",
      "failed#3",
    ]);
    expect((await globalGate().snapshot()).permits).toEqual([]);
  });

  it("fails at once when the node says retrying cannot help", async () => {
    const { renderIds } = await seed({ maxAttempts: 3 });
    const renderId = renderIds[0] as string;
    await nodeA.claimJob();
    const res = await nodeA.fail(renderId, {
      fence: 1,
      retryable: false,
      code: "page_blocked",
      message: "The site blocks automated visitors; use the fallback URL.",
    });
    expect(await res.json()).toEqual({ state: "failed" });
    expect(await renderRow(renderId)).toMatchObject({
      state: "failed",
      attempts: 1,
      errorCode: "page_blocked",
    });
  });

  it("re-queues a render whose lease expired with its attempt counted, and fences off the old holder", async () => {
    await setGlobalCap(1);
    const { renderIds } = await seed({ maxAttempts: 3 });
    const renderId = renderIds[0] as string;
    const old = await nodeA.claimJob();
    await uploadRequired(nodeA, old);
    const expiredAt = await expireLease(renderId);

    // The permit died with the lease: the slot is free although the cap is 1.
    await errorOf(
      await nodeA.heartbeat(renderId, { fence: old.fence, stage: "uploading", progress: 0.9 }),
      409,
    );
    const rescued = await nodeB.claimJob();
    expect(rescued).toMatchObject({ renderId, fence: 2 });
    expect(rescued.job.attempt).toBe(2);
    expect(await renderRow(renderId)).toMatchObject({ state: "claimed", attempts: 2, artifacts: null });

    // The old holder can neither finish nor overwrite.
    const before = await observable(renderId);
    await errorOf(await nodeA.complete(renderId, { fence: old.fence, durationMs: 5, timings: {} }), 409);
    await errorOf(await nodeA.upload(renderId, "video.mp4", old.fence, new Uint8Array(10)), 409);
    await errorOf(await nodeA.fail(renderId, { fence: old.fence, message: "late" }), 409);
    expect(await observable(renderId)).toEqual(before);

    await uploadRequired(nodeB, rescued);
    expect((await nodeB.complete(renderId, { fence: 2, durationMs: 5, timings: {} })).status).toBe(200);
    const events = await renderEventsOf(renderId);
    expect(events.map((e) => `${e.kind}#${e.fence}`)).toEqual([
      "claimed#1",
      "lease_expired#1",
      "claimed#2",
      "done#2",
    ]);
    // The expiry is recorded at the instant the lease ran out, not when it was noticed.
    expect(events[1]?.at.toISOString()).toBe(expiredAt.toISOString());
  });

  it("sweeps expired leases from the cron trigger: queued again, or failed when out of attempts", async () => {
    await setGlobalCap(5);
    const again = await seed({ maxAttempts: 3 });
    const spent = await seed({ maxAttempts: 1 });
    const a = await nodeA.claimJob();
    const b = await nodeA.claimJob();
    expect([a.renderId, b.renderId]).toEqual([again.renderIds[0], spent.renderIds[0]]);
    await expireLease(a.renderId);
    await expireLease(b.renderId);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await renderRow(a.renderId)).toMatchObject({ state: "queued", attempts: 1, leaseExpiresAt: null });
    const failed = await renderRow(b.renderId);
    expect(failed).toMatchObject({ state: "failed", attempts: 1, errorCode: "lease_expired" });
    expect(failed.error).toMatch(/stopped reporting back 1 times/);
    expect((await renderEventsOf(b.renderId)).map((e) => e.kind)).toEqual([
      "claimed",
      "lease_expired",
      "failed",
    ]);
    expect((await globalGate().snapshot()).permits).toEqual([]);

    const retried = await nodeB.claimJob();
    expect(retried).toMatchObject({ renderId: a.renderId, fence: 2 });
    expect((await renderRow(a.renderId)).attempts).toBe(2);
  });
});

describe("cancellation", () => {
  it("flags an active render, tells the node on its next heartbeat, and frees the permit when it stops", async () => {
    await setGlobalCap(1);
    const account = await signUp();
    const { renderIds } = await seed({ workspaceId: account.workspaceId });
    const renderId = renderIds[0] as string;
    const claimed = await nodeA.claimJob();
    await nodeA.heartbeat(renderId, { fence: 1, stage: "capturing", progress: 0.3 });

    const call = authed(account.cookie);
    const res = await call(`/api/renders/${renderId}/cancel`, { method: "POST" });
    expect(await res.json()).toEqual({ id: renderId, state: "capturing", cancelRequested: true });
    expect((await globalGate().snapshot()).permits).toMatchObject([
      { leaseId: claimed.leaseId, cancel: true },
    ]);

    const beat = (await (
      await nodeA.heartbeat(renderId, { fence: 1, stage: "capturing", progress: 0.35 })
    ).json()) as { cancel: boolean };
    expect(beat.cancel).toBe(true);

    const stopped = await nodeA.fail(renderId, {
      fence: 1,
      cancelled: true,
      code: "cancelled",
      message: "Cancelled.",
    });
    expect(await stopped.json()).toEqual({ state: "cancelled" });
    expect(await renderRow(renderId)).toMatchObject({ state: "cancelled", cancelRequested: true });
    expect((await globalGate().snapshot()).permits).toEqual([]);
    expect((await renderEventsOf(renderId)).map((e) => e.kind)).toEqual(["claimed", "cancelled"]);

    const twice = await call(`/api/renders/${renderId}/cancel`, { method: "POST" });
    expect(twice.status).toBe(409);
  });

  it("ends a cancelled render as cancelled when its node dies before stopping", async () => {
    const account = await signUp();
    const { renderIds } = await seed({ workspaceId: account.workspaceId, maxAttempts: 3 });
    const renderId = renderIds[0] as string;
    await nodeA.claimJob();
    const res = await authed(account.cookie)(`/api/renders/${renderId}/cancel`, { method: "POST" });
    expect(res.status).toBe(200);
    await expireLease(renderId);
    // A claim sweeps first; the cancelled render is not handed out again.
    await nodeB.claimNothing();
    expect(await renderRow(renderId)).toMatchObject({ state: "cancelled", attempts: 1 });
    expect((await renderEventsOf(renderId)).map((e) => e.kind)).toEqual([
      "claimed",
      "lease_expired",
      "cancelled",
    ]);
  });
});
