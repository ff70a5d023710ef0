import { renderEvents, renders } from "@loom-lite/schema/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../lib/db";
import { lockAllowance } from "./allowance";

/**
 * Moves a workspace's held renders (`blocked_quota`) back to the queue, oldest first, as many as the
 * period's remaining minutes now cover: after a new period, an upgrade, a raised spending cap, or a
 * render that ended without using its reservation. Returns how many were released. The Stripe sync
 * calls it after a plan change; the cron calls it every minute.
 */
export async function releaseHeldRenders(db: Db, workspaceId: string, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const allowance = await lockAllowance(tx, workspaceId, now);
    if (allowance.force.blocked) return 0;
    const held = await tx
      .select({ id: renders.id, reservedMs: renders.reservedMs, fence: renders.fence })
      .from(renders)
      .where(and(eq(renders.workspaceId, workspaceId), eq(renders.state, "blocked_quota")))
      .orderBy(asc(renders.createdAt), asc(renders.id))
      .for("update");
    let room = allowance.remainingMs;
    const fits: typeof held = [];
    for (const render of held) {
      if (render.reservedMs > room) break;
      room -= render.reservedMs;
      fits.push(render);
    }
    return requeue(tx, workspaceId, fits, now);
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function requeue(tx: Tx, workspaceId: string, rows: Array<{ id: string; fence: number }>, now: Date) {
  if (rows.length === 0) return 0;
  await tx
    .update(renders)
    .set({ state: "queued", errorCode: null, error: null, runAfter: now, updatedAt: now })
    .where(
      and(
        inArray(
          renders.id,
          rows.map((r) => r.id),
        ),
        eq(renders.state, "blocked_quota"),
      ),
    );
  await tx.insert(renderEvents).values(
    rows.map((r) => ({
      renderId: r.id,
      workspaceId,
      kind: "queued" as const,
      fence: r.fence,
      detail: { released: "quota" },
    })),
  );
  return rows.length;
}

/** Workspaces that have held renders, for the cron. */
export async function workspacesWithHeldRenders(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ workspaceId: renders.workspaceId })
    .from(renders)
    .where(eq(renders.state, "blocked_quota"));
  return rows.map((r) => r.workspaceId);
}
