import { landingChanged } from "../../landing/cache";
import type { Db } from "../../lib/db";
import { releaseHeldRenders } from "./held-renders";

/** What runs after a workspace's plan in force changed (the subscription's state was just written). */
export type PlanChangedHook = (db: Db, workspaceId: string) => Promise<void>;

/**
 * Renders held as `blocked_quota` start as far as the new plan's minutes allow, and landing pages are
 * built again (the Free plan's "Made with Loom-Lite" mark comes or goes with the plan).
 */
export const onPlanChanged: PlanChangedHook = async (db, workspaceId) => {
  await releaseHeldRenders(db, workspaceId);
  await landingChanged(db, workspaceId);
};
