import { ACTIVE_RENDER_STATES, type PlanId } from "@loom-lite/schema";
import { renders, usageLedger, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { Db, Tx } from "../../lib/db";
import { type BillingRow, type PlanInForce, planInForce } from "./plan-in-force";

/** Renders holding a reservation: queued (retries included) or running. */
export const RESERVING_STATES = ["queued", ...ACTIVE_RENDER_STATES] as const;

const MINUTE_MS = 60_000;

/** Where a workspace's minutes stand in the current period, in milliseconds of video. */
export interface Allowance {
  force: PlanInForce;
  billing: BillingRow;
  includedMs: number;
  /** Minutes beyond the included ones the spending cap pays for (0 unless the owner opted in). */
  overageAllowedMs: number;
  usedMs: number;
  reservedMs: number;
  /** What new renders may still reserve: included + allowed overage − used − reserved, never below 0. */
  remainingMs: number;
}

/**
 * Locks the workspace's billing row (creating it for workspaces made before billing) for the rest of
 * the transaction, so every decision that spends minutes (queueing, releasing held renders, recording
 * usage) sees the others' writes and none can overshoot.
 */
export async function lockAllowance(tx: Tx, workspaceId: string, now: Date): Promise<Allowance> {
  await tx.insert(workspaceBilling).values({ workspaceId }).onConflictDoNothing();
  const [billing] = await tx
    .select()
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, workspaceId))
    .for("update");
  if (!billing) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  return allowanceOf(tx, workspaceId, billing, now);
}

/** The same figures without a lock, for reads. */
export async function readAllowance(db: Db | Tx, workspaceId: string, now: Date): Promise<Allowance> {
  const [billing] = await db
    .select()
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, workspaceId));
  return allowanceOf(db, workspaceId, billing ?? emptyBillingRow(workspaceId), now);
}

async function allowanceOf(db: Db | Tx, workspaceId: string, billing: BillingRow, now: Date) {
  const [ws] = await db
    .select({ plan: workspaces.plan })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!ws) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  const force = planInForce(ws.plan as PlanId, billing, now);
  const [used] = await db
    .select({ ms: sql<number>`coalesce(sum(${usageLedger.videoMs}), 0)::int` })
    .from(usageLedger)
    .where(and(eq(usageLedger.workspaceId, workspaceId), eq(usageLedger.periodStart, force.period.start)));
  const [reserved] = await db
    .select({ ms: sql<number>`coalesce(sum(${renders.reservedMs}), 0)::bigint` })
    .from(renders)
    .where(
      and(
        eq(renders.workspaceId, workspaceId),
        // Only videos are billed; other kinds never reserve (their reserved_ms is 0).
        eq(renders.kind, "video"),
        inArray(renders.state, [...RESERVING_STATES]),
      ),
    );
  const includedMs = force.plan.includedMinutes * MINUTE_MS;
  const overageAllowedMs = overageAllowanceMs(force, billing);
  const usedMs = Number(used?.ms ?? 0);
  const reservedMs = Number(reserved?.ms ?? 0);
  return {
    force,
    billing,
    includedMs,
    overageAllowedMs,
    usedMs,
    reservedMs,
    remainingMs: Math.max(0, includedMs + overageAllowedMs - usedMs - reservedMs),
  };
}

/** The spending cap in minutes of video at the plan's overage price (whole milliseconds, rounded down). */
function overageAllowanceMs(force: PlanInForce, billing: BillingRow): number {
  const price = force.plan.overageCentsPerMinute;
  if (!billing.overageEnabled || price === null || price <= 0) return 0;
  return Math.floor((billing.spendingCapCents * MINUTE_MS) / price);
}

function emptyBillingRow(workspaceId: string): BillingRow {
  return {
    workspaceId,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    subscriptionStatus: null,
    stripePriceId: null,
    pendingPriceId: null,
    interval: null,
    periodStart: null,
    periodEnd: null,
    cancelAtPeriodEnd: false,
    pastDueSince: null,
    trialEndsAt: null,
    overageEnabled: false,
    spendingCapCents: 0,
    warnedPeriodStart: null,
    warnedPercent: null,
    updatedAt: new Date(0),
  };
}

/** "12.5 min" */
export function minutes(ms: number): string {
  const value = ms / MINUTE_MS;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} min`;
}
