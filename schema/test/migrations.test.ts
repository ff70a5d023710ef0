import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningPostgres, startPostgres } from "@loom-lite/testkit/postgres";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, runMigrations } from "../src/migrate";

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

/** A copy of the migrations folder that stops before the migration tagged `tag`. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), "loom-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

it("maps the plans before billing to the plans sold now, and gives every workspace a billing row", async () => {
  const url = server.url.replace(/\/[^/]+$/, "/loom_schema_plans");
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("CREATE DATABASE loom_schema_plans");
  await admin.end();

  await runMigrations(url, migrationsBefore("0009_billing_plans"));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const [id, plan] of [
      ["w_free", "free"],
      ["w_pro", "pro"],
      ["w_agency", "agency"],
    ]) {
      await client.query("INSERT INTO workspaces (id, name, slug, plan) VALUES ($1, $1, $1, $2)", [id, plan]);
    }
    await runMigrations(url);
    const { rows } = await client.query<{ id: string; plan: string; billing: string | null }>(
      "SELECT w.id, w.plan, b.workspace_id AS billing FROM workspaces w LEFT JOIN workspace_billing b ON b.workspace_id = w.id ORDER BY w.id",
    );
    expect(rows).toEqual([
      { id: "w_agency", plan: "team", billing: "w_agency" },
      { id: "w_free", plan: "free", billing: "w_free" },
      { id: "w_pro", plan: "growth", billing: "w_pro" },
    ]);
    await expect(
      client.query("INSERT INTO workspaces (id, name, slug, plan) VALUES ('w_x', 'x', 'x', 'pro')"),
    ).rejects.toThrow(/workspaces_plan_known/);
    const fresh = await client.query<{ plan: string }>(
      "INSERT INTO workspaces (id, name, slug) VALUES ('w_new', 'new', 'new') RETURNING plan",
    );
    expect(fresh.rows[0]?.plan).toBe("trial");
  } finally {
    await client.end();
  }
});
