import { memberships, user } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import type { Db } from "../../lib/db";
import type { Logger } from "../../lib/logger";
import { sendEmail } from "../outbox";

/** How long billing e-mails stay in the outbox (they carry no secret link). */
export const BILLING_EMAIL_KEPT_FOR_MS = 90 * 24 * 60 * 60_000;

/** Tells the workspace's owner that Stripe could not charge the card, and how to fix it. */
export async function sendPaymentFailedEmail(
  db: Db,
  log: Logger,
  input: { workspaceId: string; amountDue: number; currency: string; billingUrl: string },
): Promise<void> {
  const [owner] = await db
    .select({ email: user.email, name: user.name })
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.role, "owner")));
  if (!owner) return;
  const amount = `${(input.amountDue / 100).toFixed(2)} ${input.currency.toUpperCase()}`;
  await sendEmail(db, log, {
    kind: "payment_failed",
    to: owner.email,
    workspaceId: input.workspaceId,
    subject: "Your Loom-Lite payment failed",
    text: `Hi ${owner.name || "there"},\n\nWe could not charge ${amount} for your Loom-Lite subscription. Your plan stays in force for a few days while Stripe retries; after that new renders are held until the payment goes through (landing pages keep serving).\n\nUpdate your payment method here:\n\n${input.billingUrl}\n`,
  });
}
