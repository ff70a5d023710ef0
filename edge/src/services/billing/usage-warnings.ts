import { USAGE_WARNING_THRESHOLDS } from "@loom-lite/schema";
import { memberships, outboxEmails, user, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../lib/db";
import { newId } from "../../lib/ids";
import { type Allowance, minutes } from "./allowance";

/** The highest warning threshold (in percent) that `usedMs` reaches, or null below the first. */
export function reachedPercent(usedMs: number, includedMs: number): number | null {
  if (includedMs <= 0) return null;
  const reached = USAGE_WARNING_THRESHOLDS.filter((share) => usedMs >= share * includedMs);
  const top = reached.at(-1);
  return top === undefined ? null : Math.round(top * 100);
}

/**
 * E-mails the owner when usage crosses a threshold not yet warned of in this period: once per period
 * for each of 80 % and 100 % (a jump past both sends the higher only). Runs under the billing row's lock.
 */
export async function warnIfCrossed(tx: Tx, allowance: Allowance, usedMs: number): Promise<void> {
  const percent = reachedPercent(usedMs, allowance.includedMs);
  if (percent === null) return;
  const { billing } = allowance;
  const { plan, period } = allowance.force;
  const samePeriod = billing.warnedPeriodStart?.getTime() === period.start.getTime();
  if (samePeriod && (billing.warnedPercent ?? 0) >= percent) return;
  await tx
    .update(workspaceBilling)
    .set({ warnedPeriodStart: period.start, warnedPercent: percent, updatedAt: new Date() })
    .where(eq(workspaceBilling.workspaceId, billing.workspaceId));
  const [owner] = await tx
    .select({ email: user.email, workspace: workspaces.name })
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, billing.workspaceId), eq(memberships.role, "owner")));
  if (!owner) return;
  const renews = period.end.toISOString().slice(0, 10);
  const wayOut =
    plan.overageCentsPerMinute === null
      ? "Upgrade in Settings → Billing to keep rendering."
      : "Allow overage with a spending cap, or upgrade, in Settings → Billing to keep rendering.";
  await tx.insert(outboxEmails).values({
    id: newId("eml"),
    workspaceId: billing.workspaceId,
    kind: "usage_warning",
    to: owner.email,
    subject: `${owner.workspace} has used ${percent} % of its render minutes`,
    text:
      `${owner.workspace} has used ${minutes(usedMs)} of the ${plan.includedMinutes} render minutes the ${plan.name} plan includes this period (until ${renews}).\n\n` +
      (percent >= 100 ? `New renders beyond the limit are held until the period renews. ${wayOut}` : wayOut),
  });
}

/** The banner the dashboard shows: the highest threshold reached this period, or null. */
export function warningBanner(allowance: Allowance): { percent: number; message: string } | null {
  const percent = reachedPercent(allowance.usedMs, allowance.includedMs);
  if (percent === null) return null;
  const { plan } = allowance.force;
  return {
    percent,
    message:
      percent >= 100
        ? `This workspace has used all ${plan.includedMinutes} render minutes of the ${plan.name} plan for this period; new renders are held unless overage is allowed.`
        : `This workspace has used ${percent} % of the ${plan.includedMinutes} render minutes of the ${plan.name} plan for this period.`,
  };
}
