import * as tables from "@loom-lite/schema/db";
import { Pool as NeonPool } from "@neondatabase/serverless";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Env } from "../env";

export type Db = NodePgDatabase<typeof tables>;
/** A transaction of Db, for helpers that run inside or outside one. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  /** Closes the connection; hand it to `waitUntil` at the end of the request. */
  close(): Promise<void>;
}

/**
 * One connection per request: Workers cannot keep sockets between requests. Neon's driver speaks over
 * WebSockets in production; node-postgres over TCP (cloudflare:sockets) locally and in tests.
 */
export function openDb(env: Pick<Env, "DATABASE_URL" | "DATABASE_DRIVER">): DbHandle {
  if (env.DATABASE_DRIVER === "neon") {
    const pool = new NeonPool({ connectionString: env.DATABASE_URL, max: 1 });
    return { db: drizzleNeon(pool, { schema: tables }) as unknown as Db, close: () => pool.end() };
  }
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1, idleTimeoutMillis: 0 });
  // Closing a cloudflare:sockets stream makes pg's reader report "Stream was cancelled" after the
  // request is done; the connection is being discarded anyway, so that late error is ignored.
  const ignoreLateError = () => {};
  pool.on("error", ignoreLateError);
  pool.on("connect", (client) => client.on("error", ignoreLateError));
  return { db: drizzlePg(pool, { schema: tables }), close: () => pool.end() };
}

/** `AND id IN (…)`, for a claim of due rows limited to `ids` (one request's own); nothing without them. */
export function onlyIds(ids: readonly string[] | undefined): SQL {
  return ids
    ? sql`AND id IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
}
