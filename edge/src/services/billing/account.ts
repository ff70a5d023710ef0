import { PLANS, type Plan } from "@loom-lite/schema";
import { campaigns, usageLedger, workspaceBilling } from "@loom-lite/schema/db";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { Page } from "../pagination";
import { toPage } from "../pagination";
import type { WorkspaceScope } from "../workspace-scope";
import { lockAllowance, readAllowance } from "./allowance";
import type { BillingConfig } from "./config";
import { releaseHeldRenders } from "./held-renders";
import { warningBanner } from "./usage-warnings";

/** The public shape of a plan (GET /api/plans and the billing screen). */
export type PlanView = Omit<Plan, "days">;

export function planViews(): PlanView[] {
  return Object.values(PLANS).map(({ days: _days, ...plan }) => plan);
}

export interface BillingView {
  /** False without Stripe settings (self-hosting): every workspace is unlimited. */
  enabled: boolean;
  plan: PlanView;
  status: string | null;
  cancelAtPeriodEnd: boolean;
  trialDaysLeft: number | null;
  /** Why new renders are refused outright (payment past due beyond grace), or null. */
  blocked: string | null;
  period: { start: string; end: string };
  usage: {
    usedSeconds: number;
    reservedSeconds: number;
    includedSeconds: number;
    /** What new renders may still reserve, overage allowed by the cap included. */
    remainingSeconds: number;
    overageSeconds: number;
  };
  overage: {
    available: boolean;
    enabled: boolean;
    spendingCapCents: number;
    centsPerMinute: number | null;
  };
  /** The 80 % / 100 % banner, or null. */
  warning: { percent: number; message: string } | null;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function getBilling(
  ws: WorkspaceScope,
  billing: BillingConfig | null,
  now = new Date(),
): Promise<BillingView> {
  const a = await readAllowance(ws.db, ws.workspaceId, now);
  const { days: _days, ...plan } = a.force.plan;
  const enabled = billing !== null;
  return {
    enabled,
    plan,
    status: a.billing.subscriptionStatus,
    cancelAtPeriodEnd: a.billing.cancelAtPeriodEnd,
    trialDaysLeft: a.force.trialDaysLeft,
    blocked: enabled ? a.force.blocked : null,
    period: { start: a.force.period.start.toISOString(), end: a.force.period.end.toISOString() },
    usage: {
      usedSeconds: seconds(a.usedMs),
      reservedSeconds: seconds(a.reservedMs),
      includedSeconds: seconds(a.includedMs),
      remainingSeconds: seconds(a.remainingMs),
      overageSeconds: seconds(Math.max(0, a.usedMs - a.includedMs)),
    },
    overage: {
      available: plan.overageCentsPerMinute !== null,
      enabled: a.billing.overageEnabled,
      spendingCapCents: a.billing.spendingCapCents,
      centsPerMinute: plan.overageCentsPerMinute,
    },
    warning: enabled ? warningBanner(a) : null,
  };
}

/** Largest spending cap accepted: $100,000 a period. */
export const MAX_SPENDING_CAP_CENTS = 10_000_000;

/**
 * The owner's overage choice: allow minutes beyond the plan's, up to a spending cap per period. A plan
 * without overage refuses the opt-in (402, naming the way out). Raising the cap starts held renders.
 */
export async function updateOverage(
  ws: WorkspaceScope,
  billing: BillingConfig | null,
  patch: { overageEnabled?: boolean; spendingCapCents?: number },
): Promise<void> {
  if (!billing) {
    throw new ApiError(
      "CONFLICT",
      "Billing is off on this installation (no Stripe settings); nothing is limited",
    );
  }
  await ws.db.transaction(async (tx) => {
    const a = await lockAllowance(tx, ws.workspaceId, new Date());
    const { plan } = a.force;
    if (patch.overageEnabled && plan.overageCentsPerMinute === null) {
      throw new ApiError(
        "PAYMENT_REQUIRED",
        `The ${plan.name} plan has no overage; upgrade to Starter or above in Settings → Billing to allow minutes beyond the ${plan.includedMinutes} included.`,
      );
    }
    await tx
      .update(workspaceBilling)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(workspaceBilling.workspaceId, ws.workspaceId));
  });
  await releaseHeldRenders(ws.db, ws.workspaceId);
}

export interface UsageRow {
  id: string;
  renderId: string;
  campaignId: string;
  /** Null once the campaign is deleted (usage outlives it). */
  campaignName: string | null;
  videoSeconds: number;
  overageSeconds: number;
  fallback: boolean;
  createdAt: string;
}

/** The renders that used the current period's minutes, newest first. */
export async function listPeriodUsage(
  ws: WorkspaceScope,
  page: { limit: number; cursor?: string | undefined },
  now = new Date(),
): Promise<Page<UsageRow>> {
  const { db, workspaceId } = ws;
  const { force } = await readAllowance(db, workspaceId, now);
  let after: { createdAt: Date; id: string } | undefined;
  if (page.cursor) {
    const [row] = await db
      .select({ createdAt: usageLedger.createdAt, id: usageLedger.id })
      .from(usageLedger)
      .where(and(eq(usageLedger.id, page.cursor), eq(usageLedger.workspaceId, workspaceId)));
    if (!row) throw new ApiError("BAD_REQUEST", "cursor: does not name a usage row of this workspace");
    after = row;
  }
  const rows = await db
    .select({
      id: usageLedger.id,
      renderId: usageLedger.renderId,
      campaignId: usageLedger.campaignId,
      campaignName: campaigns.name,
      videoMs: usageLedger.videoMs,
      overageMs: usageLedger.overageMs,
      fallback: usageLedger.fallback,
      createdAt: usageLedger.createdAt,
    })
    .from(usageLedger)
    .leftJoin(
      campaigns,
      and(eq(campaigns.id, usageLedger.campaignId), eq(campaigns.workspaceId, usageLedger.workspaceId)),
    )
    .where(
      and(
        eq(usageLedger.workspaceId, workspaceId),
        eq(usageLedger.periodStart, force.period.start),
        after
          ? or(
              lt(usageLedger.createdAt, after.createdAt),
              and(eq(usageLedger.createdAt, after.createdAt), lt(usageLedger.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(usageLedger.createdAt), desc(usageLedger.id))
    .limit(page.limit + 1);
  const { items, nextCursor } = toPage(rows, page.limit);
  return {
    items: items.map((r) => ({
      id: r.id,
      renderId: r.renderId,
      campaignId: r.campaignId,
      campaignName: r.campaignName,
      videoSeconds: r.videoMs / 1000,
      overageSeconds: r.overageMs / 1000,
      fallback: r.fallback,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor,
  };
}
