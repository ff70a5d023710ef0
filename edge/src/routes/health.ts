import { sql } from "drizzle-orm";
import type { App } from "../context";

export function registerHealth(app: App) {
  app.get("/api/health", async (c) => {
    const result = await c.get("db").execute(sql`select 1 as ok`);
    return c.json({ ok: result.rows[0]?.ok === 1 });
  });
}
