/**
 * Site-check benchmark: how fast one render node fills a big campaign's contact sheet. PostgreSQL + the
 * edge under `wrangler dev`, the shared fixture sites on a local static server, a campaign of 1,000 leads
 * (their websites cycle through the fixtures), "Check sites" through the API, and one render node
 * process; prints one JSON line with the time from the request to the 50th first frame (and to the
 * 10th), frames per minute over the run.
 *
 *   npm run bench:site-checks    # BENCH_LEADS, BENCH_FRAMES (50), BENCH_SLOTS (4), BENCH_TIMEOUT_S (600)
 *
 * BENCH_NODE_LOG=<file> keeps the render node's JSON log there (claims, checks, their times).
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { runMigrations } from "@loom-lite/schema/migrate";
import { createApiClient } from "@loom-lite/testkit/api-client";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort, startPostgres } from "@loom-lite/testkit/postgres";
import { startRenderNode } from "@loom-lite/testkit/render-node";
import { serveStatic } from "@loom-lite/testkit/static-server";
import { startWrangler } from "@loom-lite/testkit/wrangler";
import pg from "pg";

const LEADS = Number(process.env.BENCH_LEADS ?? 1000);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 50);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 4);
/** Gives up (and prints what it got) after this long. */
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const NODE_LOG = process.env.BENCH_NODE_LOG;
const FIXTURES = process.env.BENCH_FIXTURES ?? fromRoot("..", "shared", "fixtures", "sites");
const SITES = [
  "sticky-header",
  "lazy-images",
  "cookie-banner",
  "long-article",
  "animated",
  "lazy-widget",
  "bot-wall",
];
const log = (msg: string) => process.stderr.write(`[bench:site-checks] ${msg}\n`);

async function main() {
  const dataDir = fromRoot(".data", `bench-site-checks-${process.pid}`);
  const pgServer = await startPostgres({ dataDir: `${dataDir}/postgres`, database: "loom_bench" });
  const sites = await serveStatic(FIXTURES);
  const adminToken = randomBytes(24).toString("hex");
  let wrangler: Awaited<ReturnType<typeof startWrangler>> | undefined;
  let node: Awaited<ReturnType<typeof startRenderNode>> | undefined;
  const db = new pg.Client({ connectionString: pgServer.url });
  try {
    await runMigrations(pgServer.url);
    const port = await freePort();
    log(`starting wrangler dev on 127.0.0.1:${port}`);
    wrangler = await startWrangler({
      port,
      databaseUrl: pgServer.url,
      persistTo: `${dataDir}/wrangler`,
      quiet: true,
      log: (line) => process.stderr.write(`[wrangler] ${line}\n`),
      vars: { BETTER_AUTH_SECRET: randomBytes(24).toString("hex"), ADMIN_TOKEN: adminToken },
    });
    const api = createApiClient(wrangler.url);
    const email = `bench-${randomBytes(4).toString("hex")}@example.test`;
    await api.signUp({ name: "Bench Rep", email, password: "bench-password-123" });
    const me = await api.me();
    const facecamPath = `${dataDir}/facecam.mp4`;
    await makeFacecam(facecamPath, 2, { width: 320, height: 240 });
    const facecam = await api.uploadAsset(facecamPath, { kind: "facecam", contentType: "video/mp4" });
    const campaign = await api.createCampaign({
      name: "Site-check bench",
      spec: { facecam: facecam.id, scenes: [{ url: "{{website}}", seconds: 5 }] },
    });
    for (let start = 0; start < LEADS; start += 500) {
      const batch = Array.from({ length: Math.min(500, LEADS - start) }, (_, j) => {
        const i = start + j;
        return {
          fields: { first_name: `Lead${i}`, website: `${sites.url}/${SITES[i % SITES.length]}/?lead=${i}` },
        };
      });
      await api.addLeads(campaign.id, batch);
    }
    await db.connect();
    // The node's slots are the limit being measured, not the platform's or the plan's caps.
    await db.query("UPDATE workspaces SET render_concurrency = $1 WHERE id = $2", [SLOTS, me.workspace.id]);
    await api.setGlobalRenderCap(Math.max(SLOTS, 4), adminToken);
    const nodeToken = (await api.createNode({ name: "bench-node", capacity: SLOTS }, adminToken)).token;
    node = await startRenderNode({
      name: "render-node",
      edgeUrl: wrangler.url,
      token: nodeToken,
      port: await freePort(),
      log: NODE_LOG ? (line) => appendFileSync(NODE_LOG, `${line}\n`) : () => {},
      env: {
        SLOTS: String(SLOTS),
        WORK_DIR: `${dataDir}/node`,
        RENDER_ALLOW_HOSTS: "127.0.0.1",
        POLL_IDLE_MS: "200",
        MIN_FREE_DISK_MB: "64",
      },
    });
    log(`${LEADS} leads; one node with ${SLOTS} slots; checking sites`);
    const started = Date.now();
    const queued = await api.checkSites(campaign.id);
    const marks: Record<number, number> = {};
    const wanted = [10, FRAMES, 100]
      .filter((n, i, all) => n <= LEADS && all.indexOf(n) === i)
      .sort((a, b) => a - b);
    const last = wanted[wanted.length - 1] ?? FRAMES;
    let done = 0;
    const deadline = started + TIMEOUT_S * 1000;
    while (done < last && Date.now() < deadline) {
      await sleep(250);
      const { rows } = await db.query<{ n: number; verdicts: Record<string, number> | null }>(
        `SELECT count(*)::int AS n FROM renders
         WHERE campaign_id = $1 AND kind = 'preflight' AND state = 'done' AND artifacts ? 'first-frame.jpg'`,
        [campaign.id],
      );
      done = rows[0]?.n ?? 0;
      for (const n of wanted)
        if (done >= n && marks[n] === undefined) marks[n] = (Date.now() - started) / 1000;
    }
    const { rows: verdicts } = await db.query<{ verdict: string; n: number }>(
      `SELECT preflight->>'verdict' AS verdict, count(*)::int AS n FROM renders
       WHERE campaign_id = $1 AND kind = 'preflight' AND state = 'done' GROUP BY 1`,
      [campaign.id],
    );
    const elapsed = (Date.now() - started) / 1000;
    console.log(
      JSON.stringify({
        bench: "site-checks",
        leads: LEADS,
        queued: queued.queued,
        slots: SLOTS,
        [`secondsTo${FRAMES}Frames`]: marks[FRAMES] ?? null,
        secondsToFrames: marks,
        framesPerMinute: Math.round((done / elapsed) * 60 * 10) / 10,
        verdicts: Object.fromEntries(verdicts.map((v) => [v.verdict, v.n])),
        withinAMinute: marks[FRAMES] !== undefined && marks[FRAMES] <= 60,
      }),
    );
  } finally {
    await db.end().catch(() => {});
    await node?.stop();
    await wrangler?.stop();
    await sites.stop();
    await pgServer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
