import { rmSync } from "node:fs";
import { runMigrations } from "@loom-lite/schema/migrate";
import type { TestProject } from "vitest/node";
import { startPostgres } from "../../scripts/lib/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** A fresh, real PostgreSQL for the Worker tests; the Worker reaches it over TCP like in production. */
export default async function setup(project: TestProject) {
  const dataDir = "../.data/test-postgres-edge";
  if (!process.env.DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  const pg = await startPostgres({ dataDir, database: "loom_edge_test" });
  await runMigrations(pg.url);
  project.provide("databaseUrl", pg.url);
  return () => pg.stop();
}
