import { PLANS, type PlanId } from "@loom-lite/schema";
import { effectivePlanId } from "./plan-in-force";

/**
 * Whether a workspace's landing pages carry "Made with Loom-Lite" (its plan in force says so: Free).
 * A lead cached before plans existed has no plan: no mark until the cache refreshes.
 */
export function landingCarriesBranding(
  workspace: { plan?: PlanId; trialEndsAt?: string | null },
  now: Date,
): boolean {
  if (!workspace.plan || !(workspace.plan in PLANS)) return false;
  const trialEndsAt = workspace.trialEndsAt ? new Date(workspace.trialEndsAt) : null;
  return PLANS[effectivePlanId(workspace.plan, trialEndsAt, now)].loomLiteBranding;
}
