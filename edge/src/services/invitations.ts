import { invitations, memberships, user, workspaces } from "@loom-lite/schema/db";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import type { Logger } from "../lib/logger";
import { sha256Hex } from "./api-keys";
import type { BillingConfig } from "./billing/config";
import { assertSeatFree } from "./billing/plan-limits";
import { openInvitationsOf } from "./open-invitations";
import { sendEmail } from "./outbox";
import type { WorkspaceScope } from "./workspace-scope";
import { pinSessionWorkspace } from "./workspaces";

export const INVITABLE_ROLES = ["admin", "member"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

/** How long an invitation link works. */
export const INVITATION_VALID_FOR_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationView {
  id: string;
  email: string;
  role: InvitableRole;
  expiresAt: string;
  createdAt: string;
}

/** The dashboard page that accepts an invitation; the token rides in the hash, never in server logs. */
export const acceptUrl = (origin: string, token: string) => `${origin}/app#/invite/${token}`;

function toView(row: typeof invitations.$inferSelect): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Invites someone by email: an invitation with a one-time token, and an email with the accept link.
 * Inviting the same address again replaces the earlier invitation (its link stops working).
 */
export async function createInvitation(
  ws: WorkspaceScope,
  log: Logger,
  input: {
    email: string;
    role: InvitableRole;
    invitedBy: string | null;
    origin: string;
    /** env.billing: with billing on, the plan's seats bound members plus pending invitations. */
    billing: BillingConfig | null;
  },
): Promise<InvitationView & { acceptUrl: string }> {
  const { db, workspaceId } = ws;
  const email = input.email.trim().toLowerCase();
  const [member] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), sql`lower(${user.email}) = ${email}`));
  if (member) throw new ApiError("CONFLICT", `email: ${email} is already a member of this workspace`);

  const [workspace] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const [inviter] = input.invitedBy
    ? await db.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, input.invitedBy))
    : [];

  const token = unguessableToken(32);
  const now = new Date();
  const row = await db.transaction(async (tx) => {
    await assertSeatFree(tx, input.billing, workspaceId, { exceptEmail: email });
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.workspaceId, workspaceId),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const [created] = await tx
      .insert(invitations)
      .values({
        id: newId("inv"),
        workspaceId: workspaceId,
        email,
        role: input.role,
        tokenHash: await sha256Hex(token),
        invitedBy: input.invitedBy,
        expiresAt: new Date(now.getTime() + INVITATION_VALID_FOR_MS),
      })
      .returning();
    return created as typeof invitations.$inferSelect;
  });

  const link = acceptUrl(input.origin, token);
  const who = inviter ? `${inviter.name || inviter.email}` : "A teammate";
  await sendEmail(db, log, {
    kind: "invitation",
    workspaceId: workspaceId,
    to: email,
    subject: `${who} invited you to ${workspace?.name ?? "a workspace"} on Loom-Lite`,
    text: `Hi,\n\n${who} invited you to join the workspace "${workspace?.name ?? ""}" on Loom-Lite, where your team makes personalized videos for every lead.\n\nAccept the invitation (sign in or create an account with this email address) within 7 days:\n\n${link}\n`,
  });
  return { ...toView(row), acceptUrl: link };
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export async function listInvitations(ws: WorkspaceScope): Promise<InvitationView[]> {
  const { db, workspaceId } = ws;
  const rows = await db
    .select()
    .from(invitations)
    .where(openInvitationsOf(workspaceId))
    .orderBy(desc(invitations.createdAt));
  return rows.map(toView);
}

export async function revokeInvitation(ws: WorkspaceScope, id: string): Promise<void> {
  const { db, workspaceId } = ws;
  const revoked = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  if (revoked.length === 0)
    throw new ApiError("NOT_FOUND", `Invitation ${id} does not exist or is no longer open`);
}

type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

async function findByToken(db: Db, token: string) {
  if (token.length < 16 || token.length > 128) return null;
  const [row] = await db
    .select({
      invitation: invitations,
      workspaceName: workspaces.name,
      workspaceSlug: workspaces.slug,
      inviterName: user.name,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(user, eq(user.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, await sha256Hex(token)));
  return row ?? null;
}

function statusOf(row: typeof invitations.$inferSelect, now = Date.now()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now) return "expired";
  return "pending";
}

/** What the accept page shows before the person signs in; 404 for an unknown token. */
export async function previewInvitation(db: Db, token: string) {
  const found = await findByToken(db, token);
  if (!found) throw new ApiError("NOT_FOUND", "This invitation link is not valid");
  return {
    workspaceName: found.workspaceName,
    email: found.invitation.email,
    role: found.invitation.role,
    invitedBy: found.inviterName ?? null,
    status: statusOf(found.invitation),
    expiresAt: found.invitation.expiresAt.toISOString(),
  };
}

/**
 * Joins the signed-in user to the invitation's workspace and makes it the current one of this session.
 * The user's email must be the invited one, and verified, so neither a forwarded link nor an account
 * signed up with someone else's address lets anyone else in.
 */
export async function acceptInvitation(
  db: Db,
  input: {
    token: string;
    userId: string;
    sessionId: string;
    userEmail: string;
    emailVerified: boolean;
    billing: BillingConfig | null;
  },
): Promise<{ workspaceId: string; name: string; slug: string; role: InvitableRole }> {
  const found = await findByToken(db, input.token);
  if (!found) throw new ApiError("NOT_FOUND", "This invitation link is not valid");
  const invitation = found.invitation;
  const status = statusOf(invitation);
  if (status !== "pending") throw new ApiError("CONFLICT", `This invitation was already ${status}`);
  if (invitation.email !== input.userEmail.trim().toLowerCase()) {
    throw new ApiError(
      "FORBIDDEN",
      `This invitation is for ${invitation.email}; you are signed in as ${input.userEmail}. Sign in with the invited address.`,
    );
  }
  if (!input.emailVerified) {
    throw new ApiError(
      "FORBIDDEN",
      `Verify your email address first: open the link we sent to ${input.userEmail}, then accept the invitation.`,
    );
  }
  await db.transaction(async (tx) => {
    // An invitation sent before a downgrade still needs a seat of the plan in force now.
    await assertSeatFree(tx, input.billing, invitation.workspaceId, { accepting: invitation.id });
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: input.userId })
      .where(
        and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      )
      .returning({ id: invitations.id });
    if (!claimed) throw new ApiError("CONFLICT", "This invitation was already used");
    await tx
      .insert(memberships)
      .values({
        workspaceId: invitation.workspaceId,
        userId: input.userId,
        role: invitation.role,
        lastActiveAt: sql`clock_timestamp()`,
      })
      .onConflictDoUpdate({
        target: [memberships.workspaceId, memberships.userId],
        set: { lastActiveAt: sql`clock_timestamp()` },
      });
    await pinSessionWorkspace(tx, input.sessionId, invitation.workspaceId);
  });
  return {
    workspaceId: invitation.workspaceId,
    name: found.workspaceName,
    slug: found.workspaceSlug,
    role: invitation.role,
  };
}
