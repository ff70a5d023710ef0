import { rmSync } from "node:fs";
import { runMigrations } from "@loom-lite/schema/migrate";
import { startPostgres } from "@loom-lite/testkit/postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** A fresh, real PostgreSQL for the Worker tests; the Worker reaches it over TCP like in production. */
export default async function setup(project: TestProject) {
  // One folder per run, so two suites started at once (two terminals, CI steps) do not collide.
  const dataDir = `../.data/test-postgres-edge-${process.pid}`;
  const pg = await startPostgres({ dataDir, database: "loom_edge_test" });
  await runMigrations(pg.url);
  project.provide("databaseUrl", pg.url);
  return async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
