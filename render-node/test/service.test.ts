import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@loom-lite/testkit/wait";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import type { RenderNodeConfigInput } from "../src/config";
import { silentLogger } from "../src/log";
import { type RenderNode, startRenderNode, WorkDirs } from "../src/service";
import { closedPort } from "./helpers/pages-server";

// What the service does without an edge to talk to. Everything it does with one (claims, heartbeats,
// uploads, cancel, lease loss, drain, health while rendering, metrics, the disk floor) is proven against
// the real edge in tests/integration/render-node-service.test.ts.

const RENDER_NODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAIN = path.join(RENDER_NODE, "src", "main.ts");
/** As `npm start` runs it: one node process with the tsx loader (no wrapper process relaying signals). */
const NODE_MAIN = ["--import", "tsx", MAIN];

let tmp: string;
let binaries: Binaries;
/** An edge URL where nothing listens. */
let unreachableEdge: string;
const nodes: RenderNode[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-service-test-"));
  binaries = await resolveBinaries();
  unreachableEdge = `http://127.0.0.1:${await closedPort()}`;
});

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.stop({ drainTimeoutMs: 0 })));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

let nodeCount = 0;
async function startNode(overrides: Partial<RenderNodeConfigInput> = {}): Promise<RenderNode> {
  nodeCount += 1;
  const node = await startRenderNode(
    {
      edgeUrl: unreachableEdge,
      nodeToken: "nd_unused",
      port: 0,
      workDir: path.join(tmp, `work-${nodeCount}`),
      pollIdleMs: 100,
      minFreeDiskMb: 1,
      ...overrides,
    },
    { logger: silentLogger, binaries },
  );
  nodes.push(node);
  return node;
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("render node service without an edge", () => {
  it("answers 503 when the edge has not been reached for too long", async () => {
    const node = await startNode({ healthStaleMs: 1000 });
    const health = await waitFor(
      "/health to answer 503",
      async () => {
        const h = await getJson(`${node.url}/health`);
        return h.status === 503 ? h : undefined;
      },
      8_000,
      50,
    );
    expect(health.body).toMatchObject({ status: "stale", lastPollAt: null, jobs: [] });
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
          EDGE_URL: unreachableEdge,
          NODE_TOKEN: "nd_unused",
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
