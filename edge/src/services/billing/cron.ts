import type { Db } from "../../lib/db";
import type { BillingConfig } from "./config";
import { releaseHeldRenders, workspacesWithHeldRenders } from "./held-renders";
import { endExpiredTrials } from "./trial";

/**
 * Billing's minute: trials that ended become Free, and held renders start when room appeared (a new
 * period, a plan change, a reservation given back). With billing off there is nothing to release: the
 * queue claims renders held earlier like queued ones (render-queue/claim.ts).
 */
export async function runBillingMinute(
  db: Db,
  billing: BillingConfig | null,
  now = new Date(),
): Promise<{ trialsEnded: number; released: number }> {
  const trialsEnded = (await endExpiredTrials(db, billing !== null, now)).length;
  if (!billing) return { trialsEnded, released: 0 };
  let released = 0;
  for (const workspaceId of await workspacesWithHeldRenders(db)) {
    released += await releaseHeldRenders(db, workspaceId, now);
  }
  return { trialsEnded, released };
}
