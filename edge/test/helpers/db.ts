import { env } from "cloudflare:test";
import * as tables from "@loom-lite/schema/db";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";

export type TestDb = NodePgDatabase<typeof tables>;

/** Direct database access for arranging rows the API does not create (renders) and checking effects. */
export async function withDb<T>(fn: (db: TestDb) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: (env as { DATABASE_URL: string }).DATABASE_URL });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(drizzle(client, { schema: tables }));
  } finally {
    await client.end().catch(() => {});
  }
}
