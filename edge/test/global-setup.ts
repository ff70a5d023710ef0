import { rmSync } from "node:fs";
import { runMigrations } from "@loom-lite/schema/migrate";
import { startPostgres } from "@loom-lite/testkit/postgres";
import { startWsProxy } from "@loom-lite/testkit/ws-proxy";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** `neonConfig.wsProxy` for the same database: production's driver, over WebSocket (test/neon-driver.test.ts). */
    databaseWsProxy: string;
  }
}

/** A fresh, real PostgreSQL for the Worker tests; the Worker reaches it over TCP like in production. */
export default async function setup(project: TestProject) {
  // One folder per run, so two suites started at once (two terminals, CI steps) do not collide.
  const dataDir = `../.data/test-postgres-edge-${process.pid}`;
  const pg = await startPostgres({ dataDir, database: "loom_edge_test" });
  await runMigrations(pg.url);
  project.provide("databaseUrl", pg.url);
  const proxy = await startWsProxy({ databaseUrl: pg.url });
  project.provide("databaseWsProxy", proxy.wsProxy);
  return async () => {
    await proxy.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
