/**
 * Landing page benchmark: PostgreSQL + the edge under `wrangler dev`, one workspace with a lead whose
 * render is done, a warm cache, then autocannon in its own process (50 connections, 10 s) against
 * `http://127.0.0.1:<port>/<lead>` with `Host: <workspace>.localhost`. Prints one JSON line.
 *
 *   npm run bench:landing            # BENCH_CONNECTIONS / BENCH_SECONDS override the load
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { get } from "node:http";
import { promisify } from "node:util";
import { runMigrations } from "@loom-lite/schema/migrate";
import { createApiClient } from "@loom-lite/testkit/api-client";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort, startPostgres } from "@loom-lite/testkit/postgres";
import { startWrangler } from "@loom-lite/testkit/wrangler";
import pg from "pg";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const log = (msg: string) => process.stderr.write(`[bench:landing] ${msg}\n`);

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
}

/** fetch() will not send a Host header of our choosing; node:http will. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}

async function seed(baseUrl: string, databaseUrl: string, dataDir: string) {
  const client = createApiClient(baseUrl);
  const email = `bench-${randomBytes(4).toString("hex")}@example.test`;
  await client.signUp({ name: "Bench Rep", email, password: "bench-password-123" });
  const me = await client.me();
  // Uploads are checked by content, so the campaign needs a real (small) video.
  const facecamPath = `${dataDir}/facecam.mp4`;
  await makeFacecam(facecamPath, 2, { width: 320, height: 240 });
  const facecam = await client.uploadAsset(facecamPath, { kind: "facecam", contentType: "video/mp4" });
  const campaign = await client.createCampaign({
    name: "Landing bench",
    spec: { facecam: facecam.id, scenes: [{ url: "{{website}}", seconds: 5 }] },
    landing: {
      headline: "Hi {{first_name}}, I made this for {{company|your team}}",
      message: "Two minutes on what I noticed at {{website}}.",
      ctaLabel: "Book a call",
      ctaUrl: "https://cal.example.com/rep",
      calendarUrl: "https://calendly.com/rep/intro",
    },
  });
  const [lead] = await client.addLeads(campaign.id, [
    { fields: { first_name: "Ada", company: "Analytical Engines", website: "https://example.com" } },
  ]);
  if (!lead) throw new Error("no lead was created");
  // The render as a node leaves it (its media is not fetched by the benchmark).
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const prefix = `ws/${me.workspace.id}/renders/rnd_bench`;
  await db.query(
    `INSERT INTO renders (id, workspace_id, campaign_id, lead_id, state, progress, artifacts)
     VALUES ('rnd_bench', $1, $2, $3, 'done', 1, $4)`,
    [
      me.workspace.id,
      campaign.id,
      lead.id,
      JSON.stringify({ "video.mp4": `${prefix}/video.mp4`, "poster.jpg": `${prefix}/poster.jpg` }),
    ],
  );
  await db.end();
  return { workspaceSlug: me.workspace.slug, leadSlug: lead.slug };
}

/** autocannon in its own process, so the load generator shares no event loop with anything here. */
async function autocannon(url: string, host: string): Promise<AutocannonResult> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      fromRoot("node_modules", "autocannon", "autocannon.js"),
      "--json",
      "-c",
      String(CONNECTIONS),
      "-d",
      String(SECONDS),
      "-H",
      `host=${host}`,
      url,
    ],
    { maxBuffer: 64 * 1024 * 1024, timeout: (SECONDS + 60) * 1000 },
  );
  return JSON.parse(stdout) as AutocannonResult;
}

async function main() {
  const dataDir = fromRoot(".data", `bench-landing-${process.pid}`);
  const pgServer = await startPostgres({ dataDir: `${dataDir}/postgres`, database: "loom_bench" });
  let wrangler: Awaited<ReturnType<typeof startWrangler>> | undefined;
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
      vars: {
        BETTER_AUTH_SECRET: randomBytes(24).toString("hex"),
        ADMIN_TOKEN: randomBytes(24).toString("hex"),
      },
    });
    const { workspaceSlug, leadSlug } = await seed(wrangler.url, pgServer.url, dataDir);
    const host = `${workspaceSlug}.localhost:${port}`;
    const url = `${wrangler.url}/${leadSlug}`;

    for (let i = 0; i < 20; i++) {
      const res = await getWithHost(url, host);
      if (res.status !== 200 || !res.body.includes("Hi Ada")) {
        throw new Error(`warm-up: ${res.status} ${res.body.slice(0, 200)}`);
      }
    }
    log(`warm; ${CONNECTIONS} connections for ${SECONDS} s against ${url} (Host: ${host})`);

    const landing = await autocannon(url, host);
    // For comparison, the same load on /api/health, which makes one database query (on a new
    // connection, as every Worker request does): what each view would cost without the cache.
    const dbQuery = await autocannon(`${wrangler.url}/api/health`, `127.0.0.1:${port}`);
    console.log(
      JSON.stringify({
        bench: "landing",
        connections: CONNECTIONS,
        seconds: SECONDS,
        p50Ms: landing.latency.p50,
        p99Ms: landing.latency.p99,
        avgMs: landing.latency.average,
        maxMs: landing.latency.max,
        requestsPerSec: landing.requests.average,
        requests: landing.requests.total,
        ok2xx: landing["2xx"],
        non2xx: landing.non2xx,
        errors: landing.errors,
        timeouts: landing.timeouts,
        healthWithDbQuery: {
          p50Ms: dbQuery.latency.p50,
          p99Ms: dbQuery.latency.p99,
          requestsPerSec: dbQuery.requests.average,
          non2xx: dbQuery.non2xx,
        },
      }),
    );
  } finally {
    await wrangler?.stop();
    await pgServer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
