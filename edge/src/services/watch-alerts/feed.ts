import { campaigns, leads, notifications, type WatchAlertKind } from "@loom-lite/schema/db";
import { and, count, desc, eq, isNull, lt } from "drizzle-orm";
import { ApiError } from "../../errors";
import type { WorkspaceScope } from "../workspace-scope";
import { leadIdentity } from "./emails";

/** The feed's ids carry a prefix like every other id of the API; the number is the row's. */
const ID_PREFIX = "ntf_";
export const NOTIFICATION_ID = /^ntf_[1-9][0-9]{0,14}$/;
const idOf = (n: number) => `${ID_PREFIX}${n}`;
const rowIdOf = (id: string) => Number(id.slice(ID_PREFIX.length));

export interface NotificationView {
  id: string;
  kind: WatchAlertKind;
  leadId: string;
  campaignId: string;
  leadName: string;
  company: string;
  campaignName: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationFeed {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

/** One member's own alerts in one workspace. */
const mine = (ws: WorkspaceScope, userId: string) =>
  and(eq(notifications.workspaceId, ws.workspaceId), eq(notifications.userId, userId));

/** The member's alerts in the workspace, newest first, `limit` a page, and how many are unread. */
export async function listNotifications(
  ws: WorkspaceScope,
  userId: string,
  opts: { limit: number; cursor?: string; unreadOnly?: boolean },
): Promise<NotificationFeed> {
  const { db } = ws;
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      leadId: notifications.leadId,
      campaignId: notifications.campaignId,
      fields: leads.fields,
      campaignName: campaigns.name,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(leads, eq(leads.id, notifications.leadId))
    .innerJoin(campaigns, eq(campaigns.id, notifications.campaignId))
    .where(
      and(
        mine(ws, userId),
        opts.cursor ? lt(notifications.id, rowIdOf(opts.cursor)) : undefined,
        opts.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(opts.limit + 1);
  const [unread] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(mine(ws, userId), isNull(notifications.readAt)));
  const items = rows.slice(0, opts.limit).map(({ fields, ...r }) => {
    const { name, company } = leadIdentity(fields);
    return {
      ...r,
      id: idOf(r.id),
      leadName: name,
      company,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    };
  });
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > opts.limit && last ? last.id : null,
    unreadCount: unread?.n ?? 0,
  };
}

/** Marks one of the member's alerts read (again is fine); 404 when it is not theirs here. */
export async function markNotificationRead(ws: WorkspaceScope, userId: string, id: string): Promise<void> {
  const [row] = await ws.db
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(mine(ws, userId), eq(notifications.id, rowIdOf(id))));
  if (!row) throw new ApiError("NOT_FOUND", `Notification ${id} does not exist`);
  if (row.readAt) return;
  await ws.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, row.id));
}

/** Marks every unread alert of the member in the workspace read; returns how many. */
export async function markAllNotificationsRead(ws: WorkspaceScope, userId: string): Promise<number> {
  const marked = await ws.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine(ws, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return marked.length;
}
