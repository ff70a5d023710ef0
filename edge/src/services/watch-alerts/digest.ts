import { notifications } from "@loom-lite/schema/db";
import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../lib/db";
import { sendEmail } from "../outbox";
import { alertsForEmail } from "./alert-rows";
import { digestEmail } from "./emails";
import { kindIsEmailed } from "./preferences";
import type { AlertMailer } from "./raise";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest digest time (`hourUtc`:00 UTC) at or before `now`. */
export function digestCutoff(now: Date, hourUtc: number): Date {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  return cutoff.getTime() > now.getTime() ? new Date(cutoff.getTime() - DAY_MS) : cutoff;
}

/**
 * Sends the daily digests that are due at `now`: each member who chose the digest gets one e-mail per
 * workspace listing that workspace's alerts (of the kinds they want) from the 24 hours before the
 * latest digest time, not yet e-mailed. Marking them e-mailed and writing the e-mail are one
 * transaction, and alerts after the digest time wait for the next day's, so a member hears at most
 * once a day and never twice of one alert, however often the cron runs. Returns how many were sent.
 */
export async function sendDueDigests(
  db: Db,
  mailer: AlertMailer,
  opts: { now: Date; hourUtc: number },
): Promise<number> {
  const cutoff = digestCutoff(opts.now, opts.hourUtc);
  const from = new Date(cutoff.getTime() - DAY_MS);
  // Only members with something to send: the cron runs every minute, nearly always finding nobody.
  const due = await db.execute<{ workspace_id: string; user_id: string }>(sql`
    SELECT DISTINCT n.workspace_id, n.user_id
    FROM notification_preferences p
    -- Still a member: someone who left hears nothing more of the workspace.
    JOIN memberships m ON m.workspace_id = p.workspace_id AND m.user_id = p.user_id
    JOIN notifications n ON n.workspace_id = p.workspace_id AND n.user_id = p.user_id
    WHERE p.daily_digest AND n.emailed_at IS NULL
      AND n.created_at >= ${from.toISOString()} AND n.created_at < ${cutoff.toISOString()}
      AND ${kindIsEmailed(sql`n.kind`)}
  `);
  const members = due.rows.map((r) => ({ workspaceId: r.workspace_id, userId: r.user_id }));
  let sent = 0;
  for (const member of members) {
    const went = await db.transaction(async (tx) => {
      const claimed = await tx
        .update(notifications)
        .set({ emailedAt: sql`now()` })
        .where(
          and(
            eq(notifications.workspaceId, member.workspaceId),
            eq(notifications.userId, member.userId),
            isNull(notifications.emailedAt),
            gte(notifications.createdAt, from),
            lt(notifications.createdAt, cutoff),
            // Read under the update's lock: a member who left the digest since the list was read is skipped.
            sql`EXISTS (
              SELECT 1 FROM notification_preferences p
              WHERE p.workspace_id = ${notifications.workspaceId} AND p.user_id = ${notifications.userId}
                AND p.daily_digest AND ${kindIsEmailed(sql`${notifications.kind}`)})`,
          ),
        )
        .returning({ id: notifications.id });
      const alerts = await alertsForEmail(
        tx,
        claimed.map((r) => r.id),
      );
      if (alerts.length === 0) return false;
      await sendEmail(tx, mailer.log, digestEmail(alerts, mailer.links));
      return true;
    });
    if (went) sent += 1;
  }
  return sent;
}
