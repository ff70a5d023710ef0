import type { Branding } from "@loom-lite/schema";
import { memberships, user, workspaces } from "@loom-lite/schema/db";
import { and, eq, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import type { ImageKind } from "./asset-kinds";
import { findAsset } from "./assets";
import type { WorkspaceScope } from "./workspace-scope";
import { isUniqueViolation, type MemberRole, pinSessionWorkspace, RESERVED_SLUGS } from "./workspaces";

export interface WorkspaceDetails {
  id: string;
  name: string;
  slug: string;
  plan: string;
  /** Renders of this workspace that may run at once (its plan's cap). */
  renderConcurrency: number;
  branding: Branding;
  createdAt: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export async function getWorkspaceDetails(ws: WorkspaceScope): Promise<WorkspaceDetails> {
  const { db, workspaceId } = ws;
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!row) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    plan: row.plan,
    renderConcurrency: row.renderConcurrency,
    branding: row.branding,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A logo (or the rep's photo) must be an image this workspace uploaded as one. */
export async function checkImageAsset(
  db: Db,
  workspaceId: string,
  assetId: string,
  kind: ImageKind,
  field: string,
): Promise<void> {
  const asset = await findAsset(db, workspaceId, assetId);
  if (!asset) throw new ApiError("BAD_REQUEST", `${field}: ${assetId} is not an asset of this workspace`);
  if (asset.kind !== kind) {
    throw new ApiError("BAD_REQUEST", `${field}: ${assetId} is a ${asset.kind}, not a ${kind} image`);
  }
}

/**
 * Renames the workspace, moves its landing pages to another subdomain (slug), or changes its branding.
 * Links already sent with the old subdomain stop working, which the dashboard warns about.
 */
export async function updateWorkspace(
  ws: WorkspaceScope,
  patch: { name?: string; slug?: string; branding?: Branding },
): Promise<WorkspaceDetails> {
  const { db, workspaceId } = ws;
  if (patch.slug !== undefined) {
    if (!SLUG.test(patch.slug)) {
      throw new ApiError(
        "BAD_REQUEST",
        "slug: 1 to 40 lowercase letters, digits or dashes, not starting or ending with a dash",
      );
    }
    if (RESERVED_SLUGS.has(patch.slug)) {
      throw new ApiError("BAD_REQUEST", `slug: "${patch.slug}" is reserved; choose another`);
    }
  }
  if (patch.branding?.logoAssetId) {
    await checkImageAsset(db, workspaceId, patch.branding.logoAssetId, "logo", "branding.logoAssetId");
  }
  try {
    const updated = await db
      .update(workspaces)
      .set({ name: patch.name, slug: patch.slug, branding: patch.branding })
      .where(eq(workspaces.id, workspaceId))
      .returning({ id: workspaces.id });
    if (updated.length === 0) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ApiError("CONFLICT", `slug: "${patch.slug}" is taken by another workspace`);
    }
    throw err;
  }
  return getWorkspaceDetails(ws);
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  joinedAt: string;
}

export async function listMembers(ws: WorkspaceScope): Promise<MemberView[]> {
  const { db, workspaceId } = ws;
  const rows = await db
    .select({
      userId: memberships.userId,
      name: user.name,
      email: user.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(user, eq(user.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(memberships.createdAt);
  return rows.map((r) => ({ ...r, joinedAt: r.joinedAt.toISOString() }));
}

export interface UserWorkspace {
  id: string;
  name: string;
  slug: string;
  role: MemberRole;
}

export async function listUserWorkspaces(db: Db, userId: string): Promise<UserWorkspace[]> {
  return db
    .select({ id: workspaces.id, name: workspaces.name, slug: workspaces.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(memberships.createdAt);
}

/**
 * Makes the workspace the one this session works in; other sessions of the user stay where they are.
 * New sessions start in the workspace switched to last.
 */
export async function switchWorkspace(
  db: Db,
  who: { userId: string; sessionId: string },
  workspaceId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(memberships)
      .set({ lastActiveAt: sql`clock_timestamp()` })
      .where(and(eq(memberships.userId, who.userId), eq(memberships.workspaceId, workspaceId)))
      .returning({ workspaceId: memberships.workspaceId });
    if (updated.length === 0) throw new ApiError("NOT_FOUND", `Workspace ${workspaceId} does not exist`);
    await pinSessionWorkspace(tx, who.sessionId, workspaceId);
  });
}
