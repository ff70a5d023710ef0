import { usageLedger } from "@loom-lite/schema/db";
import type { Tx } from "../../lib/db";
import { newId } from "../../lib/ids";
import { lockAllowance } from "./allowance";
import { warnIfCrossed } from "./usage-warnings";

/**
 * Writes the usage row of a render that was just delivered, in the transaction that marks it done: one
 * row per render id whatever happens (a repeated or concurrent finish inserts nothing), with the part
 * beyond the period's included minutes as overage (billed only when billing is on). Crossing 80 % or
 * 100 % of the included minutes warns the owner.
 */
export async function recordUsage(
  tx: Tx,
  billingOn: boolean,
  render: { id: string; workspaceId: string; campaignId: string },
  /** `fallback`: the campaign's fallback page stood in for the lead's site; delivered, so it counts. */
  delivered: { videoMs: number; fallback: boolean },
  now = new Date(),
): Promise<boolean> {
  const allowance = await lockAllowance(tx, render.workspaceId, now);
  const videoMs = Math.max(0, Math.round(delivered.videoMs));
  const overageMs = billingOn
    ? Math.min(videoMs, Math.max(0, allowance.usedMs + videoMs - allowance.includedMs))
    : 0;
  const inserted = await tx
    .insert(usageLedger)
    .values({
      id: newId("use"),
      workspaceId: render.workspaceId,
      renderId: render.id,
      campaignId: render.campaignId,
      videoMs,
      overageMs,
      fallback: delivered.fallback,
      periodStart: allowance.force.period.start,
      // Stripe's meter event identifier: one per render, so a resent report is never counted twice.
      meterIdentifier: overageMs > 0 ? `render-${render.id}` : null,
      createdAt: now,
    })
    .onConflictDoNothing({ target: usageLedger.renderId })
    .returning({ id: usageLedger.id });
  if (inserted.length === 0) return false;
  if (billingOn) await warnIfCrossed(tx, allowance, allowance.usedMs + videoMs);
  return true;
}
