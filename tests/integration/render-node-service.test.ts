import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import { fakeSentryDsn, fakeSentryEvents } from "@loom-lite/testkit/fake-sentry";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort } from "@loom-lite/testkit/postgres";
import { type ManagedProcess, spawnManaged, waitForHttp } from "@loom-lite/testkit/processes";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { JOB_WIND_DOWN_MS, type RenderNodeConfigInput } from "../../render-node/src/config";
import { createJsonLogger } from "../../render-node/src/log";
import { isAlive, mediaChildren } from "../../render-node/test/helpers/processes";
import { LEASE_TTL_MS } from "../harness/global-setup";
import { type HealthBody, type InProcessNode, startInProcessNode } from "../harness/in-process-node";
import {
  adminToken,
  cancelLeftoverRenders,
  cancelUnfinishedRenders,
  createCampaign,
  edgeUrl,
  ffprobe,
  newAccount,
  query,
  registerNodeWithId,
  setGlobalCap,
  waitFor,
} from "../harness/world";

// The render node's service (claim loop, heartbeats, uploads, cancel, lease loss, drain, health,
// metrics, disk floor) against the real edge under `wrangler dev` and its PostgreSQL. Nodes run in this
// process (startInProcessNode) where a test needs health()/stop(), or as their own process for signals.

const FINAL: readonly string[] = FINAL_RENDER_STATES;
const BUSY = ["capturing", "composing", "uploading"];
const STAGE_ORDER = ["claimed", "capturing", "composing", "uploading"];
const MB = 1024 * 1024;

/** One request a node made to the edge, as the edge answered it. */
interface EdgeCall {
  method: string;
  path: string;
  status: number;
  body: Record<string, unknown> | undefined;
  at: number;
}

/** Passes every request through to the real edge and records it, so a test can see what a node sent. */
function recordingFetch(calls: EdgeCall[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body =
      typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    const record = (status: number) =>
      calls.push({ method: init?.method ?? "GET", path: url.pathname, status, body, at: Date.now() });
    try {
      const res = await fetch(input, init);
      record(res.status);
      return res;
    } catch (error) {
      record(0);
      throw error;
    }
  };
}

/**
 * Holds the first request to a path ending in `suffix` forever, as an edge (or a proxy in front of it)
 * that stops answering mid-call does; it ignores the abort signal too, the worst case for the node.
 */
function holdFirst(
  suffix: string,
  held: { path: string; at: number }[],
): (next: typeof fetch) => typeof fetch {
  return (next) => async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (held.length === 0 && url.pathname.endsWith(suffix)) {
      held.push({ path: url.pathname, at: Date.now() });
      return new Promise<Response>(() => {});
    }
    return next(input, init);
  };
}

interface TestNode {
  node: InProcessNode;
  /** The node's id on the edge (render_events.node_id). */
  id: string;
  calls: EdgeCall[];
  logs: string[];
  /** Calls about one render, e.g. `callsFor(id, "heartbeat")`. */
  callsFor(renderId: string, action: string): EdgeCall[];
}

const nodes: InProcessNode[] = [];
/** This test's nodes with their logs and edge calls, for the error of a render that never finished. */
const testNodes: TestNode[] = [];
const processes: ManagedProcess[] = [];
const accounts: ApiClient[] = [];

beforeAll(async () => {
  await setGlobalCap(2);
  // The nodes here must see only this suite's renders.
  await cancelLeftoverRenders();
});

afterEach(async () => {
  testNodes.length = 0;
  await Promise.all(nodes.splice(0).map((n) => n.stop({ drainTimeoutMs: 0 })));
  await Promise.all(processes.splice(0).map((p) => p.stop(5000)));
  for (const api of accounts.splice(0)) await cancelUnfinishedRenders(api);
});

async function account(): Promise<ApiClient> {
  const api = await newAccount();
  accounts.push(api);
  return api;
}

const workDirFor = (name: string) =>
  path.join(inject("scratchDir"), "nodes", `${name}-${randomUUID().slice(0, 6)}`);

async function startNode(
  name: string,
  overrides: Partial<RenderNodeConfigInput> = {},
  /** Sits between the node and the recorded edge, e.g. to hold a call. */
  wrapFetch: (next: typeof fetch) => typeof fetch = (next) => next,
): Promise<TestNode> {
  const { id, token } = await registerNodeWithId(name);
  const calls: EdgeCall[] = [];
  const logs: string[] = [];
  const node = await startInProcessNode(
    {
      edgeUrl: edgeUrl(),
      nodeToken: token,
      port: 0,
      workDir: workDirFor(name),
      pollIdleMs: 200,
      heartbeatMs: 500,
      minFreeDiskMb: 64,
      allowHosts: ["127.0.0.1"],
      navigationTimeoutMs: 20_000,
      ...overrides,
    },
    { logger: createJsonLogger((line) => logs.push(line)), fetch: wrapFetch(recordingFetch(calls)) },
  );
  nodes.push(node);
  const callsFor = (renderId: string, action: string) =>
    calls.filter((c) => c.path.startsWith(`/nodes/v1/renders/${renderId}/${action}`));
  const started = { node, id, calls, logs, callsFor };
  testNodes.push(started);
  return started;
}

async function enqueueOne(api: ApiClient, campaignId: string): Promise<string> {
  const [render] = await api.enqueueRenders(campaignId);
  if (!render) throw new Error("nothing was enqueued");
  return render.id;
}

/** On a timeout, the error carries the render's events and what every node of the test logged and sent. */
async function finalRender(api: ApiClient, renderId: string, timeoutMs: number) {
  try {
    return await waitFor(
      `render ${renderId} to finish`,
      async () => {
        const render = await api.getRender(renderId);
        return FINAL.includes(render.state) && render;
      },
      timeoutMs,
      100,
    );
  } catch (error) {
    const log = await events(renderId).catch(() => []);
    throw new Error(
      [
        error instanceof Error ? error.message : String(error),
        `events: ${JSON.stringify(log)}`,
        ...testNodes.map((t) => `--- ${t.id}\n${explain(t)}`),
      ].join("\n"),
    );
  }
}

/** Waits until a heartbeat has moved the render into a busy stage; `context` is added to a timeout. */
async function busyRender(renderId: string, context: () => string, timeoutMs = 60_000) {
  try {
    await waitFor(
      `render ${renderId} to be busy`,
      async () => BUSY.includes((await renderRow(renderId))?.state ?? ""),
      timeoutMs,
      100,
    );
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : error}\n${context()}`);
  }
}

async function renderRow(renderId: string) {
  const [row] = await query<{ state: string; attempts: number; fence: number }>(
    "select state, attempts, fence from renders where id = $1",
    [renderId],
  );
  return row;
}

async function events(renderId: string) {
  return query<{
    kind: string;
    fence: number | null;
    node_id: string | null;
    detail: Record<string, unknown>;
  }>("select kind, fence, node_id, detail from render_events where render_id = $1 order by at, id", [
    renderId,
  ]);
}

async function getHealth(url: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`${url}/health`);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

const metricsOf = async (node: InProcessNode) => (await fetch(`${node.url}/metrics`)).text();

const explain = (t: TestNode) =>
  `node log:\n${t.logs.slice(-30).join("\n")}\nedge calls:\n${t.calls
    .map(
      (c) =>
        `${new Date(c.at).toISOString().slice(11, 23)} ${c.method} ${c.path} → ${c.status} ${c.body ? JSON.stringify(c.body) : ""}`,
    )
    .join("\n")}`;

describe("render node service against the real edge", () => {
  it("claims a render, reports its stages by heartbeat, uploads the artifacts and completes it", async () => {
    const api = await account();
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [
        { url: "{{website}}?name={{first_name}}", seconds: 1 },
        { url: `${inject("pagesUrl")}/pricing.html`, seconds: 1 },
      ],
    });
    const t = await startNode("full-job", { heartbeatMs: 250 });
    const renderId = await enqueueOne(api, campaignId);

    // While it renders, /health lists it and /metrics counts the busy slot.
    const health = await waitFor(
      "/health to list the render",
      async () => {
        const h = await getHealth(t.node.url);
        return h.body.jobs.length === 1 && h;
      },
      60_000,
      50,
    );
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: "ok",
      slots: { total: 1, busy: 1 },
      jobs: [
        { renderId, stage: expect.any(String), progress: expect.any(Number), startedAt: expect.any(String) },
      ],
    });
    expect(await metricsOf(t.node)).toContain("loom_render_slots_busy 1");

    // The edge's view while it runs: the stage and progress the heartbeats carry.
    const seen: { state: string; progress: number }[] = [];
    const done = await waitFor(
      "the render to finish",
      async () => {
        const render = await api.getRender(renderId);
        seen.push({ state: render.state, progress: render.progress });
        return FINAL.includes(render.state) && render;
      },
      120_000,
      100,
    );
    expect(done.state, `${JSON.stringify(done)}\n${explain(t)}`).toBe("done");
    expect(done.attempts, explain(t)).toBe(1);
    expect(done.progress).toBe(1);
    expect(Math.abs((done.durationMs ?? 0) - 2000), `durationMs ${done.durationMs}`).toBeLessThan(200);
    expect(Object.keys(done.timings ?? {}).sort()).toEqual(["capture", "compose", "preflight", "publish"]);
    expect(seen.map((s) => s.state)).toEqual(expect.arrayContaining(["capturing", "composing"]));
    for (const s of seen.filter((s) => BUSY.includes(s.state))) {
      expect(s.progress).toBeGreaterThanOrEqual(0);
      expect(s.progress).toBeLessThanOrEqual(1);
    }

    // The node's side of it: every call carried the lease's fence and the edge accepted it.
    const log = await events(renderId);
    const claimed = log.filter((e) => e.kind === "claimed");
    expect(claimed, JSON.stringify(log)).toHaveLength(1);
    expect(claimed[0]?.node_id).toBe(t.id);
    const fence = claimed[0]?.fence;
    expect(log.filter((e) => e.kind === "done")).toEqual([
      expect.objectContaining({ kind: "done", fence, node_id: t.id }),
    ]);
    const beats = t.callsFor(renderId, "heartbeat");
    // On a busy machine a beat can time out (status 0; the lease outlives a few), but none is refused.
    expect(beats.filter((b) => b.status !== 0).length, explain(t)).toBeGreaterThan(1);
    for (const beat of beats) {
      expect([0, 200], explain(t)).toContain(beat.status);
      expect(beat.body).toEqual({ fence, stage: expect.any(String), progress: expect.any(Number) });
    }
    const stages = beats.map((b) => String(b.body?.stage));
    expect(stages).toEqual(expect.arrayContaining(["capturing", "composing"]));
    const order = stages.map((s) => STAGE_ORDER.indexOf(s));
    expect(order, stages.join(" ")).toEqual([...order].sort((a, b) => a - b));

    const uploads = t.callsFor(renderId, "artifacts");
    expect(uploads.map((u) => [u.method, path.basename(u.path), u.status])).toEqual([
      ["PUT", "video.mp4", 204],
      ["PUT", "poster.jpg", 204],
      ["PUT", "preview.gif", 204],
      ["PUT", "report.json", 204],
    ]);
    const completes = t.callsFor(renderId, "complete");
    expect(completes).toHaveLength(1);
    expect(completes[0]).toMatchObject({ status: 200, body: { fence } });
    expect(completes[0]?.at).toBeGreaterThanOrEqual(uploads.at(-1)?.at ?? Number.POSITIVE_INFINITY);
    expect(t.callsFor(renderId, "fail")).toEqual([]);

    // What was uploaded is what the API serves.
    expect(Object.keys(done.artifacts).sort()).toEqual([
      "poster.jpg",
      "preview.gif",
      "report.json",
      "video.mp4",
    ]);
    const video = await api.getArtifact(renderId, "video.mp4");
    expect(video.status).toBe(200);
    const videoFile = path.join(inject("scratchDir"), `${renderId}.mp4`);
    await writeFile(videoFile, Buffer.from(await video.arrayBuffer()));
    const probe = await ffprobe(videoFile);
    expect(probe).toMatchObject({ codec: "h264", hasAudio: true });
    const poster = Buffer.from(await (await api.getArtifact(renderId, "poster.jpg")).arrayBuffer());
    expect(poster.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const report = (await (await api.getArtifact(renderId, "report.json")).json()) as Record<string, unknown>;
    expect(report).toMatchObject({ renderId, outcome: "done" });

    await t.node.idle();
    expect(existsSync(path.join(t.node.config.workDir, renderId))).toBe(false);
    const metrics = await metricsOf(t.node);
    expect(metrics).toContain('loom_render_jobs_total{outcome="done"} 1');
    expect(metrics).toContain('loom_render_jobs_total{outcome="failed"} 0');
    expect(metrics).toMatch(/loom_render_stage_duration_seconds_count\{stage="capture"\} 1/);
    expect(metrics).toMatch(/loom_render_stage_duration_seconds_count\{stage="compose"\} 1/);
    expect(metrics).toContain("loom_render_slots_busy 0");
  });

  it("stops a render the user cancels within a heartbeat, removes its folder and gives the permit back", async () => {
    const api = await account();
    // A 30 s video: the compose stage lasts long enough to cancel in the middle of it.
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 30 }],
    });
    const t = await startNode("cancel", { heartbeatMs: 250 });
    const renderId = await enqueueOne(api, campaignId);
    await waitFor(
      "a heartbeat while composing",
      async () => t.callsFor(renderId, "heartbeat").some((c) => c.body?.stage === "composing"),
      120_000,
      50,
    );
    const folder = path.join(t.node.config.workDir, renderId);
    expect(existsSync(folder)).toBe(true);
    // The stage is reported before compose starts its encoder: wait for ffmpeg to run, then cancel.
    const children = await waitFor(
      "ffmpeg to run for the render",
      () => {
        const now = mediaChildren();
        return /ffmpeg/.test(now.map((c) => c.comm).join(" ")) && now;
      },
      30_000,
      50,
    );
    expect(children.map((c) => c.comm).join(" ")).toMatch(/ffmpeg/);

    const cancelledAt = Date.now();
    expect(await api.cancelRender(renderId)).toMatchObject({ id: renderId });
    const cancelled = await finalRender(api, renderId, 5000);
    expect(cancelled.state, explain(t)).toBe("cancelled");
    expect(Date.now() - cancelledAt).toBeLessThan(5000);

    const fails = t.callsFor(renderId, "fail");
    expect(fails, explain(t)).toHaveLength(1);
    expect(fails[0]).toMatchObject({ status: 200, body: { cancelled: true, code: "cancelled" } });
    // One heartbeat interval to learn of it, then the abort itself.
    const tookMs = (fails[0]?.at ?? 0) - cancelledAt;
    expect(tookMs, `fail arrived ${tookMs} ms after the cancel`).toBeLessThan(250 + 2500);
    expect(t.callsFor(renderId, "complete")).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    const alive = children.filter((p) => isAlive(p.pid));
    expect(alive, JSON.stringify(alive)).toEqual([]);

    const gate = await api.request<{ permits: { renderId: string | null }[] }>("GET", "/api/admin/gate", {
      bearer: adminToken(),
    });
    expect(gate.permits.filter((p) => p.renderId === renderId)).toEqual([]);
    await t.node.idle();
    expect(await metricsOf(t.node)).toContain('loom_render_jobs_total{outcome="cancelled"} 1');
  });

  it("fails a lead whose page is unusable for good, with a message naming the scene, keeps the folder, and reports it to Sentry", async () => {
    const api = await account();
    const website = `${inject("pagesUrl")}/no-such-page.html`;
    const { campaignId } = await createCampaign(api, { facecam: "short", leads: 1, website });
    // SENTRY_DSN pointed at the fake Sentry, under a project of this test's own.
    const sentryProject = `${Date.now() % 100_000_000}`;
    const t = await startNode("unusable", { sentryDsn: fakeSentryDsn(inject("fakeUrl"), sentryProject) });
    const renderId = await enqueueOne(api, campaignId);

    const failed = await finalRender(api, renderId, 90_000);
    expect(failed, explain(t)).toMatchObject({ state: "failed", errorCode: "page_unusable", attempts: 1 });
    expect(failed.error).toContain(`Scene 1: could not load ${website}`);
    const fails = t.callsFor(renderId, "fail");
    expect(fails).toHaveLength(1);
    expect(fails[0]).toMatchObject({
      status: 200,
      body: { cancelled: false, retryable: false, code: "page_unusable", message: failed.error },
    });
    expect((await events(renderId)).map((e) => e.kind)).not.toContain("retry_scheduled");

    await t.node.idle();
    const folder = path.join(t.node.config.workDir, renderId);
    expect(existsSync(path.join(folder, ".failed"))).toBe(true);
    expect(JSON.parse(await readFile(path.join(folder, "report.json"), "utf8"))).toMatchObject({
      outcome: "failed",
    });
    expect(await metricsOf(t.node)).toContain('loom_render_jobs_total{outcome="failed"} 1');

    // The failure reached Sentry's envelope endpoint once, tagged with the render, at warning level (the
    // lead's page is the cause, not the platform), and without the lead's page address.
    const reported = await waitFor(
      "the failure to reach the fake Sentry",
      async () => {
        const got = await fakeSentryEvents(inject("fakeUrl"), sentryProject);
        return got.length > 0 && got;
      },
      10_000,
      100,
    );
    expect(reported, JSON.stringify(reported)).toHaveLength(1);
    expect(reported[0]).toMatchObject({
      level: "warning",
      tags: { render_id: renderId, failure_code: "page_unusable", job_kind: "video", retryable: "false" },
    });
    expect(JSON.stringify(reported[0])).not.toContain("no-such-page");
  });

  it("drops a render whose lease ran out and was taken over, without completing or failing it", async () => {
    const api = await account();
    const { campaignId } = await createCampaign(api, {
      facecam: "long",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 20 }],
    });
    // Heartbeats further apart than the lease lasts: the lease runs out mid-render, as it does when a
    // network cut outlasts it.
    const lapsed = await startNode("lapsed", { heartbeatMs: LEASE_TTL_MS + 3000 });
    const renderId = await enqueueOne(api, campaignId);
    await waitFor(
      "the lapsing node to claim the render",
      async () => (await events(renderId)).some((e) => e.kind === "claimed" && e.node_id === lapsed.id),
      60_000,
      100,
    );
    const rescuer = await startNode("rescuer", { pollIdleMs: 100 });

    const done = await finalRender(api, renderId, 150_000);
    expect(done.state, `${explain(lapsed)}\n---\n${explain(rescuer)}`).toBe("done");
    expect(done.attempts).toBe(2);
    await lapsed.node.idle();

    const log = await events(renderId);
    const names = new Map([
      [lapsed.id, "lapsed"],
      [rescuer.id, "rescuer"],
    ]);
    const summary = log
      .filter((e) => e.kind !== "queued")
      .map((e) => [e.kind, e.fence, names.get(e.node_id ?? "") ?? e.node_id]);
    expect(summary, JSON.stringify(log)).toEqual([
      ["claimed", 1, "lapsed"],
      ["lease_expired", 1, "lapsed"],
      ["claimed", 2, "rescuer"],
      ["done", 2, "rescuer"],
    ]);

    // The lapsed node learned it from a 409 and then left the render alone.
    const mine = lapsed.calls.filter((c) => c.path.startsWith(`/nodes/v1/renders/${renderId}/`));
    expect(
      mine.filter((c) => c.status === 409),
      explain(lapsed),
    ).toHaveLength(1);
    // Calls it had in flight when it learned are aborted by the node itself (recorded as status 0).
    expect(mine.filter((c) => c.status !== 0).at(-1)?.status, explain(lapsed)).toBe(409);
    expect(lapsed.callsFor(renderId, "complete")).toEqual([]);
    expect(lapsed.callsFor(renderId, "fail")).toEqual([]);
    expect(existsSync(path.join(lapsed.node.config.workDir, renderId))).toBe(false);
    expect((await lapsed.node.health()).body.jobs).toEqual([]);
    expect(await metricsOf(lapsed.node)).toContain('loom_render_jobs_total{outcome="done"} 0');

    const video = await api.getArtifact(renderId, "video.mp4");
    expect(video.status).toBe(200);
    await video.body?.cancel();
  });

  for (const held of ["complete", "artifacts/report.json"] as const) {
    it(`abandons a job whose ${held} call the edge never answers, frees its slot, and the render runs again once`, async () => {
      const api = await account();
      const { campaignId } = await createCampaign(api, {
        facecam: "short",
        leads: 1,
        scenes: [{ url: "{{website}}", seconds: 2 }],
      });
      // Longer than any quiet stretch of a healthy render on a loaded 2-core machine.
      const stallMs = 15_000;
      const heldCalls: { path: string; at: number }[] = [];
      const t = await startNode(
        `held-${held.replace(/\W/g, "-")}`,
        { jobStallMs: stallMs },
        holdFirst(`/${held}`, heldCalls),
      );
      const renderId = await enqueueOne(api, campaignId);

      await waitFor(`the node's ${held} call`, async () => heldCalls.length === 1, 120_000, 50).catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${explain(t)}`);
        },
      );
      // Abandoned within its bound: the stall, then the grace the job gets to wind down by itself.
      const stuck = await waitFor(
        "the node to free the slot and report itself stuck",
        async () => {
          const h = await getHealth(t.node.url);
          return h.body.status === "stuck" && h;
        },
        2 * stallMs + 5000,
        100,
      );
      expect(Date.now() - (heldCalls[0]?.at ?? 0), explain(t)).toBeLessThan(2 * stallMs + 5000);
      expect(stuck.status).toBe(503);
      // The abandoned attempt is gone; the freed slot may already hold the render's next attempt.
      const abandonedAt = heldCalls[0]?.at ?? 0;
      expect(stuck.body.jobs.filter((j) => Date.parse(j.startedAt) < abandonedAt)).toEqual([]);

      // The held call never reached the edge; the node said it stalled, and the render ran again.
      const done = await finalRender(api, renderId, 150_000);
      expect(done, explain(t)).toMatchObject({ state: "done", attempts: 2 });
      const fails = t.callsFor(renderId, "fail");
      expect(fails[0], explain(t)).toMatchObject({
        status: 200,
        body: { retryable: true, code: "node_stalled" },
      });
      const kinds = (await events(renderId)).map((e) => e.kind);
      expect(
        kinds.filter((k) => k === "claimed"),
        kinds.join(","),
      ).toHaveLength(2);
      expect(
        kinds.filter((k) => k === "done"),
        kinds.join(","),
      ).toHaveLength(1);
      expect(existsSync(path.join(t.node.config.workDir, renderId))).toBe(false);
      const video = await api.getArtifact(renderId, "video.mp4");
      expect(video.status).toBe(200);
      await video.body?.cancel();
    });
  }

  it("on stop, drains within the deadline, then gives what is left back to the queue as retryable", async () => {
    const api = await account();
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 30 }],
    });
    const t = await startNode("drain-deadline");
    const renderId = await enqueueOne(api, campaignId);
    await busyRender(renderId, () => explain(t));

    const stoppedAt = Date.now();
    await t.node.stop({ drainTimeoutMs: 300 });
    expect(Date.now() - stoppedAt, "stop took too long").toBeLessThan(10_000);

    const fails = t.callsFor(renderId, "fail");
    expect(fails, explain(t)).toHaveLength(1);
    expect(fails[0]).toMatchObject({
      status: 200,
      body: { retryable: true, cancelled: false, code: "node_shutdown" },
    });
    const render = await api.getRender(renderId);
    expect(render, explain(t)).toMatchObject({ state: "queued", errorCode: "node_shutdown", attempts: 1 });
    expect((await events(renderId)).map((e) => e.kind)).toContain("retry_scheduled");
    expect(t.calls.filter((c) => c.path === "/nodes/v1/claim" && c.at > stoppedAt)).toEqual([]);
    expect(existsSync(path.join(t.node.config.workDir, renderId))).toBe(false);
    expect(await fetch(`${t.node.url}/health`).catch((e: Error) => e.message)).toMatch(/fetch failed/);
  });

  it("on stop, goes on without a render that ignores the stop once its wind-down grace is over, naming it", async () => {
    const api = await account();
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 2 }],
    });
    const heldCalls: { path: string; at: number }[] = [];
    // The stall watchdog stays far away: only the stop's own bound may end the wait.
    const t = await startNode("ignores-stop", { jobStallMs: 600_000 }, holdFirst("/complete", heldCalls));
    const renderId = await enqueueOne(api, campaignId);
    await waitFor("the node's complete call", async () => heldCalls.length === 1, 120_000, 50).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${explain(t)}`);
      },
    );

    const stoppedAt = Date.now();
    await t.node.stop({ drainTimeoutMs: 0 });
    expect(Date.now() - stoppedAt, "stop waited past the wind-down grace").toBeLessThan(
      JOB_WIND_DOWN_MS + 5_000,
    );
    const complaint = t.logs.find((l) => l.includes("ignored the stop"));
    expect(complaint, explain(t)).toContain(renderId);
    expect(await fetch(`${t.node.url}/health`).catch((e: Error) => e.message)).toMatch(/fetch failed/);
  });

  it("on SIGTERM, lets the running render finish, then the process exits 0", async () => {
    const api = await account();
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      // Long enough to be running when the signal comes right after the render turns busy; the drain
      // then waits for all of it, so no longer than that.
      scenes: [{ url: "{{website}}", seconds: 3 }],
    });
    const { id: nodeId, token } = await registerNodeWithId("sigterm");
    const port = await freePort();
    const workDir = workDirFor("sigterm");
    const lines: string[] = [];
    // The node process itself, as a container runs it (`docker stop` signals only that process).
    const proc = spawnManaged("sigterm-node", process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: fromRoot("render-node"),
      env: {
        EDGE_URL: edgeUrl(),
        NODE_TOKEN: token,
        PORT: String(port),
        WORK_DIR: workDir,
        RENDER_ALLOW_HOSTS: "127.0.0.1",
        HEARTBEAT_MS: "500",
        POLL_IDLE_MS: "200",
        MIN_FREE_DISK_MB: "64",
      },
      log: (line) => lines.push(line),
    });
    processes.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/health`, {
      timeoutMs: 60_000,
      ready: (res) => res.status === 200,
      process: proc,
    });
    const renderId = await enqueueOne(api, campaignId);
    await busyRender(renderId, () => lines.join("\n"));

    process.kill(proc.pid, "SIGTERM");
    const exit = await Promise.race([
      proc.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit after SIGTERM:\n${lines.join("\n")}`)), 120_000),
      ),
    ]);
    expect(exit.exitCode, lines.join("\n")).toBe(0);

    const render = await api.getRender(renderId);
    expect(render.state, lines.join("\n")).toBe("done");
    expect(render.attempts, lines.join("\n")).toBe(1);
    expect((await events(renderId)).filter((e) => e.kind === "done")).toEqual([
      expect.objectContaining({ node_id: nodeId }),
    ]);
    const logged = lines.map((l) => {
      try {
        return JSON.parse(l) as { msg?: string; jobs?: string[] };
      } catch {
        return { msg: l };
      }
    });
    const messages = logged.map((l) => l.msg);
    expect(messages).toContain("shutting down: no new renders, waiting for running ones");
    // The render was still running when the signal came.
    expect(logged.find((l) => l.msg === "draining")?.jobs, lines.join("\n")).toEqual([renderId]);
    expect(messages).toContain("render node stopped");
    expect(messages).not.toContain("drain deadline passed; stopping running renders");
    // No render was claimed after the signal.
    expect((await events(renderId)).filter((e) => e.kind === "claimed")).toHaveLength(1);
    expect(existsSync(path.join(workDir, renderId))).toBe(false);
  });

  it("serves /health with its shape and /metrics with every series while idle", async () => {
    const t = await startNode("health", { slots: 2 });
    const health = await waitFor(
      "a first claim round trip",
      async () => {
        const h = await getHealth(t.node.url);
        return h.body.lastPollAt !== null && h;
      },
      20_000,
      50,
    );
    expect(health).toEqual({
      status: 200,
      body: {
        status: "ok",
        jobs: [],
        slots: { total: 2, busy: 0 },
        lastPollAt: expect.any(String),
        disk: { freeBytes: expect.any(Number), minFreeBytes: 64 * MB, low: false, pollsSkipped: 0 },
        version: expect.any(String),
      },
    });
    expect(t.calls.filter((c) => c.path === "/nodes/v1/claim").every((c) => c.status === 200)).toBe(true);
    expect(t.calls.find((c) => c.path === "/nodes/v1/claim")?.body).toEqual({
      freeSlots: 2,
      version: health.body.version,
    });

    const res = await fetch(`${t.node.url}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    for (const line of [
      'loom_render_jobs_total{outcome="done"} 0',
      'loom_render_jobs_total{outcome="failed"} 0',
      'loom_render_jobs_total{outcome="cancelled"} 0',
      "# TYPE loom_render_stage_duration_seconds histogram",
      "loom_render_slots_busy 0",
      "loom_render_slots_total 2",
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toMatch(/loom_render_disk_free_bytes \d+/);
    expect((await fetch(`${t.node.url}/nope`)).status).toBe(404);
  });

  it("claims nothing while free disk is below the floor and says so", async () => {
    const api = await account();
    const { campaignId } = await createCampaign(api, { facecam: "short", leads: 1 });
    const renderId = await enqueueOne(api, campaignId);
    const t = await startNode("low-disk", { minFreeDiskMb: 1e12 });
    const health = await waitFor(
      "/health to report low disk",
      async () => {
        const h = await getHealth(t.node.url);
        return h.body.status === "low-disk" && h;
      },
      5000,
      50,
    );
    expect(health.status).toBe(503);
    expect(health.body.disk).toMatchObject({ low: true, minFreeBytes: 1e12 * MB });
    // Several polls go by, each deciding not to claim, and the render stays queued.
    await waitFor(
      "three polls skipped for low disk",
      async () => (await getHealth(t.node.url)).body.disk.pollsSkipped >= 3,
      10_000,
      50,
    );
    expect(t.calls.filter((c) => c.path === "/nodes/v1/claim")).toEqual([]);
    expect(await renderRow(renderId)).toMatchObject({ state: "queued", attempts: 0 });
  });
});
