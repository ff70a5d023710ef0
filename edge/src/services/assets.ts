import { assets } from "@loom-lite/schema/db";
import { and, desc, eq } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import { mediaKeys } from "../lib/media";
import { inspectUpload } from "./asset-inspection";
import type { AssetKind } from "./asset-kinds";
import type { WorkspaceScope } from "./workspace-scope";

export const MAX_ASSET_BYTES = 200 * 1024 * 1024;

/**
 * Content types a client may declare for each kind. The declaration only has to fit the kind: what is
 * stored and served is the type the bytes turn out to be (services/asset-inspection).
 */
export const ASSET_CONTENT_TYPES: Record<AssetKind, readonly string[]> = {
  facecam: ["video/mp4", "video/webm", "video/quicktime", "video/x-matroska"],
  logo: ["image/png", "image/jpeg", "image/webp", "image/gif"],
  photo: ["image/png", "image/jpeg", "image/webp", "image/gif"],
  csv: ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"],
};

export interface AssetView {
  id: string;
  kind: AssetKind;
  /** What the rep called it; null when never named. */
  name: string | null;
  bytes: number;
  contentType: string;
  /** A facecam's length as its container measures it, in milliseconds; null for other kinds. */
  durationMs: number | null;
  createdAt: string;
}

type AssetRow = typeof assets.$inferSelect;

export function toAssetView(row: AssetRow): AssetView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    bytes: row.bytes,
    contentType: row.contentType,
    durationMs: row.durationMs,
    createdAt: row.createdAt.toISOString(),
  };
}

/** `video/mp4; codecs=…` → `video/mp4`, checked against the kind's list. */
export function acceptedContentType(kind: AssetKind, header: string | undefined): string {
  const mediaType = header?.split(";")[0]?.trim().toLowerCase();
  if (!mediaType) {
    throw new ApiError(
      "BAD_REQUEST",
      `content-type: required; a ${kind} is one of ${ASSET_CONTENT_TYPES[kind].join(", ")}`,
    );
  }
  if (mediaType === "image/svg+xml") {
    throw new ApiError(
      "BAD_REQUEST",
      `content-type: SVG is not accepted (it can carry script); upload a ${kind} as ${ASSET_CONTENT_TYPES[kind].join(", ")}`,
    );
  }
  if (!ASSET_CONTENT_TYPES[kind].includes(mediaType)) {
    throw new ApiError(
      "BAD_REQUEST",
      `content-type: ${mediaType} is not accepted for a ${kind}; use one of ${ASSET_CONTENT_TYPES[kind].join(", ")}`,
    );
  }
  return mediaType;
}

/** Checks the declared length before anything is stored; R2 needs it to accept a stream anyway. */
export function acceptedLength(header: string | undefined): number {
  if (header === undefined || !/^\d+$/.test(header.trim())) {
    throw new ApiError("BAD_REQUEST", "content-length: required (send the file as the raw request body)");
  }
  const length = Number(header);
  if (length === 0) throw new ApiError("BAD_REQUEST", "body: the file is empty");
  if (length > MAX_ASSET_BYTES) {
    throw new ApiError("BAD_REQUEST", `body: ${length} bytes is over the limit of ${MAX_ASSET_BYTES} bytes`);
  }
  return length;
}

/**
 * Streams the body into R2 under the workspace's folder while its content is checked, then records the
 * asset. A refusal found anywhere in the file (even in its last bytes) leaves nothing stored.
 */
export async function uploadAsset(
  ws: WorkspaceScope,
  bucket: R2Bucket,
  input: { kind: AssetKind; length: number; body: ReadableStream<Uint8Array>; name?: string },
): Promise<AssetView> {
  const { db, workspaceId } = ws;
  const id = newId("ast");
  const storageKey = mediaKeys.asset(workspaceId, id);
  const inspected = await inspectUpload(input.kind, input.body, input.length);
  // R2 takes a stream only when its length is known up front.
  const sized = new FixedLengthStream(input.length);
  const [put, piped] = await Promise.allSettled([
    bucket.put(storageKey, sized.readable, { httpMetadata: { contentType: inspected.contentType } }),
    inspected.body.pipeTo(sized.writable),
  ]);
  if (put.status === "rejected" || piped.status === "rejected") {
    await bucket.delete(storageKey);
    if (piped.status === "rejected" && piped.reason instanceof ApiError) throw piped.reason;
    throw new ApiError(
      "BAD_REQUEST",
      `body: the upload did not arrive whole (${input.length} bytes were announced); send it again`,
    );
  }
  const stored = put.value;
  if (!stored || stored.size === 0) {
    await bucket.delete(storageKey);
    throw new ApiError("BAD_REQUEST", "body: the file is empty");
  }
  const [row] = await db
    .insert(assets)
    .values({
      id,
      workspaceId: workspaceId,
      kind: input.kind,
      storageKey,
      contentType: inspected.contentType,
      bytes: stored.size,
      name: input.name ?? null,
      // What billing reserves and the editor compares the scenes with (the node measures it again).
      durationMs: inspected.durationMs?.() ?? null,
    })
    .returning();
  return toAssetView(row as AssetRow);
}

export async function findAsset(db: Db, workspaceId: string, id: string): Promise<AssetRow | null> {
  const [row] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, id), eq(assets.workspaceId, workspaceId)));
  return row ?? null;
}

export async function getAsset(ws: WorkspaceScope, id: string): Promise<AssetRow> {
  const { db, workspaceId } = ws;
  const row = await findAsset(db, workspaceId, id);
  if (!row) throw new ApiError("NOT_FOUND", `Asset ${id} does not exist`);
  return row;
}

export async function getAssetView(ws: WorkspaceScope, id: string): Promise<AssetView> {
  return toAssetView(await getAsset(ws, id));
}

export async function listAssets(ws: WorkspaceScope, kind?: AssetKind): Promise<AssetView[]> {
  const { db, workspaceId } = ws;
  const rows = await db
    .select()
    .from(assets)
    .where(and(eq(assets.workspaceId, workspaceId), kind ? eq(assets.kind, kind) : undefined))
    .orderBy(desc(assets.createdAt))
    .limit(500);
  return rows.map(toAssetView);
}
