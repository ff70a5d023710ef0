/**
 * `npm run db:backup -- [folder]`: a pg_dump of DATABASE_URL in the custom format (compressed, restored
 * with `npm run db:restore`) to `<folder>/loom-lite-<database>-<UTC time>.dump` (folder: `backups`).
 * For self-hosted PostgreSQL; on Neon use its point-in-time restore (docs/operations.md).
 */
import { mkdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { databaseUrlFromEnv, findPgTool, PgToolError, redact, serverMajor } from "./lib/pg-tools";

async function backup(url: string, folder: string): Promise<string> {
  const pgDump = await findPgTool("pg_dump", await serverMajor(url));
  const database = new URL(url).pathname.slice(1) || "postgres";
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `loom-lite-${database}-${stamp}.dump`);
  // Written under another name first, so a dump cut short never looks like a backup.
  const partial = `${file}.partial`;
  const run = await execa(
    pgDump.path,
    ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${url}`],
    { reject: false },
  );
  if (run.exitCode !== 0) {
    throw new PgToolError(`pg_dump of ${redact(url)} failed (exit ${run.exitCode}):\n${run.stderr}`);
  }
  renameSync(partial, file);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const file = await backup(databaseUrlFromEnv(), path.resolve(process.argv[2] ?? "backups"));
    console.log(`backup written: ${file} (${statSync(file).size} bytes)`);
  } catch (error) {
    console.error(`db:backup: ${error instanceof PgToolError ? error.message : String(error)}`);
    process.exit(1);
  }
}
