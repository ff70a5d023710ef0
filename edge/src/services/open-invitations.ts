import { invitations } from "@loom-lite/schema/db";
import { and, eq, gt, isNull } from "drizzle-orm";

/** The workspace's invitations still waiting for an answer: not accepted, revoked or expired. */
export function openInvitationsOf(workspaceId: string, now = new Date()) {
  return and(
    eq(invitations.workspaceId, workspaceId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, now),
  );
}
