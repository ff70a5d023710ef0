import { notificationPreferences } from "@loom-lite/schema/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { WorkspaceScope } from "../workspace-scope";

/** What one member has e-mailed about watch alerts in one workspace. */
export interface AlertPreferences {
  emailOpened: boolean;
  emailWatchedHalf: boolean;
  emailClicked: boolean;
  /** One e-mail a day listing the day's alerts, instead of one per alert. */
  dailyDigest: boolean;
}

/** A member without a row: every alert e-mailed as it happens. */
export const DEFAULT_PREFERENCES: AlertPreferences = {
  emailOpened: true,
  emailWatchedHalf: true,
  emailClicked: true,
  dailyDigest: false,
};

export async function getAlertPreferences(ws: WorkspaceScope, userId: string): Promise<AlertPreferences> {
  const [row] = await ws.db
    .select()
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.workspaceId, ws.workspaceId),
        eq(notificationPreferences.userId, userId),
      ),
    );
  return row
    ? {
        emailOpened: row.emailOpened,
        emailWatchedHalf: row.emailWatchedHalf,
        emailClicked: row.emailClicked,
        dailyDigest: row.dailyDigest,
      }
    : { ...DEFAULT_PREFERENCES };
}

/** Changes what is given and keeps the rest (the defaults when the member had no row). */
export async function updateAlertPreferences(
  ws: WorkspaceScope,
  userId: string,
  change: Partial<AlertPreferences>,
): Promise<AlertPreferences> {
  const next = { ...(await getAlertPreferences(ws, userId)), ...change };
  await ws.db
    .insert(notificationPreferences)
    .values({ workspaceId: ws.workspaceId, userId, ...next, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [notificationPreferences.workspaceId, notificationPreferences.userId],
      set: { ...change, updatedAt: new Date() },
    });
  return getAlertPreferences(ws, userId);
}

/**
 * SQL true when the member's preferences row `p` asks for e-mails about an alert of kind `kind`
 * (a column or expression); null-safe for a missing row, which asks for all three.
 */
export function kindIsEmailed(kind: SQL): SQL {
  return sql`CASE ${kind}
    WHEN 'opened' THEN coalesce(p.email_opened, true)
    WHEN 'watched_half' THEN coalesce(p.email_watched_half, true)
    WHEN 'clicked' THEN coalesce(p.email_clicked, true)
    ELSE false END`;
}
