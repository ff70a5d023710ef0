import { memberships, session, user, workspaces } from "@loom-lite/schema/db";
import { and, count, eq } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Tx } from "../lib/db";
import { revokeKeysOf } from "./api-keys";
import type { WorkspaceScope } from "./workspace-scope";
import type { MemberView } from "./workspace-settings";
import type { MemberRole } from "./workspaces";

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

/**
 * Who asks: a person (their session) or an API key. `cap` is the most the caller may act as: owner for a
 * session, the key's scope for a key. Their role is read again inside the change, under the lock.
 */
export interface MembershipActor {
  userId: string | null;
  cap: MemberRole;
}

interface Locked {
  actorRole: MemberRole | null;
  target: { role: MemberRole; name: string; email: string; joinedAt: Date };
  owners: number;
}

/**
 * Reads the actor, the target and the owner count with the workspace row locked, so two changes at
 * once cannot both pass the last-owner check (two owners demoting each other).
 */
async function lockAndRead(
  tx: Tx,
  workspaceId: string,
  actor: MembershipActor,
  targetUserId: string,
): Promise<Locked> {
  const [ws] = await tx
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .for("update");
  if (!ws) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  const roleOf = async (userId: string) =>
    (
      await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    )[0]?.role ?? null;

  const actorMembership = actor.userId ? await roleOf(actor.userId) : null;
  const actorRole =
    actorMembership === null ? null : RANK[actorMembership] <= RANK[actor.cap] ? actorMembership : actor.cap;

  const [target] = await tx
    .select({
      role: memberships.role,
      name: user.name,
      email: user.email,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, targetUserId)));
  if (!target) throw new ApiError("NOT_FOUND", `userId: ${targetUserId} is not a member of this workspace`);
  const [owners] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));
  return { actorRole, target, owners: owners?.n ?? 0 };
}

/**
 * The rules, in one place: owners and admins manage; only an owner touches an owner or makes one; the
 * last owner is never demoted or removed. `to` is the new role, or null for a removal.
 */
function checkChange(locked: Locked, targetUserId: string, to: MemberRole | null): void {
  const { actorRole, target, owners } = locked;
  if (actorRole !== "owner" && actorRole !== "admin") {
    throw new ApiError("FORBIDDEN", "Only the workspace's owner or an admin can manage its members");
  }
  if (actorRole !== "owner" && (target.role === "owner" || to === "owner")) {
    throw new ApiError("FORBIDDEN", "Only an owner can change, remove or appoint an owner");
  }
  if (target.role === "owner" && to !== "owner" && owners <= 1) {
    throw new ApiError(
      "CONFLICT",
      `userId: ${targetUserId} is the workspace's last owner; make someone else an owner first`,
    );
  }
}

/** Gives a member another role. Their API keys are not touched: keys act with their creator's role. */
export async function changeMemberRole(
  ws: WorkspaceScope,
  actor: MembershipActor,
  targetUserId: string,
  role: MemberRole,
): Promise<MemberView> {
  const { db, workspaceId } = ws;
  return db.transaction(async (tx) => {
    const locked = await lockAndRead(tx, workspaceId, actor, targetUserId);
    checkChange(locked, targetUserId, role);
    if (locked.target.role !== role) {
      await tx
        .update(memberships)
        .set({ role })
        .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, targetUserId)));
    }
    const { name, email, joinedAt } = locked.target;
    return { userId: targetUserId, name, email, role, joinedAt: joinedAt.toISOString() };
  });
}

/**
 * Takes a person out of the workspace: their membership, the API keys they made there, and any session
 * of theirs working in it (which moves to another workspace of theirs on its next request).
 */
export async function removeMember(
  ws: WorkspaceScope,
  actor: MembershipActor,
  targetUserId: string,
): Promise<{ revokedKeys: number }> {
  const { db, workspaceId } = ws;
  return db.transaction(async (tx) => {
    checkChange(await lockAndRead(tx, workspaceId, actor, targetUserId), targetUserId, null);
    await tx
      .delete(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, targetUserId)));
    const revokedKeys = await revokeKeysOf(tx, workspaceId, targetUserId);
    await tx
      .update(session)
      .set({ activeWorkspaceId: null })
      .where(and(eq(session.userId, targetUserId), eq(session.activeWorkspaceId, workspaceId)));
    return { revokedKeys };
  });
}
