import { ACTIVE_RENDER_STATES } from "@loom-lite/schema";
import {
  apiKeys,
  assets,
  campaigns,
  invitations,
  leads,
  memberships,
  outboxEmails,
  renders,
  user,
  workspaces,
} from "@loom-lite/schema/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { GateClient } from "../gate/client";
import { forgetSlug } from "../landing/cache";
import type { CustomHostnamesClient } from "../lib/cloudflare-custom-hostnames";
import type { Db } from "../lib/db";
import { removeWorkspaceDomains } from "./custom-domains";
import { deleteRowsWithMedia, type MediaStores } from "./render-media";

export interface DeletionReport {
  workspace: { id: string; slug: string };
  removed: {
    campaigns: number;
    leads: number;
    renders: number;
    assets: number;
    apiKeys: number;
    memberships: number;
    invitations: number;
    emails: number;
    /** Files removed from media storage (everything under ws/<workspace id>/, and its Bunny objects). */
    mediaFiles: number;
    /** Files still queued for deletion (a store did not answer); the cron retries until they are gone. */
    mediaFilesPending?: number;
  };
  userDeleted: boolean;
}

async function count(
  db: Db,
  table:
    | typeof campaigns
    | typeof leads
    | typeof renders
    | typeof assets
    | typeof apiKeys
    | typeof memberships
    | typeof invitations
    | typeof outboxEmails,
  workspaceId: string,
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(eq(table.workspaceId, workspaceId));
  return row?.n ?? 0;
}

/**
 * Deletes the owner's account: the workspace with every row that belongs to it, its media (R2 under
 * ws/<id>/, and every Bunny object its renders' nodes announced), and the user. The media are queued in
 * the transaction that deletes the rows, so a store that does not answer delays them, never loses
 * them. Running renders are told to stop first. `confirm` must be the workspace's slug, typed by the
 * person, so a stray click cannot do this.
 */
export async function deleteAccount(
  deps: {
    db: Db;
    stores: MediaStores;
    /** A render that was running may still have an upload in flight for up to a lease. */
    leaseMs: number;
    gate: GateClient;
    /** Custom domains are removed from Cloudflare before the workspace's rows go. */
    customHostnames?: CustomHostnamesClient | null;
    customDomainTarget?: string;
  },
  input: { userId: string; workspaceId: string; confirm: string },
): Promise<DeletionReport> {
  const { db } = deps;
  const [workspace] = await db
    .select({ id: workspaces.id, slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, input.workspaceId));
  if (!workspace) throw new ApiError("NOT_FOUND", `Workspace ${input.workspaceId} does not exist`);
  if (input.confirm.trim() !== workspace.slug) {
    throw new ApiError("BAD_REQUEST", `confirm: type the workspace address "${workspace.slug}" to confirm`);
  }

  const removed: DeletionReport["removed"] = {
    campaigns: await count(db, campaigns, workspace.id),
    leads: await count(db, leads, workspace.id),
    renders: await count(db, renders, workspace.id),
    assets: await count(db, assets, workspace.id),
    apiKeys: await count(db, apiKeys, workspace.id),
    memberships: await count(db, memberships, workspace.id),
    invitations: await count(db, invitations, workspace.id),
    emails: await count(db, outboxEmails, workspace.id),
    mediaFiles: 0,
  };

  const running = await db
    .update(renders)
    .set({ cancelRequested: true, updatedAt: new Date() })
    .where(and(eq(renders.workspaceId, workspace.id), inArray(renders.state, [...ACTIVE_RENDER_STATES])))
    .returning({ id: renders.id });
  await Promise.all(running.map((r) => deps.gate.cancel(r.id)));

  await removeWorkspaceDomains(
    { db, cloudflare: deps.customHostnames ?? null, target: deps.customDomainTarget },
    workspace.id,
  );
  const media = await deleteRowsWithMedia(
    db,
    deps.stores,
    { workspaceId: workspace.id, wholeWorkspace: true },
    async (tx) => {
      await tx.delete(workspaces).where(eq(workspaces.id, workspace.id));
      await tx.delete(user).where(eq(user.id, input.userId));
    },
    { activeDelayMs: deps.leaseMs },
  );
  await forgetSlug(workspace.slug);
  removed.mediaFiles = media.deleted;
  if (media.pending > 0) removed.mediaFilesPending = media.pending;
  return { workspace, removed, userDeleted: true };
}
