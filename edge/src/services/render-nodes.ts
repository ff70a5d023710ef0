import { ACTIVE_RENDER_STATES } from "@loom-lite/schema";
import { renderNodes, renders } from "@loom-lite/schema/db";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId, unguessableToken } from "../lib/ids";
import { sha256Hex } from "./api-keys";

export const NODE_TOKEN_PREFIX = "ll_node_";
const DISPLAY_PREFIX_LENGTH = 12;
/** lastSeenAt is written at most this often per node, so heartbeats do not each cost a write. */
const LAST_SEEN_RESOLUTION_MS = 5_000;
const UNIQUE_VIOLATION = "23505";

export interface AuthenticatedNode {
  id: string;
  name: string;
}

export interface RenderNodeView {
  id: string;
  name: string;
  tokenPrefix: string;
  capacity: number;
  version: string | null;
  lastSeenAt: string | null;
  /** When an operator revoked the node's token; null while it may call the edge. */
  revokedAt: string | null;
  createdAt: string;
  /** Renders this node holds a lease on right now. */
  renders: { id: string; workspaceId: string; state: string; progress: number }[];
}

export interface IssuedNodeToken {
  id: string;
  name: string;
  capacity: number;
  token: string;
}

/** A fresh node token and what is stored of it (its hash and a display prefix). */
async function newNodeToken(): Promise<{ token: string; tokenHash: string; tokenPrefix: string }> {
  const token = `${NODE_TOKEN_PREFIX}${unguessableToken(40)}`;
  return { token, tokenHash: await sha256Hex(token), tokenPrefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** Registers a node; the token is returned once and only its hash is kept. */
export async function createRenderNode(
  db: Db,
  input: { name: string; capacity: number },
): Promise<IssuedNodeToken> {
  const { token, tokenHash, tokenPrefix } = await newNodeToken();
  const row = { id: newId("nd"), name: input.name, capacity: input.capacity, tokenHash, tokenPrefix };
  try {
    await db.insert(renderNodes).values(row);
  } catch (error) {
    if (pgCode(error) === UNIQUE_VIOLATION) {
      throw new ApiError("CONFLICT", `A render node named "${input.name}" already exists`);
    }
    throw error;
  }
  return { id: row.id, name: row.name, capacity: row.capacity, token };
}

/**
 * Gives a node a new token, shown once; the old one is refused from this moment. A revoked node comes
 * back with the new token (its old, possibly stolen, token stays dead).
 */
export async function rotateRenderNodeToken(db: Db, id: string): Promise<IssuedNodeToken> {
  const { token, tokenHash, tokenPrefix } = await newNodeToken();
  const [node] = await db
    .update(renderNodes)
    .set({ tokenHash, tokenPrefix, revokedAt: null })
    .where(eq(renderNodes.id, id))
    .returning({ id: renderNodes.id, name: renderNodes.name, capacity: renderNodes.capacity });
  if (!node) throw new ApiError("NOT_FOUND", `No render node ${id}`);
  return { ...node, token };
}

/**
 * Refuses the node's token from now on (every call answers 401). Renders it holds go back to the queue
 * when their lease runs out, as for a node that went away. Revoking twice keeps the first time.
 */
export async function revokeRenderNode(db: Db, id: string): Promise<RenderNodeView> {
  await db
    .update(renderNodes)
    .set({ revokedAt: new Date() })
    .where(and(eq(renderNodes.id, id), isNull(renderNodes.revokedAt)));
  const [node] = await listRenderNodes(db, id);
  if (!node) throw new ApiError("NOT_FOUND", `No render node ${id}`);
  return node;
}

/** Every node (or the one with `id`), with the renders each holds. */
export async function listRenderNodes(db: Db, id?: string): Promise<RenderNodeView[]> {
  const nodes = await db
    .select()
    .from(renderNodes)
    .where(id === undefined ? undefined : eq(renderNodes.id, id))
    .orderBy(asc(renderNodes.createdAt));
  const held = nodes.length
    ? await db
        .select({
          id: renders.id,
          nodeId: renders.nodeId,
          workspaceId: renders.workspaceId,
          state: renders.state,
          progress: renders.progress,
        })
        .from(renders)
        .where(
          and(
            inArray(
              renders.nodeId,
              nodes.map((n) => n.id),
            ),
            inArray(renders.state, [...ACTIVE_RENDER_STATES]),
          ),
        )
    : [];
  return nodes.map((n) => ({
    id: n.id,
    name: n.name,
    tokenPrefix: n.tokenPrefix,
    capacity: n.capacity,
    version: n.version,
    lastSeenAt: n.lastSeenAt?.toISOString() ?? null,
    revokedAt: n.revokedAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
    renders: held
      .filter((r) => r.nodeId === n.id)
      .map(({ id, workspaceId, state, progress }) => ({ id, workspaceId, state, progress })),
  }));
}

/** The node a bearer token belongs to, or null (unknown or revoked); notes that the node was seen. */
export async function authenticateNode(
  db: Db,
  token: string,
  version: string | null,
): Promise<AuthenticatedNode | null> {
  if (!token.startsWith(NODE_TOKEN_PREFIX) || token.length > 128) return null;
  const [node] = await db
    .select({
      id: renderNodes.id,
      name: renderNodes.name,
      lastSeenAt: renderNodes.lastSeenAt,
      version: renderNodes.version,
    })
    .from(renderNodes)
    .where(and(eq(renderNodes.tokenHash, await sha256Hex(token)), isNull(renderNodes.revokedAt)));
  if (!node) return null;

  const stale = Date.now() - (node.lastSeenAt?.getTime() ?? 0) > LAST_SEEN_RESOLUTION_MS;
  const newVersion = version !== null && version !== node.version;
  if (stale || newVersion) {
    await db
      .update(renderNodes)
      .set({ lastSeenAt: new Date(), ...(newVersion ? { version } : {}) })
      .where(eq(renderNodes.id, node.id));
  }
  return { id: node.id, name: node.name };
}

function pgCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
