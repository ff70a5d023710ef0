import type { HeartbeatRequest, HeartbeatResponse } from "@loom-lite/schema";
import { renders } from "@loom-lite/schema/db";
import { ApiError } from "../../errors";
import { assertHolds, assertPermit, holderIs, loadLease, type QueueDeps } from "./lease";

export async function heartbeat(
  deps: QueueDeps,
  nodeId: string,
  renderId: string,
  request: HeartbeatRequest,
): Promise<HeartbeatResponse> {
  const row = await loadLease(deps.db, renderId);
  assertHolds(row, nodeId, request.fence);
  const renewal = await assertPermit(deps, row);
  const [updated] = await deps.db
    .update(renders)
    .set({
      state: request.stage,
      progress: request.progress,
      leaseExpiresAt: new Date(renewal.expiresAt),
      updatedAt: new Date(),
    })
    .where(holderIs(row))
    .returning({ cancelRequested: renders.cancelRequested });
  if (!updated) {
    // The lease ended between the read and the write (expiry sweep); the renewed permit is not needed.
    await deps.gate.release(row.leaseId);
    throw new ApiError("CONFLICT", `Render ${renderId} lost its lease; stop working on it`);
  }
  return {
    cancel: renewal.cancel || updated.cancelRequested,
    leaseExpiresAt: new Date(renewal.expiresAt).toISOString(),
  };
}
