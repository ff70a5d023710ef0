import { apiKeys } from "@loom-lite/schema/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";

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

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: string | null;
  createdAt: string;
}

export async function createApiKey(
  db: Db,
  input: { workspaceId: string; name: string; createdBy: string | null },
): Promise<{ id: string; name: string; prefix: string; key: string }> {
  const key = `${API_KEY_PREFIX}${unguessableToken(32)}`;
  const row = {
    id: newId("key"),
    workspaceId: input.workspaceId,
    name: input.name,
    prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
    hash: await sha256Hex(key),
    createdBy: input.createdBy,
  };
  await db.insert(apiKeys).values(row);
  return { id: row.id, name: row.name, prefix: row.prefix, key };
}

export async function listApiKeys(db: Db, workspaceId: string): Promise<ApiKeyView[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function revokeApiKey(db: Db, workspaceId: string, id: string): Promise<void> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw new ApiError("NOT_FOUND", `API key ${id} does not exist`);
}

export interface VerifiedApiKey {
  id: string;
  workspaceId: string;
  createdBy: string | null;
}

/** Resolves a presented key to its workspace; null for unknown, malformed or revoked keys. */
export async function verifyApiKey(db: Db, presented: string): Promise<VerifiedApiKey | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 128) return null;
  const hash = await sha256Hex(presented);
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)));
  if (!row || !constantTimeEqual(row.hash, hash)) return null;

  // Written at most once a minute per key, so busy keys do not turn every read into a write.
  const lastUsed = row.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, workspaceId: row.workspaceId, createdBy: row.createdBy };
}
