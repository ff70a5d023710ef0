import { apiKeys, memberships } from "@loom-lite/schema/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db, Tx } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import type { WorkspaceScope } from "./workspace-scope";

export const API_KEY_PREFIX = "ll_live_";
const DISPLAY_PREFIX_LENGTH = 12;
const LAST_USED_RESOLUTION_MS = 60_000;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two strings without an early exit, so timing does not reveal how much matched. */
function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  if (left.byteLength !== right.byteLength) return false;
  return crypto.subtle.timingSafeEqual(left, right);
}

export const KEY_SCOPES = ["admin", "member"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];
type Role = "owner" | "admin" | "member";

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/** The highest scope a key may get from someone with this role: owner-only actions need a session. */
export function maxKeyScope(role: Role): KeyScope {
  return role === "member" ? "member" : "admin";
}

/**
 * What a key may do now: the lower of its scope and its creator's current role in the key's workspace.
 * A key whose creator was deleted acts as a member; one whose creator left the workspace does nothing.
 */
export function keyRoleNow(key: {
  scope: KeyScope | null;
  createdBy: string | null;
  creatorRole: Role | null;
}): KeyScope | null {
  if (key.createdBy === null) return "member";
  if (key.creatorRole === null) return null;
  const creatorCap = maxKeyScope(key.creatorRole);
  const scope = key.scope ?? "admin";
  return RANK[scope] <= RANK[creatorCap] ? scope : creatorCap;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: KeyScope;
  /** The user who created it; null once that user is deleted. */
  createdBy: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/**
 * Creates a key of `role` scope (by default the creator's own role, at most admin); a scope above the
 * creator's role is refused.
 */
export async function createApiKey(
  ws: WorkspaceScope,
  input: {
    name: string;
    createdBy: string | null;
    creatorRole: Role;
    role?: KeyScope;
  },
): Promise<{ id: string; name: string; prefix: string; role: KeyScope; key: string }> {
  const { db, workspaceId } = ws;
  const allowed = maxKeyScope(input.creatorRole);
  const role = input.role ?? allowed;
  if (RANK[role] > RANK[allowed]) {
    throw new ApiError(
      "FORBIDDEN",
      `role: a ${input.creatorRole} can create keys of scope "${allowed}" at most, not "${role}"`,
    );
  }
  const key = `${API_KEY_PREFIX}${unguessableToken(32)}`;
  const row = {
    id: newId("key"),
    workspaceId,
    name: input.name,
    prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
    hash: await sha256Hex(key),
    createdBy: input.createdBy,
    role,
  };
  await db.insert(apiKeys).values(row);
  return { id: row.id, name: row.name, prefix: row.prefix, role, key };
}

export async function listApiKeys(ws: WorkspaceScope): Promise<ApiKeyView[]> {
  const { db, workspaceId } = ws;
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role ?? "admin",
    createdBy: r.createdBy,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Revokes a key: managers any of the workspace's keys, everyone else only the keys they created. */
export async function revokeApiKey(
  ws: WorkspaceScope,
  id: string,
  by: { userId: string | null; manager: boolean },
): Promise<void> {
  const { db, workspaceId } = ws;
  const [key] = await db
    .select({ createdBy: apiKeys.createdBy })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)));
  if (!key) throw new ApiError("NOT_FOUND", `API key ${id} does not exist`);
  if (!by.manager && (by.userId === null || key.createdBy !== by.userId)) {
    throw new ApiError("FORBIDDEN", "Only the key's creator, the owner or an admin can revoke this key");
  }
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)));
}

/** Revokes every key a person made in the workspace (they are leaving it); answers how many. */
export async function revokeKeysOf(tx: Db | Tx, workspaceId: string, userId: string): Promise<number> {
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)),
    )
    .returning({ id: apiKeys.id });
  return revoked.length;
}

export interface VerifiedApiKey {
  id: string;
  workspaceId: string;
  createdBy: string | null;
  /** What the key may do now (keyRoleNow). */
  role: KeyScope;
}

/**
 * Resolves a presented key to its workspace and the role it acts with now; null for unknown, malformed
 * or revoked keys, and for keys whose creator is no longer a member of the workspace.
 */
export async function verifyApiKey(db: Db, presented: string): Promise<VerifiedApiKey | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 128) return null;
  const hash = await sha256Hex(presented);
  const [found] = await db
    .select({ key: apiKeys, creatorRole: memberships.role })
    .from(apiKeys)
    .leftJoin(
      memberships,
      and(eq(memberships.workspaceId, apiKeys.workspaceId), eq(memberships.userId, apiKeys.createdBy)),
    )
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  if (!found || !constantTimeEqual(found.key.hash, hash)) return null;
  const row = found.key;
  const role = keyRoleNow({ scope: row.role, createdBy: row.createdBy, creatorRole: found.creatorRole });
  if (role === null) return null;

  // Written at most once a minute per key, so busy keys do not turn every read into a write.
  const lastUsed = row.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, workspaceId: row.workspaceId, createdBy: row.createdBy, role };
}
