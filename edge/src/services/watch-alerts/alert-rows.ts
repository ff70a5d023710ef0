import { campaigns, leads, notifications, user, workspaces } from "@loom-lite/schema/db";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../lib/db";
import type { AlertForEmail } from "./emails";

/** The alerts `ids` with what their e-mails say (lead, campaign, workspace, member), oldest first. */
export async function alertsForEmail(db: Db | Tx, ids: number[]): Promise<AlertForEmail[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      leadId: notifications.leadId,
      campaignId: notifications.campaignId,
      fields: leads.fields,
      campaignName: campaigns.name,
      workspaceId: notifications.workspaceId,
      workspaceName: workspaces.name,
      to: user.email,
    })
    .from(notifications)
    .innerJoin(leads, eq(leads.id, notifications.leadId))
    .innerJoin(campaigns, eq(campaigns.id, notifications.campaignId))
    .innerJoin(workspaces, eq(workspaces.id, notifications.workspaceId))
    .innerJoin(user, eq(user.id, notifications.userId))
    .where(inArray(notifications.id, ids))
    .orderBy(asc(notifications.createdAt), asc(notifications.id));
}
