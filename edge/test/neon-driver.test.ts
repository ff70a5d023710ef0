import { env } from "cloudflare:test";
import { workspaces } from "@loom-lite/schema/db";
import { neonConfig } from "@neondatabase/serverless";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, inject, it } from "vitest";
import { openDb } from "../src/lib/db";
import { newId } from "../src/lib/ids";

// Production's database path (DATABASE_DRIVER=neon: Neon's driver over WebSocket), inside workerd,
// through the test kit's WebSocket-to-TCP proxy in front of the suite's PostgreSQL.
beforeAll(() => {
  neonConfig.wsProxy = inject("databaseWsProxy");
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
});

const neonDb = () => openDb({ DATABASE_DRIVER: "neon", DATABASE_URL: env.DATABASE_URL });

it("the edge's neon database runs queries against the migrated schema", async () => {
  const { db, close } = neonDb();
  try {
    const result = await db.execute<{ db: string; migrated: boolean }>(
      sql`select current_database() as db, to_regclass('public.workspaces') is not null as migrated`,
    );
    expect(result.rows).toEqual([{ db: new URL(env.DATABASE_URL).pathname.slice(1), migrated: true }]);
  } finally {
    await close();
  }
});

it("the edge's neon database commits a transaction and rolls back a failed one", async () => {
  const kept = newId("ws");
  const dropped = newId("ws");
  const { db, close } = neonDb();
  try {
    await db.transaction(async (tx) => {
      await tx.insert(workspaces).values({ id: kept, name: "Neon kept", slug: `neon-${kept.toLowerCase()}` });
    });
    const failure = await db
      .transaction(async (tx) => {
        await tx
          .insert(workspaces)
          .values({ id: dropped, name: "Neon dropped", slug: `neon-${dropped.toLowerCase()}` });
        const inside = await tx.select().from(workspaces).where(eq(workspaces.id, dropped));
        expect(inside).toHaveLength(1);
        throw new Error("abort this transaction");
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("abort this transaction");

    const rows = await db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(sql`${workspaces.id} in (${kept}, ${dropped})`);
    expect(rows).toEqual([{ id: kept }]);
  } finally {
    await close();
  }
});
