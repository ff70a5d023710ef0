import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { RenderNodeConfigInput } from "../../render-node/src/config";
import { createJsonLogger } from "../../render-node/src/log";
import { isAlive, mediaChildren } from "../../render-node/test/helpers/processes";
import { type HealthBody, type InProcessNode, startInProcessNode } from "../harness/in-process-node";
import {
  cancelLeftoverRenders,
  cancelUnfinishedRenders,
  createCampaign,
  edgeUrl,
  newAccount,
  query,
  registerNodeWithId,
  setGlobalCap,
  waitFor,
} from "../harness/world";

// Every job is bounded in wall-clock time (JOB_TIMEOUT_MS) and memory (JOB_MEMORY_MB): a job past
// either fails with a reason that names the limit, its Chromium and ffmpeg are gone, and the node goes on
// serving /health and claiming. Real edge, real PostgreSQL, real Chromium and ffmpeg.

const FINAL: readonly string[] = FINAL_RENDER_STATES;
const nodes: InProcessNode[] = [];
const accounts: ApiClient[] = [];

beforeAll(async () => {
  await setGlobalCap(2);
  await cancelLeftoverRenders();
});

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop({ drainTimeoutMs: 0 })));
  for (const api of accounts.splice(0)) await cancelUnfinishedRenders(api);
});

async function startNode(name: string, overrides: Partial<RenderNodeConfigInput>) {
  const { token } = await registerNodeWithId(name);
  const logs: string[] = [];
  const node = await startInProcessNode(
    {
      edgeUrl: edgeUrl(),
      nodeToken: token,
      port: 0,
      workDir: path.join(inject("scratchDir"), "nodes", `${name}-${randomUUID().slice(0, 6)}`),
      pollIdleMs: 200,
      heartbeatMs: 500,
      minFreeDiskMb: 64,
      allowHosts: ["127.0.0.1"],
      ...overrides,
    },
    { logger: createJsonLogger((line) => logs.push(line)) },
  );
  nodes.push(node);
  return { node, logs };
}

async function renderOne(website: string, seconds: number) {
  const api = await newAccount();
  accounts.push(api);
  const { campaignId } = await createCampaign(api, {
    facecam: "short",
    leads: 1,
    website,
    scenes: [{ url: "{{website}}", seconds }],
  });
  const [render] = await api.enqueueRenders(campaignId);
  if (!render) throw new Error("nothing was enqueued");
  return { api, renderId: render.id };
}

async function finalRender(api: ApiClient, renderId: string, timeoutMs: number, logs: string[]) {
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
    throw new Error(`${error instanceof Error ? error.message : error}\n${logs.slice(-20).join("\n")}`);
  }
}

/** The node is alive and idle: /health answers 200 with no job and a free slot. */
async function expectServingAndIdle(node: InProcessNode) {
  await node.idle();
  const res = await fetch(`${node.url}/health`);
  const body = (await res.json()) as HealthBody;
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body).toMatchObject({ status: "ok", jobs: [], slots: { total: 1, busy: 0 } });
}

describe("job limits", () => {
  it("fails a render that runs past JOB_TIMEOUT_MS, saying so, and the node goes on", async () => {
    // A 30 s video cannot be captured and encoded in 6 s.
    const { api, renderId } = await renderOne(`${inject("pagesUrl")}/index.html`, 30);
    const { node, logs } = await startNode("timeout", { jobTimeoutMs: 6000 });
    const began = Date.now();
    const failed = await finalRender(api, renderId, 60_000, logs);
    expect(failed, logs.slice(-20).join("\n")).toMatchObject({
      state: "failed",
      errorCode: "job_timeout",
      attempts: 1,
    });
    expect(failed.error).toBe(
      "The render took longer than 6 s, the most one render may take, and was stopped. Shorten the " +
        "scenes or use pages that load faster, then re-render.",
    );
    expect(Date.now() - began).toBeLessThan(40_000);
    const [retries] = await query<{ n: number }>(
      "select count(*)::int as n from render_events where render_id = $1 and kind = 'retry_scheduled'",
      [renderId],
    );
    expect(retries?.n, "not retried: another attempt would take as long").toBe(0);
    await expectServingAndIdle(node);
    const left = mediaChildren().filter((p) => p.cmdline.includes(renderId) && isAlive(p.pid));
    expect(left.map((p) => p.cmdline.slice(0, 100))).toEqual([]);
  });

  it("fails a render whose page takes more than JOB_MEMORY_MB, saying so, and the node goes on", async () => {
    const { api, renderId } = await renderOne(`${inject("pagesUrl")}/memory-hog.html`, 4);
    const { node, logs } = await startNode("memory", { jobMemoryMb: 1000 });
    const failed = await finalRender(api, renderId, 90_000, logs);
    expect(failed, logs.slice(-20).join("\n")).toMatchObject({
      state: "failed",
      errorCode: "out_of_memory",
      attempts: 1,
    });
    expect(failed.error).toMatch(
      /^The render used more than 1000 MB of memory \(\d+ MB\), the most one render may use, and was stopped\. A page in the campaign is probably too heavy; use a lighter page or a fallback URL, then re-render\.$/,
    );
    await expectServingAndIdle(node);
    // The browser that held the memory is gone, and so is its profile folder.
    const left = mediaChildren().filter((p) => p.cmdline.includes(renderId) && isAlive(p.pid));
    expect(left.map((p) => p.cmdline.slice(0, 100))).toEqual([]);
    const folder = path.join(node.config.workDir, renderId);
    expect(existsSync(path.join(folder, ".failed")), "kept for debugging like any failure").toBe(true);
  });

  it("renders a normal lead within the same limits", async () => {
    const { api, renderId } = await renderOne(`${inject("pagesUrl")}/index.html`, 2);
    const { node, logs } = await startNode("within-limits", { jobTimeoutMs: 120_000, jobMemoryMb: 1500 });
    const done = await finalRender(api, renderId, 120_000, logs);
    expect(done.state, logs.slice(-20).join("\n")).toBe("done");
    await expectServingAndIdle(node);
  });
});
