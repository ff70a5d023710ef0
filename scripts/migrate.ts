/**
 * `npm run migrate`: applies pending drizzle-kit migrations to DATABASE_URL, or to the local embedded
 * PostgreSQL under .data/postgres (the one `npm run dev` uses) when DATABASE_URL is unset.
 */
import { runMigrations } from "@loom-lite/schema/migrate";
import { fromRoot } from "@loom-lite/testkit/paths";
import { startPostgres } from "@loom-lite/testkit/postgres";

const LOCAL_PORT = 54329;

const postgres = await startPostgres({ dataDir: fromRoot(".data", "postgres"), port: LOCAL_PORT });
try {
  await runMigrations(postgres.url);
  console.log(`migrations applied to ${postgres.url.replace(/\/\/[^@]*@/, "//")}`);
} finally {
  await postgres.stop();
}
