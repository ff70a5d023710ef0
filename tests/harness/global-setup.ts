import { rmSync } from "node:fs";
import path from "node:path";
import { runMigrations } from "@loom-lite/schema/migrate";
import type { TestProject } from "vitest/node";
import { makeFacecam } from "../../scripts/lib/facecam";
import { fromRoot } from "../../scripts/lib/paths";
import { freePort, startPostgres } from "../../scripts/lib/postgres";
import { serveStatic } from "../../scripts/lib/static-server";
import { startWrangler } from "../../scripts/lib/wrangler";

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

/** Lease expiry in the integration stack: short, so the kill -9 test does not wait 30 s. */
export const LEASE_TTL_MS = 8000;

/**
 * One real stack for every integration suite: PostgreSQL, the Worker under `wrangler dev` (workerd,
 * local R2 and Durable Objects) and a static server for the lead websites. Render nodes are started by
 * each suite, as separate processes, against this stack.
 */
export default async function setup(project: TestProject) {
  const scratchDir = fromRoot(".data", "test-integration");
  rmSync(scratchDir, { recursive: true, force: true });

  const postgres = await startPostgres({ dataDir: path.join(scratchDir, "postgres"), database: "loom_it" });
  await runMigrations(postgres.url);

  const adminToken = "integration-admin-token-0123456789";
  const wrangler = await startWrangler({
    port: await freePort(),
    databaseUrl: postgres.url,
    persistTo: path.join(scratchDir, "wrangler"),
    quiet: true,
    vars: {
      ADMIN_TOKEN: adminToken,
      BETTER_AUTH_SECRET: "integration-secret-integration-secret",
      LEASE_TTL_MS: String(LEASE_TTL_MS),
      RETRY_BASE_MS: "500",
    },
  });
  const pages = await serveStatic(path.join(import.meta.dirname, "..", "pages"));

  const facecams = {
    short: { path: path.join(scratchDir, "facecam-2s.mp4"), seconds: 2 },
    long: { path: path.join(scratchDir, "facecam-12s.mp4"), seconds: 12 },
  };
  for (const f of Object.values(facecams)) await makeFacecam(f.path, f.seconds);

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
