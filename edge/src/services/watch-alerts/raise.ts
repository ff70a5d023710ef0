import type { WatchAlertKind } from "@loom-lite/schema/db";
import { notifications } from "@loom-lite/schema/db";
import { and, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../lib/db";
import type { Logger } from "../../lib/logger";
import { sendEmail } from "../outbox";
import { alertsForEmail } from "./alert-rows";
import { type DashboardLinks, instantAlertEmail } from "./emails";
import { kindIsEmailed } from "./preferences";

/** What a lead event must be to raise a watch alert, in the beacon's terms. */
export function alertKindOf(event: { type: string; percent?: number | null }): WatchAlertKind | null {
  if (event.type === "view") return "opened";
  if (event.type === "cta_click") return "clicked";
  // The page reports each milestone it passes (25, 50, 75, 100), so 50 is the "past half" moment.
  if (event.type === "progress" && event.percent === 50) return "watched_half";
  return null;
}

export interface AlertMailer {
  log: Logger;
  links: DashboardLinks;
}

/**
 * Raises the alerts of one recorded lead event (found by its lead and dedupe key): one per member of
 * the workspace who was a member when it happened, only for a prospect's event of an alerting kind,
 * and e-mails at once the members who want that (see kindIsEmailed; digest members wait for the cron).
 * The unique (event, member) index makes a second call a no-op; the alerts and their e-mails are one
 * transaction, so an alert is never left un-mailed by a failure between the two. Returns how many
 * alerts were raised.
 */
export async function raiseWatchAlerts(
  db: Db,
  mailer: AlertMailer,
  event: { leadId: string; dedupeKey: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const raised = await tx.execute<{ id: string }>(sql`
      INSERT INTO notifications (workspace_id, user_id, campaign_id, lead_id, kind, lead_event_id)
      SELECT e.workspace_id, m.user_id, e.campaign_id, e.lead_id,
             CASE e.type WHEN 'view' THEN 'opened' WHEN 'cta_click' THEN 'clicked' ELSE 'watched_half' END,
             e.id
      FROM lead_events e
      JOIN memberships m ON m.workspace_id = e.workspace_id AND m.created_at <= e.occurred_at
      WHERE e.lead_id = ${event.leadId} AND e.dedupe_key = ${event.dedupeKey}
        AND e.audience = 'prospect'
        AND (e.type IN ('view', 'cta_click') OR (e.type = 'progress' AND e.percent = 50))
      ON CONFLICT (lead_event_id, user_id) DO NOTHING
      RETURNING id
    `);
    const ids = raised.rows.map((r) => Number(r.id));
    if (ids.length === 0) return 0;
    const instant = await tx
      .update(notifications)
      .set({ emailedAt: sql`now()` })
      .where(
        and(
          inArray(notifications.id, ids),
          isNull(notifications.emailedAt),
          sql`NOT EXISTS (
            SELECT 1 FROM notification_preferences p
            WHERE p.workspace_id = ${notifications.workspaceId} AND p.user_id = ${notifications.userId}
              AND (p.daily_digest OR NOT ${kindIsEmailed(sql`${notifications.kind}`)}))`,
        ),
      )
      .returning({ id: notifications.id });
    const alerts = await alertsForEmail(
      tx,
      instant.map((r) => r.id),
    );
    for (const alert of alerts) await sendEmail(tx, mailer.log, instantAlertEmail(alert, mailer.links));
    return ids.length;
  });
}
