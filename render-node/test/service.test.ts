import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import type { RenderNodeConfigInput } from "../src/config";
import { silentLogger } from "../src/log";
import { type RenderNode, startRenderNode, WorkDirs } from "../src/service";
import { ffprobe, isJpeg, makeFacecam } from "./helpers/media";
import { closedPort, type PagesServer, startPagesServer } from "./helpers/pages-server";
import { isAlive, mediaChildren } from "./helpers/processes";
import { makeJob, type StubEdge, startStubEdge, waitFor } from "./helpers/stub-edge";

const RENDER_NODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAIN = path.join(RENDER_NODE, "src", "main.ts");
/** As `npm start` runs it: one node process with the tsx loader (no wrapper process relaying signals). */
const NODE_MAIN = ["--import", "tsx", MAIN];

let pages: PagesServer;
let tmp: string;
let facecam: string;
let binaries: Binaries;
let edge: StubEdge;
const nodes: RenderNode[] = [];

beforeAll(async () => {
  pages = await startPagesServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-service-test-"));
  facecam = await makeFacecam(tmp, 4);
  binaries = await resolveBinaries();
  edge = await startStubEdge({ facecamFile: facecam });
});

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop({ drainTimeoutMs: 0 })));
});

afterAll(async () => {
  await edge?.close();
  await pages?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

let nodeCount = 0;
async function startNode(overrides: Partial<RenderNodeConfigInput> = {}): Promise<RenderNode> {
  nodeCount += 1;
  const node = await startRenderNode(
    {
      edgeUrl: edge.url,
      nodeToken: edge.token,
      port: 0,
      workDir: path.join(tmp, `work-${nodeCount}`),
      pollIdleMs: 100,
      heartbeatMs: 250,
      minFreeDiskMb: 1,
      allowHosts: ["127.0.0.1"],
      navigationTimeoutMs: 20_000,
      ...overrides,
    },
    { logger: silentLogger, binaries },
  );
  nodes.push(node);
  return node;
}

function job(scenes: { url: string; seconds?: number }[]) {
  return makeJob(SceneSpecSchema.parse({ facecam: "ast_test", scenes }), {
    website: pages.origin,
    first_name: "Lin",
  });
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("render node service", () => {
  it("claims a job, heartbeats its stages, uploads the artifacts and completes it", async () => {
    const next = job([
      { url: "{{website}}/long.html?name={{first_name}}", seconds: 2 },
      { url: "{{website}}/pricing.html" },
    ]);
    edge.queue.push({ job: next, fence: 7 });
    const node = await startNode();

    // While it renders, /health lists the job.
    const health = await waitForAsync(async () => {
      const h = await getJson(`${node.url}/health`);
      return (h.body.jobs as unknown[]).length === 1 ? h : undefined;
    }, 60_000);
    expect(health.status).toBe(200);
    expect(health.body.jobs).toEqual([
      {
        renderId: next.renderId,
        stage: expect.any(String),
        progress: expect.any(Number),
        startedAt: expect.any(String),
      },
    ]);

    const done = await waitFor(
      () => edge.completes.find((c) => c.renderId === next.renderId),
      150_000,
      "complete",
    );
    expect(edge.errors).toEqual([]);
    expect(edge.fails).toEqual([]);
    expect(done.body.fence).toBe(7);
    expect(Math.abs(done.body.durationMs - 4000), `durationMs ${done.body.durationMs}`).toBeLessThan(200);
    expect(Object.keys(done.body.timings)).toEqual(["preflight", "capture", "compose", "publish"]);

    const stages = new Set(
      edge.heartbeats.filter((h) => h.renderId === next.renderId).map((h) => h.body.stage),
    );
    expect([...stages]).toEqual(expect.arrayContaining(["capturing", "composing"]));
    for (const h of edge.heartbeats) expect(h.body.fence).toBe(7);

    expect([...edge.artifacts.keys()].sort()).toEqual(["poster.jpg", "report.json", "video.mp4"]);
    for (const artifact of edge.artifacts.values()) expect(artifact.fence).toBe("7");
    const videoFile = path.join(tmp, "uploaded.mp4");
    await writeFile(videoFile, edge.artifacts.get("video.mp4")?.body ?? Buffer.alloc(0));
    const probe = await ffprobe(videoFile);
    expect(probe.streams.map((s) => s.codec_name).sort()).toEqual(["aac", "h264"]);
    const posterFile = path.join(tmp, "uploaded.jpg");
    await writeFile(posterFile, edge.artifacts.get("poster.jpg")?.body ?? Buffer.alloc(0));
    expect(await isJpeg(posterFile)).toBe(true);
    const report = JSON.parse(edge.artifacts.get("report.json")?.body.toString("utf8") ?? "{}");
    expect(report).toMatchObject({ renderId: next.renderId, outcome: "done" });

    await node.idle();
    expect(existsSync(path.join(node.config.workDir, next.renderId))).toBe(false);
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toContain('loom_render_jobs_total{outcome="done"} 1');
    expect(metrics).toMatch(/loom_render_stage_duration_seconds_count\{stage="compose"\} 1/);
  });

  it("stops a render the edge cancels, removes its folder and reports it cancelled", async () => {
    const next = job([{ url: "{{website}}/long.html", seconds: 30 }]);
    edge.queue.push({ job: next, fence: 3 });
    const node = await startNode();
    await waitFor(
      () => edge.heartbeats.find((h) => h.renderId === next.renderId && h.body.stage === "composing"),
      120_000,
      "a heartbeat while composing",
    );
    const children = mediaChildren();
    const cancelledAt = Date.now();
    edge.cancel.add(next.renderId);
    const fail = await waitFor(
      () => edge.fails.find((f) => f.renderId === next.renderId),
      20_000,
      "fail call",
    );
    expect(fail.body).toMatchObject({ fence: 3, cancelled: true });
    // One heartbeat interval to learn of it, then the abort itself.
    expect(fail.at - cancelledAt, `fail arrived after ${fail.at - cancelledAt} ms`).toBeLessThan(250 + 2000);
    expect(existsSync(path.join(node.config.workDir, next.renderId))).toBe(false);
    expect(children.length).toBeGreaterThan(0);
    const alive = children.filter((p) => isAlive(p.pid));
    expect(alive, JSON.stringify(alive)).toEqual([]);
    await node.idle();
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toContain('loom_render_jobs_total{outcome="cancelled"} 1');
  });

  it("fails an unusable page as not retryable with a message naming the scene, and keeps the folder", async () => {
    const next = job([{ url: "{{website}}/status/404", seconds: 2 }]);
    edge.queue.push({ job: next, fence: 1 });
    const node = await startNode();
    const fail = await waitFor(
      () => edge.fails.find((f) => f.renderId === next.renderId),
      90_000,
      "fail call",
    );
    expect(fail.body).toMatchObject({ fence: 1, cancelled: false, retryable: false, code: "page_unusable" });
    expect(fail.body.message).toContain(`Scene 1: could not load ${pages.origin}/status/404`);
    await node.idle();
    const folder = path.join(node.config.workDir, next.renderId);
    expect(existsSync(path.join(folder, ".failed"))).toBe(true);
    expect(JSON.parse(await readFile(path.join(folder, "report.json"), "utf8"))).toMatchObject({
      outcome: "failed",
    });
  });

  it("abandons a render whose lease is lost without calling fail", async () => {
    const next = job([{ url: "{{website}}/hang", seconds: 2 }]);
    edge.queue.push({ job: next, fence: 2 });
    edge.leaseLost.add(next.renderId);
    const node = await startNode();
    await waitFor(() => edge.heartbeats.find((h) => h.renderId === next.renderId), 30_000, "a heartbeat");
    await node.idle();
    expect(edge.fails.filter((f) => f.renderId === next.renderId)).toEqual([]);
    expect(existsSync(path.join(node.config.workDir, next.renderId))).toBe(false);
  });

  it("on stop, drains within the deadline, then fails what is left as retryable", async () => {
    const next = job([{ url: "{{website}}/hang", seconds: 2 }]);
    edge.queue.push({ job: next, fence: 5 });
    const node = await startNode();
    await waitFor(() => edge.heartbeats.find((h) => h.renderId === next.renderId), 30_000, "a heartbeat");
    const claimsBefore = edge.claims;
    await node.stop({ drainTimeoutMs: 300 });
    const fail = edge.fails.find((f) => f.renderId === next.renderId);
    expect(fail?.body).toMatchObject({ fence: 5, retryable: true, cancelled: false, code: "node_shutdown" });
    expect(edge.claims).toBe(claimsBefore);
    expect(await fetch(`${node.url}/health`).catch((e: Error) => e.message)).toMatch(/fetch failed/);
  });

  it("serves /health and /metrics", async () => {
    const node = await startNode({ slots: 2 });
    await waitFor(() => edge.claims > 0, 20_000, "a claim");
    const health = await waitForAsync(async () => {
      const h = await getJson(`${node.url}/health`);
      return h.body.lastPollAt ? h : undefined;
    }, 20_000);
    expect(health).toEqual({
      status: 200,
      body: {
        status: "ok",
        jobs: [],
        slots: { total: 2, busy: 0 },
        lastPollAt: expect.any(String),
        disk: { freeBytes: expect.any(Number), minFreeBytes: 1024 * 1024, low: false },
        version: expect.any(String),
      },
    });
    const res = await fetch(`${node.url}/metrics`);
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
    expect((await fetch(`${node.url}/nope`)).status).toBe(404);
  });

  it("answers 503 when the edge has not been reached for too long", async () => {
    const node = await startNode({ edgeUrl: `http://127.0.0.1:${await closedPort()}`, healthStaleMs: 1000 });
    const health = await waitForAsync(async () => {
      const h = await getJson(`${node.url}/health`);
      return h.status === 503 ? h : undefined;
    }, 8_000);
    expect(health.body).toMatchObject({ status: "stale", lastPollAt: null });
  });

  it("claims nothing while free disk is below the floor and says so", async () => {
    const claimsBefore = edge.claims;
    const node = await startNode({ minFreeDiskMb: 1e12 });
    const health = await waitForAsync(async () => {
      const h = await getJson(`${node.url}/health`);
      return h.body.status === "low-disk" ? h : undefined;
    }, 5_000);
    expect(health.status).toBe(503);
    expect(health.body.disk).toMatchObject({ low: true, minFreeBytes: 1e12 * 1024 * 1024 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(edge.claims).toBe(claimsBefore);
  });

  it("refuses a port in use with a clear message", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startNode({ port })).rejects.toThrow(`port ${port} is already in use; set PORT`);
      const result = await execa(process.execPath, NODE_MAIN, {
        cwd: RENDER_NODE,
        reject: false,
        timeout: 90_000,
        env: {
          EDGE_URL: edge.url,
          NODE_TOKEN: edge.token,
          PORT: String(port),
          WORK_DIR: path.join(tmp, "main-port"),
        },
      });
      expect(result.exitCode, result.stderr).toBe(1);
      expect(result.stderr).toContain(`port ${port} is already in use; set PORT`);
    } finally {
      blocker.close();
    }
  });

  it("exits with a message naming the bad environment variables", async () => {
    const result = await execa(process.execPath, NODE_MAIN, {
      cwd: RENDER_NODE,
      reject: false,
      timeout: 90_000,
      env: { EDGE_URL: "not a url", SLOTS: "many", NODE_TOKEN: "" },
    });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain("Invalid render node environment");
    expect(result.stderr).toMatch(/EDGE_URL: .*got "not a url"/);
    expect(result.stderr).toMatch(/NODE_TOKEN: .*not set/);
    expect(result.stderr).toMatch(/SLOTS: .*got "many"/);
  });

  it("exits 0 on SIGTERM", async () => {
    const child = execa(process.execPath, NODE_MAIN, {
      cwd: RENDER_NODE,
      reject: false,
      env: {
        EDGE_URL: edge.url,
        NODE_TOKEN: edge.token,
        PORT: "0",
        WORK_DIR: path.join(tmp, "main-term"),
        POLL_IDLE_MS: "100",
      },
    });
    const lines: string[] = [];
    child.stdout?.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n")));
    await waitFor(() => lines.some((l) => l.includes('"render node started"')), 90_000, "start log line");
    child.kill("SIGTERM");
    const result = await child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(lines.some((l) => l.includes('"render node stopped"'))).toBe(true);
  });
});

describe("work folder sweep", () => {
  it("removes stale and expired folders and keeps recent failures and live renders", async () => {
    const root = path.join(tmp, "sweep");
    const dirs = new WorkDirs(root, 3, silentLogger);
    await dirs.init();
    const day = 24 * 60 * 60 * 1000;
    const make = async (name: string, files: Record<string, string>, ageMs = 0) => {
      await mkdir(path.join(root, name), { recursive: true });
      for (const [file, content] of Object.entries(files)) {
        const full = path.join(root, name, file);
        await writeFile(full, content);
        const when = new Date(Date.now() - ageMs);
        await utimes(full, when, when);
      }
    };
    await make("rnd_crashed", { ".owner": JSON.stringify({ pid: 999_999_999 }), "video.mp4": "x" });
    await make("rnd_failed_recent", { ".failed": "{}" }, 1 * day);
    await make("rnd_failed_old", { ".failed": "{}" }, 4 * day);
    await make("rnd_other_process", { ".owner": JSON.stringify({ pid: process.ppid }) });
    const live = await dirs.create("rnd_live");

    const result = await dirs.sweep(new Set([live]));
    expect(result.removed.sort()).toEqual(["rnd_crashed", "rnd_failed_old"]);
    expect(result.kept.sort()).toEqual(["rnd_failed_recent", "rnd_other_process"]);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(dirs.cacheDir)).toBe(true);
  });
});

async function waitForAsync<T>(check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms (last error: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
