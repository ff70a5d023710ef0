import { rmSync } from "node:fs";
import path from "node:path";
import { runMigrations } from "@loom-lite/schema/migrate";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort, startPostgres } from "@loom-lite/testkit/postgres";
import { serveStatic } from "@loom-lite/testkit/static-server";
import { startWrangler } from "@loom-lite/testkit/wrangler";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    edgeUrl: string;
    databaseUrl: string;
    adminToken: string;
    pagesUrl: string;
    facecams: Record<"short" | "long", { path: string; seconds: number }>;
    scratchDir: string;
  }
}

export interface StackOptions {
  /** Names the scratch folder (`.data/test-<name>`) and the database. */
  name: string;
  /** Lengths of the short and the long facecam the suites upload. */
  facecamSeconds: { short: number; long: number };
  /** Worker variables besides the admin token, the auth secret and the lease TTL. */
  vars?: Record<string, string>;
  leaseTtlMs: number;
  /** The Worker's port, when a fake must know it before the stack starts (the fake Stripe's webhooks). */
  port?: number;
}

/**
 * One real stack for a group of suites: PostgreSQL with the migrations applied, the Worker under
 * `wrangler dev` (workerd, local R2 and Durable Objects), a static server for the lead websites and two
 * facecams. Provides what the suites inject and returns the teardown.
 */
export async function startStack(project: TestProject, options: StackOptions): Promise<() => Promise<void>> {
  const scratchDir = fromRoot(".data", `test-${options.name}`);
  rmSync(scratchDir, { recursive: true, force: true });

  const facecam = (seconds: number) => ({ path: path.join(scratchDir, `facecam-${seconds}s.mp4`), seconds });
  const facecams = {
    short: facecam(options.facecamSeconds.short),
    long: facecam(options.facecamSeconds.long),
  };
  // ffmpeg writes the facecams while PostgreSQL and the Worker start: neither waits for the other.
  const makingFacecams = Promise.all(Object.values(facecams).map((f) => makeFacecam(f.path, f.seconds)));
  // Its failure surfaces where it is awaited, once the Worker is up; until then it is no unhandled rejection.
  makingFacecams.catch(() => {});

  const postgres = await startPostgres({
    dataDir: path.join(scratchDir, "postgres"),
    database: `loom_${options.name.replace(/\W/g, "_")}`,
  });
  await runMigrations(postgres.url);

  const adminToken = `${options.name}-admin-token-0123456789abcdef`;
  const wrangler = await startWrangler({
    port: options.port ?? (await freePort()),
    databaseUrl: postgres.url,
    persistTo: path.join(scratchDir, "wrangler"),
    quiet: true,
    // The cron the dev stack runs, at the production interval: suites see what a deployment does.
    cronIntervalMs: 60_000,
    vars: {
      ADMIN_TOKEN: adminToken,
      BETTER_AUTH_SECRET: `${options.name}-secret-${options.name}-secret-0123456789`,
      LEASE_TTL_MS: String(options.leaseTtlMs),
      // The suites sign up, import and beacon far more from one address than a person would; the
      // limits themselves are tested in edge/test/rate-limits.test.ts.
      RATE_LIMITS: "*=100000/1m",
      ...options.vars,
    },
  });
  const pages = await serveStatic(path.join(import.meta.dirname, "..", "pages"));
  await makingFacecams;

  project.provide("edgeUrl", wrangler.url);
  project.provide("databaseUrl", postgres.url);
  project.provide("adminToken", adminToken);
  project.provide("pagesUrl", pages.url);
  project.provide("facecams", facecams);
  project.provide("scratchDir", scratchDir);

  return async () => {
    await pages.stop();
    await wrangler.stop();
    await postgres.stop();
  };
}
