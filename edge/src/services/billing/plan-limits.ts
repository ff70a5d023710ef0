import type { PlanId } from "@loom-lite/schema";
import { customDomains, invitations, memberships, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { and, count, eq, ne } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { Db, Tx } from "../../lib/db";
import { openInvitationsOf } from "../open-invitations";
import type { BillingConfig } from "./config";
import { type PlanInForce, planInForce } from "./plan-in-force";

/** The plan in force for a workspace, locking its billing row when called in a transaction that writes. */
export async function workspacePlan(db: Db | Tx, workspaceId: string, lock = false): Promise<PlanInForce> {
  const query = db.select().from(workspaceBilling).where(eq(workspaceBilling.workspaceId, workspaceId));
  const [billing] = lock ? await query.for("update") : await query;
  const [ws] = await db
    .select({ plan: workspaces.plan })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!ws) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  return planInForce(ws.plan as PlanId, billing ?? null, new Date());
}

/**
 * Refuses (402) one more seat beyond the plan's: members plus pending invitations, the invitation being
 * replaced (`exceptEmail`) aside. `joining`: an invitation being accepted, whose seat counts once.
 */
export async function assertSeatFree(
  tx: Tx,
  billing: BillingConfig | null,
  workspaceId: string,
  opts: { exceptEmail?: string; accepting?: string } = {},
): Promise<void> {
  if (!billing) return;
  const { plan } = await workspacePlan(tx, workspaceId, true);
  const [members] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(eq(memberships.workspaceId, workspaceId));
  const [pending] = await tx
    .select({ n: count() })
    .from(invitations)
    .where(
      and(
        openInvitationsOf(workspaceId),
        opts.exceptEmail ? ne(invitations.email, opts.exceptEmail) : undefined,
        opts.accepting ? ne(invitations.id, opts.accepting) : undefined,
      ),
    );
  const taken = (members?.n ?? 0) + (opts.accepting ? 0 : (pending?.n ?? 0));
  if (taken < plan.seats) return;
  throw new ApiError(
    "PAYMENT_REQUIRED",
    `The ${plan.name} plan includes ${plan.seats} seat${plan.seats === 1 ? "" : "s"}, and this workspace has ` +
      `${members?.n ?? 0} member(s) and ${pending?.n ?? 0} pending invitation(s); remove a member or revoke an ` +
      "invitation, or upgrade in Settings → Billing for more seats.",
  );
}

/** Refuses (402) a custom domain beyond the plan's. */
export async function assertDomainFree(
  tx: Tx,
  billing: BillingConfig | null,
  workspaceId: string,
): Promise<void> {
  if (!billing) return;
  const { plan } = await workspacePlan(tx, workspaceId, true);
  const [domains] = await tx
    .select({ n: count() })
    .from(customDomains)
    .where(eq(customDomains.workspaceId, workspaceId));
  const used = domains?.n ?? 0;
  if (used < plan.customDomains) return;
  throw new ApiError(
    "PAYMENT_REQUIRED",
    plan.customDomains === 0
      ? `The ${plan.name} plan has no custom domains (landing pages stay on the workspace's Loom-Lite address); upgrade to Starter or above in Settings → Billing to add one.`
      : `The ${plan.name} plan includes ${plan.customDomains} custom domain${plan.customDomains === 1 ? "" : "s"} and this workspace has ${used}; remove one, or upgrade in Settings → Billing for more.`,
  );
}
