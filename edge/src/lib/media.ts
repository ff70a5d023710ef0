import { USER_CONTENT_POLICY } from "./csp";

/** Types a browser may show in the page that links them; everything else is downloaded. */
const INLINE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "video/mp4",
  "video/quicktime",
  "video/x-m4v",
  "video/webm",
  "video/matroska",
  "video/x-matroska",
]);

/**
 * Files come from tenants (uploads) or render nodes and are served from the app's own origins, so a
 * browser must never treat one as a document: no type sniffing, a sandbox with nothing allowed (an SVG
 * or HTML file opened directly runs no script), and a download for anything that is not a plain
 * image or video. Rows stored before uploads were checked by content get the same treatment.
 */
function userContentHeaders(headers: Headers): void {
  const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  headers.set("x-content-type-options", "nosniff");
  headers.set("content-security-policy", USER_CONTENT_POLICY);
  headers.set("content-disposition", INLINE_TYPES.has(type) ? "inline" : "attachment");
}

/**
 * Serves an R2 object the way video players expect: Range requests answer 206 with Content-Range,
 * conditional requests answer 304, and every answer advertises Accept-Ranges.
 */
export async function serveMedia(bucket: R2Bucket, key: string, request: Request): Promise<Response | null> {
  const object = await bucket.get(key, { range: request.headers, onlyIf: request.headers });
  if (!object) return null;

  const headers = new Headers();
  object.writeHttpMetadata(headers);
  userContentHeaders(headers);
  headers.set("etag", object.httpEtag);
  headers.set("accept-ranges", "bytes");
  if (!headers.has("cache-control")) headers.set("cache-control", "private, max-age=3600");

  if (!("body" in object)) return new Response(null, { status: 304, headers });

  const range = object.range as { offset?: number; length?: number; suffix?: number } | undefined;
  if (range && request.headers.has("range")) {
    const start = range.suffix !== undefined ? object.size - range.suffix : (range.offset ?? 0);
    const length = range.suffix ?? range.length ?? object.size - start;
    headers.set("content-range", `bytes ${start}-${start + length - 1}/${object.size}`);
    headers.set("content-length", String(length));
    return new Response(request.method === "HEAD" ? null : object.body, { status: 206, headers });
  }
  headers.set("content-length", String(object.size));
  return new Response(request.method === "HEAD" ? null : object.body, { status: 200, headers });
}

export const mediaKeys = {
  asset: (workspaceId: string, assetId: string) => `ws/${workspaceId}/assets/${assetId}`,
  artifact: (workspaceId: string, renderId: string, name: string) =>
    `ws/${workspaceId}/renders/${renderId}/${name}`,
};

const R2_DELETE_BATCH = 1000;

/**
 * Deletes every object under a prefix, up to `maxPages` listings of 1000; says how many there were and
 * whether the prefix is empty now.
 */
export async function deletePrefix(
  bucket: R2Bucket,
  prefix: string,
  maxPages = 50,
): Promise<{ deleted: number; complete: boolean }> {
  let deleted = 0;
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const listed = await bucket.list({ prefix, cursor, limit: R2_DELETE_BATCH });
    if (listed.objects.length > 0) {
      await bucket.delete(listed.objects.map((o) => o.key));
      deleted += listed.objects.length;
    }
    if (!listed.truncated) return { deleted, complete: true };
    cursor = listed.cursor;
  }
  return { deleted, complete: false };
}
