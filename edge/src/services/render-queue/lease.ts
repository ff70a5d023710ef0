import {
  ACTIVE_RENDER_STATES,
  type JobKind,
  type RenderArtifacts,
  type RenderState,
} from "@loom-lite/schema";
import { renders } from "@loom-lite/schema/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { GateClient } from "../../gate/client";
import type { Db } from "../../lib/db";
import type { Logger } from "../../lib/logger";

// The lease a node holds on a render: who holds it (fence, lease id, node) and the checks every
// node-protocol call makes before it writes anything.

/** What the node-protocol operations work with; routes build it once per request. */
export interface QueueDeps {
  db: Db;
  gate: GateClient;
  media: R2Bucket;
  log: Logger;
  leaseMs: number;
  retryBaseMs: number;
  /** Billing is on (env.billing): usage beyond the included minutes is recorded as overage. */
  billingOn: boolean;
  /**
   * The Bunny Storage zone the Worker can delete from (BUNNY_STORAGE_* all set), or null: then nodes
   * may not put anything in Bunny, since nothing could ever delete it.
   */
  bunnyZone: string | null;
  /** Runs work after the answer is sent (`executionCtx.waitUntil`). */
  defer(work: Promise<unknown>): void;
  /**
   * Told of a render this call moved to done or failed, once: only the call whose write made the move
   * announces it (webhooks, the landing cache), so a repeated or concurrent `complete` does not.
   */
  announceFinished(renderId: string): void;
}

export const ACTIVE: readonly RenderState[] = ACTIVE_RENDER_STATES;
export const ACTIVE_SQL = sql.raw(ACTIVE_RENDER_STATES.map((s) => `'${s}'`).join(", "));

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type LeaseRow = {
  id: string;
  workspaceId: string;
  kind: JobKind;
  state: RenderState;
  fence: number;
  leaseId: string | null;
  nodeId: string | null;
  cancelRequested: boolean;
  artifacts: RenderArtifacts | null;
};

export async function loadLease(db: Db, renderId: string): Promise<LeaseRow> {
  const [row] = await db
    .select({
      id: renders.id,
      workspaceId: renders.workspaceId,
      kind: renders.kind,
      state: renders.state,
      fence: renders.fence,
      leaseId: renders.leaseId,
      nodeId: renders.nodeId,
      cancelRequested: renders.cancelRequested,
      artifacts: renders.artifacts,
    })
    .from(renders)
    .where(eq(renders.id, renderId));
  if (!row) throw new ApiError("NOT_FOUND", `Render ${renderId} does not exist`);
  return row;
}

/** Refuses a call from anyone but the current lease holder: an older fence, another node, a finished render. */
export function assertHolds(
  row: LeaseRow,
  nodeId: string,
  fence: number,
): asserts row is LeaseRow & { leaseId: string } {
  if (fence !== row.fence) {
    throw new ApiError(
      "CONFLICT",
      `Stale lease: render ${row.id} is at fence ${row.fence}, this call carries ${fence}; stop working on it`,
    );
  }
  if (!ACTIVE.includes(row.state) || !row.leaseId) {
    throw new ApiError("CONFLICT", `Render ${row.id} is ${row.state}; it holds no lease any more`);
  }
  if (row.nodeId !== nodeId) {
    throw new ApiError("CONFLICT", `Render ${row.id} is leased to another node`);
  }
}

export const holderIs = (row: LeaseRow & { leaseId: string }) =>
  and(
    eq(renders.id, row.id),
    eq(renders.fence, row.fence),
    eq(renders.leaseId, row.leaseId),
    inArray(renders.state, [...ACTIVE_RENDER_STATES]),
  );

/** Checks the gate still holds the permit; a lost permit means the slot may already be someone else's. */
export async function assertPermit(deps: QueueDeps, row: LeaseRow & { leaseId: string }) {
  const renewal = await deps.gate.renew(row.leaseId, deps.leaseMs);
  if (!renewal) {
    throw new ApiError(
      "CONFLICT",
      `The lease on render ${row.id} expired; the render goes back to the queue, stop working on it`,
    );
  }
  return renewal;
}
