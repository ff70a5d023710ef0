import type { Context } from "hono";
import type { AppEnv } from "../context";
import { type Db, openDb } from "./db";

/**
 * Work that must not hold up the answer (webhook sends after a beacon, say). It gets its own
 * connection: the request's is closed as soon as the answer is out.
 */
export function inBackground(c: Context<AppEnv>, name: string, work: (db: Db) => Promise<unknown>): void {
  const env = c.get("env");
  const log = c.get("log");
  c.executionCtx.waitUntil(
    (async () => {
      const handle = openDb(env);
      try {
        await work(handle.db);
      } catch (error) {
        log.warn(`${name} failed in the background`, { error: String(error) });
      } finally {
        await handle.close();
      }
    })(),
  );
}
