import { memberships, session, user, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { and, eq, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db, Tx } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import { trialEnd } from "./billing/plan-in-force";

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
}

/** Subdomains the platform keeps for itself; a workspace never gets one. */
export const RESERVED_SLUGS = new Set([
  "www",
  "app",
  "api",
  "admin",
  "docs",
  "static",
  "assets",
  "mail",
  "nodes",
]);
const MAX_SLUG_LENGTH = 40;
const UNIQUE_VIOLATION = "23505";

/** `Ada Lovelace` → `ada-lovelace`; only [a-z0-9-], so it is a valid DNS label. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/g, "");
}

function slugBase(user: { name?: string | null; email: string }): string {
  const fromName = slugify(user.name ?? "");
  const base = fromName || slugify(user.email.split("@")[0] ?? "") || "workspace";
  return RESERVED_SLUGS.has(base) ? `${base}-ws` : base;
}

export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

export type MemberRole = (typeof memberships.$inferSelect)["role"];

/**
 * The workspace a new session of the user starts in: the one they switched to last, else their oldest
 * membership; null when they belong to none.
 */
export async function findWorkspaceOfUser(
  db: Db,
  userId: string,
): Promise<(WorkspaceSummary & { role: MemberRole }) | null> {
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${memberships.lastActiveAt} DESC NULLS LAST`, memberships.createdAt)
    .limit(1);
  return rows[0] ?? null;
}

/**
 * The workspace a signed-in session works in: the one pinned to the session while the user is still a
 * member there; else the user's most recent one (their own, created when they have none), which is then
 * pinned, so a switch in another session never moves this one.
 */
export async function workspaceOfSession(
  db: Db,
  signedIn: {
    sessionId: string;
    activeWorkspaceId: string | null;
    user: { id: string; name?: string | null; email: string };
  },
): Promise<WorkspaceSummary & { role: MemberRole }> {
  if (signedIn.activeWorkspaceId) {
    const [pinned] = await db
      .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(
        and(
          eq(memberships.userId, signedIn.user.id),
          eq(memberships.workspaceId, signedIn.activeWorkspaceId),
        ),
      );
    if (pinned) return pinned;
  }
  // Normally created at sign-up; this also repairs a user whose sign-up hook did not finish.
  const workspace = await ensureWorkspaceForUser(db, signedIn.user);
  await pinSessionWorkspace(db, signedIn.sessionId, workspace.id);
  return workspace;
}

/** Makes the workspace the one this session works in (membership is the caller's to check). */
export async function pinSessionWorkspace(
  db: Db | Tx,
  sessionId: string,
  workspaceId: string,
): Promise<void> {
  await db.update(session).set({ activeWorkspaceId: workspaceId }).where(eq(session.id, sessionId));
}

export async function getWorkspace(db: Db, workspaceId: string): Promise<WorkspaceSummary> {
  const [row] = await db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  return row;
}

/**
 * Gives a user their own workspace with them as owner, unless they already have one. The slug comes
 * from the name (or the email's local part); a taken slug gets a short random suffix.
 */
export async function ensureWorkspaceForUser(
  db: Db,
  user: { id: string; name?: string | null; email: string },
): Promise<WorkspaceSummary & { role: MemberRole }> {
  const existing = await findWorkspaceOfUser(db, user.id);
  if (existing) return existing;

  const base = slugBase(user);
  const name = user.name?.trim() || user.email.split("@")[0] || "My workspace";
  for (let attempt = 0; attempt < 6; attempt++) {
    const slug = attempt === 0 ? base : `${base.slice(0, MAX_SLUG_LENGTH - 5)}-${suffix()}`;
    const workspace = { id: newId("ws"), name, slug };
    try {
      await db.transaction(async (tx) => {
        await tx.insert(workspaces).values(workspace);
        await tx.insert(memberships).values({ workspaceId: workspace.id, userId: user.id, role: "owner" });
        // Every workspace starts on the no-card trial (the plan column's default).
        await tx
          .insert(workspaceBilling)
          .values({ workspaceId: workspace.id, trialEndsAt: trialEnd(new Date()) });
      });
      return { ...workspace, role: "owner" };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new ApiError("CONFLICT", "Could not find a free workspace address; try again");
}

function suffix(): string {
  return unguessableToken(4).toLowerCase();
}

export async function getMe(
  db: Db,
  principal: { userId: string | null; workspaceId: string },
): Promise<{
  user: { id: string; name: string; email: string; emailVerified: boolean } | null;
  workspace: WorkspaceSummary;
}> {
  const workspace = await getWorkspace(db, principal.workspaceId);
  if (!principal.userId) return { user: null, workspace };
  const [found] = await db
    .select({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified })
    .from(user)
    .where(eq(user.id, principal.userId));
  return { user: found ?? null, workspace };
}

/** Whether an account other than `exceptUserId` signs in with this address. */
export async function emailInUse(db: Db, email: string, exceptUserId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: user.id })
    .from(user)
    .where(sql`lower(${user.email}) = ${email.trim().toLowerCase()} and ${user.id} <> ${exceptUserId}`);
  return row !== undefined;
}
