/**
 * `npm run db:restore -- <file>`: restores a `db:backup` dump into DATABASE_URL, which must be a fresh,
 * empty database (create one first; restoring over live tables would mix two states). One transaction:
 * a restore that fails leaves the database empty.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import {
  databaseUrlFromEnv,
  findPgTool,
  PgToolError,
  redact,
  serverMajor,
  userTableCount,
} from "./lib/pg-tools";

async function restore(url: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new PgToolError(`No backup file at ${file}.`);
  const pgRestore = await findPgTool("pg_restore", await serverMajor(url));
  const tables = await userTableCount(url);
  if (tables > 0) {
    throw new PgToolError(
      `${redact(url)} already has ${tables} tables: restore into a fresh database (e.g. createdb loom_restored, then DATABASE_URL=…/loom_restored).`,
    );
  }
  const run = await execa(
    pgRestore.path,
    ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${url}`, file],
    { reject: false },
  );
  if (run.exitCode !== 0) {
    throw new PgToolError(
      `pg_restore of ${file} into ${redact(url)} failed (exit ${run.exitCode}):\n${run.stderr}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  try {
    if (!file) throw new PgToolError("Usage: npm run db:restore -- <backup file>");
    await restore(databaseUrlFromEnv(), path.resolve(file));
    console.log(`restored ${file} into ${redact(databaseUrlFromEnv())}`);
  } catch (error) {
    console.error(`db:restore: ${error instanceof PgToolError ? error.message : String(error)}`);
    process.exit(1);
  }
}
