import type { Context } from "hono";
import type { AppEnv } from "../context";
import type { Db } from "./db";

/**
 * Work that must not hold up the answer (webhook sends after a beacon, say), on its own connection
 * (see Services.inBackground).
 */
export function inBackground(c: Context<AppEnv>, name: string, work: (db: Db) => Promise<unknown>): void {
  c.get("services").inBackground(name, work);
}
