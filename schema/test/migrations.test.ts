import { rmSync } from "node:fs";
import { type RunningPostgres, startPostgres } from "@loom-lite/testkit/postgres";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runMigrations } from "../src/migrate";

let server: RunningPostgres;
const dataDir = "../.data/test-postgres-schema";

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  server = await startPostgres({ dataDir, database: "loom_schema_test" });
}, 60_000);
afterAll(() => server?.stop());

it("applies every migration to an empty database, and again as a no-op", async () => {
  await runMigrations(server.url);
  await runMigrations(server.url);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' order by 1",
  );
  await client.end();
  expect(rows.map((r) => r.table_name)).toEqual(
    expect.arrayContaining([
      "workspaces",
      "campaigns",
      "leads",
      "renders",
      "render_events",
      "render_nodes",
      "user",
    ]),
  );
});
