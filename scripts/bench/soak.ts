/**
 * Soak and chaos: the whole local stack (PostgreSQL, `wrangler dev`, three render nodes behind a proxy
 * that can fail the edge) renders a campaign of short videos while faults are injected on a schedule:
 * a node SIGKILLed mid-render (its whole process group, as systemd's KillMode=control-group would), the
 * edge answering 503 for 30 s, a restart of `wrangler dev`, a restart of PostgreSQL, and a node whose
 * disk is below its floor. Prints one JSON line: renders done exactly once, lost, rendered twice, the
 * most renders ever running against the cap, work folders and Chromium processes left, node memory
 * growth and the time to drain the queue.
 *
 *   npm run bench:soak   # SOAK_RENDERS (200), SOAK_VIDEO_S (5), SOAK_MAX_S (900), SOAK_LEASE_MS (the Worker's)
 *
 * Not part of `npm test`: it takes up to 15 minutes of both cores.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import { runMigrations } from "@loom-lite/schema/migrate";
import { createApiClient } from "@loom-lite/testkit/api-client";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort, type RunningPostgres, startPostgres } from "@loom-lite/testkit/postgres";
import {
  auditRenderEvents,
  doneCounts,
  RENDER_EVENTS_SQL,
  type RenderEventRow,
} from "@loom-lite/testkit/render-audit";
import { type RunningRenderNode, startRenderNode } from "@loom-lite/testkit/render-node";
import { serveStatic } from "@loom-lite/testkit/static-server";
import { type RunningWrangler, type StartWranglerOptions, startWrangler } from "@loom-lite/testkit/wrangler";
import cliProgress from "cli-progress";
import pg from "pg";
import { startEdgeFaultProxy } from "./soak/edge-fault-proxy";
import { chromiumProcessesOf, residentBytes } from "./soak/processes";

const RENDERS = Number(process.env.SOAK_RENDERS ?? 200);
const VIDEO_S = Number(process.env.SOAK_VIDEO_S ?? 5);
const MAX_S = Number(process.env.SOAK_MAX_S ?? 900);
/** The Worker's LEASE_TTL_MS unless set: a fault shorter than the lease must not cost an attempt. */
const LEASE_MS = process.env.SOAK_LEASE_MS;
const NODE_NAMES = ["node-a", "node-b", "node-c"] as const;
const CAP = NODE_NAMES.length;
const FIXTURES = fromRoot("..", "shared", "fixtures", "sites");
const SITES = ["sticky-header", "long-article", "cookie-banner", "lazy-images"];
const FINAL: readonly string[] = FINAL_RENDER_STATES;
const log = (msg: string) => process.stderr.write(`\n[bench:soak] ${msg}\n`);

interface NodeSlot {
  name: string;
  id: string;
  token: string;
  workDir: string;
  running: RunningRenderNode;
  /** Resident memory of this node's current process: first and last reading, and the most seen. */
  memory: { first?: number; last?: number; max: number; restarts: number };
}

interface FaultRecord {
  fault: string;
  atS: number;
  tookS: number;
  detail: Record<string, unknown>;
}

async function main() {
  const dataDir = fromRoot(".data", `bench-soak-${process.pid}`);
  const pgPort = await freePort();
  const startDb = () =>
    startPostgres({ dataDir: `${dataDir}/postgres`, port: pgPort, database: "loom_soak" });
  let database: RunningPostgres = await startDb();
  const sites = await serveStatic(FIXTURES);
  const adminToken = randomBytes(24).toString("hex");
  const wranglerOptions: StartWranglerOptions = {
    port: await freePort(),
    databaseUrl: database.url,
    persistTo: `${dataDir}/wrangler`,
    quiet: true,
    cronIntervalMs: 15_000,
    // Errors and warnings only: the cron's info lines every 15 s would bury the progress.
    log: (line) => {
      if (!line.includes('"level":"info"')) process.stderr.write(`[wrangler] ${line}\n`);
    },
    vars: {
      BETTER_AUTH_SECRET: randomBytes(24).toString("hex"),
      ADMIN_TOKEN: adminToken,
      ...(LEASE_MS ? { LEASE_TTL_MS: LEASE_MS } : {}),
    },
  };
  let wrangler: RunningWrangler | undefined;
  const nodes: NodeSlot[] = [];
  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  // A restart of PostgreSQL breaks the pool's idle connections; the next query opens a new one.
  db.on("error", () => {});
  const proxy = await startEdgeFaultProxy({ port: wranglerOptions.port });
  try {
    if (process.env.DATABASE_URL)
      throw new Error("bench:soak restarts its own PostgreSQL: unset DATABASE_URL");
    await runMigrations(database.url);
    wrangler = await startWrangler(wranglerOptions);
    const api = createApiClient(wrangler.url);
    await api.signUp({
      name: "Soak Rep",
      email: `soak-${randomBytes(4).toString("hex")}@example.test`,
      password: "soak-password-123",
    });
    const me = await api.me();
    const facecamPath = `${dataDir}/facecam.mp4`;
    await makeFacecam(facecamPath, VIDEO_S, { width: 320, height: 240 });
    const facecam = await api.uploadAsset(facecamPath, { kind: "facecam", contentType: "video/mp4" });
    const campaign = await api.createCampaign({
      name: "Soak",
      spec: { facecam: facecam.id, scenes: [{ url: "{{website}}", seconds: VIDEO_S }] },
    });
    for (let start = 0; start < RENDERS; start += 500) {
      await api.addLeads(
        campaign.id,
        Array.from({ length: Math.min(500, RENDERS - start) }, (_, j) => ({
          fields: {
            first_name: `Lead${start + j}`,
            website: `${sites.url}/${SITES[(start + j) % SITES.length]}/?lead=${start + j}`,
          },
        })),
      );
    }
    await db.query("UPDATE workspaces SET render_concurrency = $1 WHERE id = $2", [CAP, me.workspace.id]);
    await api.setGlobalRenderCap(CAP, adminToken);

    const startNode = async (slot: Omit<NodeSlot, "running" | "memory">, env: Record<string, string> = {}) =>
      startRenderNode({
        name: slot.name,
        edgeUrl: proxy.url,
        token: slot.token,
        port: await freePort(),
        log: () => {},
        env: {
          SLOTS: "1",
          WORK_DIR: slot.workDir,
          RENDER_ALLOW_HOSTS: "127.0.0.1",
          POLL_IDLE_MS: "500",
          MIN_FREE_DISK_MB: "64",
          DRAIN_TIMEOUT_MS: "60000",
          ...env,
        },
      });
    for (const name of NODE_NAMES) {
      const created = await api.createNode({ name, capacity: 1 }, adminToken);
      const slot = { name, id: created.id, token: created.token, workDir: `${dataDir}/${name}` };
      nodes.push({ ...slot, running: await startNode(slot), memory: { max: 0, restarts: 0 } });
    }
    const restartNode = async (slot: NodeSlot, env?: Record<string, string>) => {
      slot.running = await startNode(slot, env);
      slot.memory = { max: 0, restarts: slot.memory.restarts + 1 };
    };

    log(
      `${RENDERS} renders of ${VIDEO_S} s, ${nodes.length} nodes of one slot, cap ${CAP}; faults on a schedule`,
    );
    const started = Date.now();
    const renderIds = (await api.enqueueRenders(campaign.id)).map((r) => r.id);
    const atS = () => Math.round((Date.now() - started) / 100) / 10;
    const faults: FaultRecord[] = [];
    const inject = async (fault: string, run: () => Promise<Record<string, unknown>>) => {
      const at = atS();
      log(`fault: ${fault}`);
      const detail = await run();
      faults.push({ fault, atS: at, tookS: Math.round((atS() - at) * 10) / 10, detail });
    };

    let finished = false;
    // Ctrl-C ends the run early: the faults stop, the nodes drain, and what was measured is printed.
    let interrupted = false;
    process.once("SIGINT", () => {
      interrupted = true;
      log("interrupted: stopping the faults and the nodes, then printing what was measured");
    });
    const schedule = (async () => {
      const pause = async (s: number) => {
        for (let i = 0; i < s * 4 && !finished && !interrupted; i++) await sleep(250);
        return !finished && !interrupted;
      };
      if (!(await pause(30))) return;
      await inject("kill -9 a node mid-render", async () => {
        const busy = await waitForBusyNode(nodes, 60_000);
        if (!busy) return { skipped: "no node was rendering" };
        const { slot, renderId } = busy;
        process.kill(-slot.running.process.pid, "SIGKILL");
        await slot.running.process.exited;
        // Chromium runs in a process group of its own; it ends when its pipe to the dead node closes.
        const gone = await waitUntil(() => chromiumProcessesOf([renderId]).length === 0, 15_000);
        await sleep(5000);
        await restartNode(slot);
        return { node: slot.name, renderId, chromiumGoneWithin15s: gone };
      });
      if (!(await pause(20))) return;
      await inject("edge answers 503 for 30 s", async () => {
        const before = proxy.refused;
        proxy.failUntil(Date.now() + 30_000);
        await sleep(30_000);
        return { refused: proxy.refused - before };
      });
      if (!(await pause(20))) return;
      await inject("restart wrangler dev", async () => {
        await wrangler?.stop();
        wrangler = await startWrangler(wranglerOptions);
        return {};
      });
      if (!(await pause(20))) return;
      await inject("restart PostgreSQL", async () => {
        await database.stop();
        database = await startDb();
        return {};
      });
      if (!(await pause(20))) return;
      await inject("a node's disk below its floor for 45 s", async () => {
        const slot = nodes[2] as NodeSlot;
        await slot.running.stop();
        const from = new Date();
        // A floor far above any disk's free space: the node must claim nothing while it holds.
        await restartNode(slot, { MIN_FREE_DISK_MB: String(1024 * 1024 * 1024) });
        await sleep(45_000);
        const health = (await (await fetch(`${slot.running.url}/health`)).json()) as {
          status: string;
          disk: { pollsSkipped: number };
        };
        const claims = await db.query<{ n: number }>(
          "select count(*)::int as n from render_events where kind = 'claimed' and node_id = $1 and at >= $2",
          [slot.id, from],
        );
        await slot.running.stop();
        await restartNode(slot);
        return {
          status: health.status,
          pollsSkipped: health.disk.pollsSkipped,
          claims: claims.rows[0]?.n ?? -1,
        };
      });
    })();

    const bar = new cliProgress.SingleBar(
      {
        format: " soak |{bar}| {value}/{total} final · {running} running · {elapsed}s",
        stream: process.stderr,
        // Without a terminal (CI, a log file) a line every 15 s.
        noTTYOutput: true,
        notTTYSchedule: 15_000,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(renderIds.length, 0, { running: 0, elapsed: 0 });
    let drainedS: number | null = null;
    let lastMemoryAt = 0;
    while (Date.now() - started < MAX_S * 1000 && !interrupted) {
      await sleep(2000);
      const states = await db
        .query<{ state: string; n: number }>(
          "select state, count(*)::int as n from renders where id = any($1) group by state",
          [renderIds],
        )
        .catch(() => null);
      if (Date.now() - lastMemoryAt > 10_000) {
        lastMemoryAt = Date.now();
        await Promise.all(nodes.map(sampleMemory));
      }
      if (!states) continue; // PostgreSQL is restarting
      const final = states.rows.filter((r) => FINAL.includes(r.state)).reduce((n, r) => n + r.n, 0);
      const running = states.rows.filter((r) => !FINAL.includes(r.state) && r.state !== "queued");
      bar.update(final, { running: running.reduce((n, r) => n + r.n, 0), elapsed: Math.round(atS()) });
      if (final === renderIds.length) {
        drainedS = atS();
        break;
      }
    }
    bar.stop();
    finished = true;
    await schedule;

    await Promise.all(nodes.map((n) => n.running.stop()));
    const events = (await db.query<RenderEventRow>(RENDER_EVENTS_SQL, [renderIds])).rows;
    const audit = auditRenderEvents(events);
    const done = doneCounts(events);
    const rows = (
      await db.query<{ id: string; state: string }>("select id, state from renders where id = any($1)", [
        renderIds,
      ])
    ).rows;
    const workFolders = nodes.flatMap((n) => leftoverFolders(n.workDir));
    console.log(
      JSON.stringify({
        bench: "soak",
        ...(interrupted ? { interrupted: true } : {}),
        renders: renderIds.length,
        videoSeconds: VIDEO_S,
        nodes: nodes.length,
        cap: CAP,
        leaseMs: LEASE_MS ? Number(LEASE_MS) : "LEASE_TTL_MS default",
        doneExactlyOnce: rows.filter((r) => r.state === "done" && done.get(r.id) === 1).length,
        // Ended without a video (failed or cancelled): what a fault cost for good.
        lost: rows.filter((r) => FINAL.includes(r.state) && r.state !== "done").length,
        // Still queued or running when the time ran out.
        unfinished: rows.filter((r) => !FINAL.includes(r.state)).length,
        renderedTwice: [...done.values()].filter((n) => n > 1).length,
        attempts: audit.intervals.length,
        maxRunning: audit.maxRunning,
        capHeld: audit.maxRunning <= CAP,
        workFoldersLeft: workFolders.length,
        chromiumLeft: chromiumProcessesOf(renderIds).length,
        nodeMemoryMb: Object.fromEntries(
          nodes.map((n) => [
            n.name,
            {
              restarts: n.memory.restarts,
              firstMb: mb(n.memory.first),
              lastMb: mb(n.memory.last),
              maxMb: mb(n.memory.max),
              growthMb: mb((n.memory.last ?? 0) - (n.memory.first ?? 0)),
            },
          ]),
        ),
        secondsToDrain: drainedS,
        faults,
      }),
    );
  } finally {
    await Promise.all(nodes.map((n) => n.running.stop().catch(() => {})));
    await proxy.close();
    await wrangler?.stop();
    await db.end().catch(() => {});
    await sites.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A node with a render in progress, and that render. */
async function waitForBusyNode(nodes: readonly NodeSlot[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const slot of nodes) {
      const health = await fetch(`${slot.running.url}/health`)
        .then((r) => r.json() as Promise<{ jobs: { renderId: string; stage: string }[] }>)
        .catch(() => null);
      const job = health?.jobs.find((j) => j.stage !== "claimed");
      if (job) return { slot, renderId: job.renderId };
    }
    await sleep(500);
  }
  return null;
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(250);
  }
  return check();
}

async function sampleMemory(slot: NodeSlot): Promise<void> {
  const bytes = await residentBytes(slot.running.url);
  if (bytes === null) return;
  slot.memory.first ??= bytes;
  slot.memory.last = bytes;
  slot.memory.max = Math.max(slot.memory.max, bytes);
}

/** Render folders a node left behind, apart from failed ones it keeps on purpose (marked `.failed`). */
function leftoverFolders(workDir: string): string[] {
  if (!existsSync(workDir)) return [];
  return readdirSync(workDir).filter(
    (name) => name.startsWith("rnd_") && !existsSync(path.join(workDir, name, ".failed")),
  );
}

const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 1024 / 1024));

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
