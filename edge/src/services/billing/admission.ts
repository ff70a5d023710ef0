import { PLANS, type SceneSpec } from "@loom-lite/schema";
import { ApiError } from "../../errors";
import type { Tx } from "../../lib/db";
import { type Allowance, lockAllowance, minutes } from "./allowance";
import type { BillingConfig } from "./config";
import { expectedVideoMs } from "./expected-length";

/** How many of the renders being queued run now; the rest are held (`blocked_quota`) with the reason. */
export interface Admission {
  /** Milliseconds reserved per render (0 with billing off: nothing is counted against a limit). */
  reservedMs: number;
  admitted: number;
  heldReason: string | null;
}

/**
 * Decides, under the billing row's lock, how many of `count` renders of this spec fit in the period's
 * remaining minutes. Refuses (402) when none may be queued at all: payment past due beyond the grace
 * days, or a video longer than the plan allows. With billing off, everything is admitted.
 */
export async function admitRenders(
  tx: Tx,
  billing: BillingConfig | null,
  input: { workspaceId: string; spec: SceneSpec; count: number; now?: Date },
): Promise<Admission> {
  if (!billing) return { reservedMs: 0, admitted: input.count, heldReason: null };
  const allowance = await lockAllowance(tx, input.workspaceId, input.now ?? new Date());
  const { plan, blocked } = allowance.force;
  if (blocked) throw new ApiError("PAYMENT_REQUIRED", blocked);
  const lengthMs = await expectedVideoMs(tx, input.workspaceId, input.spec, plan.maxVideoSeconds * 1000);
  if (lengthMs > plan.maxVideoSeconds * 1000) {
    throw new ApiError(
      "PAYMENT_REQUIRED",
      `Each video of this campaign would last ${Math.ceil(lengthMs / 1000)} s, longer than the ` +
        `${plan.maxVideoSeconds} s the ${plan.name} plan allows; shorten the scenes or the facecam, ` +
        `or move to a plan with longer videos (${longerPlans(plan.maxVideoSeconds)}) in Settings → Billing.`,
    );
  }
  const admitted = Math.min(
    input.count,
    lengthMs > 0 ? Math.floor(allowance.remainingMs / lengthMs) : input.count,
  );
  return {
    reservedMs: lengthMs,
    admitted,
    heldReason: admitted < input.count ? heldReason(allowance, admitted * lengthMs) : null,
  };
}

/** Why a render waits: the limit, the usage (with what this request just reserved), and the ways out. */
export function heldReason(allowance: Allowance, justReservedMs = 0): string {
  const { plan, period } = allowance.force;
  const used = `${minutes(allowance.usedMs)} used and ${minutes(allowance.reservedMs + justReservedMs)} reserved`;
  const renews = period.end.toISOString().slice(0, 10);
  const limit =
    allowance.overageAllowedMs > 0
      ? `the ${plan.name} plan's ${plan.includedMinutes} render minutes and the overage your spending cap of $${(allowance.billing.spendingCapCents / 100).toFixed(2)} pays for`
      : `the ${plan.name} plan's ${plan.includedMinutes} render minutes`;
  const overage =
    plan.overageCentsPerMinute === null
      ? "upgrade your plan"
      : allowance.overageAllowedMs > 0
        ? "raise the spending cap, or upgrade"
        : "allow overage with a spending cap, or upgrade";
  return `Held: this render does not fit in ${limit} for this period (${used}). It starts by itself when the period renews on ${renews}; to render sooner, ${overage} in Settings → Billing.`;
}

function longerPlans(seconds: number): string {
  return Object.values(PLANS)
    .filter((p) => p.maxVideoSeconds > seconds && p.priceCents !== null && p.id !== "free")
    .map((p) => `${p.name}: ${p.maxVideoSeconds} s`)
    .join(", ");
}
