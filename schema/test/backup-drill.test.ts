import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "@loom-lite/testkit/postgres";
import { execa, type ResultPromise } from "execa";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findPgTool, PgToolError } from "../../scripts/lib/pg-tools";
import { runMigrations } from "../src/migrate";

// The restore drill of `npm run db:backup` / `npm run db:restore`, run as an operator runs them: a
// migrated, seeded database is dumped, restored into a fresh database, and every table compared. The
// server is the one of the pg_dump the scripts pick (Debian's /usr/lib/postgresql/<n>/bin), so the
// client and the server agree on their version whatever the machine has.

const ROOT = resolve(__dirname, "../..");
const USER = "loom";
let bin: string;
let dir: string;
let port: number;
let server: ResultPromise | undefined;
const url = (db: string) => `postgres://${USER}@127.0.0.1:${port}/${db}`;

function newestDebianBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
  const found = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(base, v, "bin"))
    .find((d) => ["pg_dump", "pg_restore", "initdb", "postgres"].every((t) => existsSync(join(d, t))));
  if (!found)
    throw new Error(
      "no PostgreSQL server and client under /usr/lib/postgresql (scripts/install-system-deps.sh installs them)",
    );
  return found;
}

async function asPostgresUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all(
    ["-u", "-g"].map(async (f) => Number((await execa("id", [f, "postgres"])).stdout)),
  );
  return { uid, gid };
}

async function sql(db: string, text: string) {
  const client = new pg.Client({ connectionString: url(db) });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  bin = newestDebianBin();
  dir = mkdtempSync(join(tmpdir(), "loom-backup-drill-"));
  chmodSync(dir, 0o777);
  const owner = await asPostgresUser();
  if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid ?? owner.uid);
  const data = join(dir, "data");
  await execa(
    join(bin, "initdb"),
    ["-D", data, "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C"],
    owner,
  );
  port = await freePort();
  server = execa(
    join(bin, "postgres"),
    ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"],
    {
      ...owner,
      reject: false,
    },
  );
  for (let i = 0; ; i++) {
    try {
      await sql("postgres", "select 1");
      break;
    } catch (error) {
      if (i > 300) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await sql("postgres", "create database loom_seeded");
  await sql("postgres", "create database loom_restored");
  await runMigrations(url("loom_seeded"));
}, 120_000);

afterAll(async () => {
  server?.kill("SIGINT");
  await server;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (script: string, args: string[], db: string) =>
  execa(process.execPath, ["--import", "tsx", join(ROOT, "scripts", script), ...args], {
    cwd: ROOT,
    env: { DATABASE_URL: url(db), PG_BIN_DIR: bin },
    reject: false,
  });

it("dumps a seeded database and restores it into a fresh one with the same rows in every table", async () => {
  await sql(
    "loom_seeded",
    `insert into workspaces (id, name, slug) values ('ws_drill', 'Drill é ✓', 'drill');
     insert into render_nodes (id, name, token_hash, token_prefix) values ('nd_drill', 'vm-drill', 'h', 'p');`,
  );
  const backup = await run("db-backup.ts", [join(dir, "backups")], "loom_seeded");
  expect(backup.exitCode, backup.stderr).toBe(0);
  const file = /backup written: (\S+)/.exec(backup.stdout)?.[1] as string;
  expect(file).toMatch(/loom-lite-loom_seeded-\d{8}T\d{6}Z\.dump$/);

  const restored = await run("db-restore.ts", [file], "loom_restored");
  expect(restored.exitCode, restored.stderr).toBe(0);

  const tables = (await sql(
    "loom_seeded",
    "select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog','information_schema') order by 1, 2",
  )) as Array<{ schemaname: string; tablename: string }>;
  expect(tables.length).toBeGreaterThan(10);
  for (const { schemaname, tablename } of tables) {
    const q = `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h, count(*) as n from "${schemaname}"."${tablename}" t`;
    const [a] = await sql("loom_seeded", q);
    const [b] = await sql("loom_restored", q);
    expect(b, `${schemaname}.${tablename}`).toEqual(a);
  }
  expect(await sql("loom_restored", "select name from workspaces where id = 'ws_drill'")).toEqual([
    { name: "Drill é ✓" },
  ]);

  // A second restore into the now-filled database is refused, naming why, and changes nothing.
  const again = await run("db-restore.ts", [file], "loom_restored");
  expect(again.exitCode).toBe(1);
  expect(again.stderr).toContain("restore into a fresh database");
}, 60_000);

it("names the versions it found when no pg_dump is as new as the server", async () => {
  const error = await findPgTool("pg_dump", 99).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PgToolError);
  expect((error as Error).message).toMatch(
    /PostgreSQL 99, and pg_dump must be at least that version; found only .*pg_dump \(\d+\)/,
  );
  expect((error as Error).message).toContain("postgresql-client-99");
});
