import type { Db } from "../../lib/db";

/** What runs after a workspace's plan in force changed (the subscription's state was just written). */
export type PlanChangedHook = (db: Db, workspaceId: string) => Promise<void>;

/**
 * Renders held as `blocked_quota` may run once the plan allows them: the lead connects this to
 * `releaseHeldRenders(db, workspaceId)` from the usage half of billing when both halves are merged.
 */
export const onPlanChanged: PlanChangedHook = async (_db, _workspaceId) => {};
