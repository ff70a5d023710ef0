import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBytes, sendJson } from "./http-body";

export const FAKE_BUNNY_ZONE = "loom-lite-test";
export const FAKE_BUNNY_KEY = "test-bunny-storage-password-0123";

interface StoredObject {
  bytes: Buffer;
  contentType: string;
}

/**
 * Bunny Storage's HTTP API (https://docs.bunny.net/storage/http) for one storage zone, in memory:
 * `PUT /{zone}/{path}` (header `AccessKey`, optional `Checksum` = uppercase hex SHA-256 of the body,
 * 201 on success, 400 on a checksum mismatch), `GET` answers the bytes, `DELETE` 200 or 404; a wrong
 * zone or key answers 401. Test hooks: `GET /_fake/bunny/objects` lists keys with sizes,
 * `POST /_fake/bunny/fail-next?count=n[&suffix=s]` makes the next n PUTs (of keys ending in `s`) answer 500,
 * `POST /_fake/bunny/outage?prefix=p&on=1|0` makes Bunny unreachable for keys under `p` (the connection
 * is dropped without an answer, as when the host is down), so one test's outage leaves the others be.
 */
export function createFakeBunnyStorage() {
  const objects = new Map<string, StoredObject>();
  let failNext = 0;
  let failSuffix = "";
  const outages = new Set<string>();

  /** Answers the request when it is Bunny's; returns false to let other fakes route it. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === "/_fake/bunny/objects") {
      sendJson(
        res,
        200,
        [...objects.entries()].map(([key, o]) => ({ key, size: o.bytes.length, contentType: o.contentType })),
      );
      return true;
    }
    if (url.pathname === "/_fake/bunny/fail-next" && req.method === "POST") {
      failNext = Number(url.searchParams.get("count") ?? "1");
      failSuffix = url.searchParams.get("suffix") ?? "";
      sendJson(res, 200, { failNext, failSuffix });
      return true;
    }
    if (url.pathname === "/_fake/bunny/outage" && req.method === "POST") {
      const prefix = url.searchParams.get("prefix") ?? "";
      if (url.searchParams.get("on") === "0") outages.delete(prefix);
      else outages.add(prefix);
      sendJson(res, 200, { outages: [...outages] });
      return true;
    }
    const match = /^\/([\w-]+)\/(.+)$/.exec(url.pathname);
    if (!match?.[1] || !match[2] || match[1] !== FAKE_BUNNY_ZONE) return false;
    const key = decodeURIComponent(match[2]);
    if ([...outages].some((prefix) => key.startsWith(prefix))) {
      req.socket.destroy();
      return true;
    }
    if (req.headers.accesskey !== FAKE_BUNNY_KEY) {
      req.resume();
      sendJson(res, 401, { HttpCode: 401, Message: "Unauthorized" });
      return true;
    }
    if (req.method === "PUT") {
      const bytes = await readBytes(req);
      if (failNext > 0 && key.endsWith(failSuffix)) {
        failNext--;
        sendJson(res, 500, { HttpCode: 500, Message: "Internal Server Error" });
        return true;
      }
      const checksum = req.headers.checksum;
      if (typeof checksum === "string") {
        const actual = createHash("sha256").update(bytes).digest("hex").toUpperCase();
        if (checksum !== actual) {
          sendJson(res, 400, { HttpCode: 400, Message: "Checksum and file hash do not match." });
          return true;
        }
      }
      objects.set(key, { bytes, contentType: req.headers["content-type"] ?? "application/octet-stream" });
      sendJson(res, 201, { HttpCode: 201, Message: "File uploaded." });
      return true;
    }
    if (req.method === "GET") {
      const found = objects.get(key);
      if (!found) sendJson(res, 404, { HttpCode: 404, Message: "Object Not Found" });
      else {
        res.writeHead(200, { "content-type": found.contentType, "content-length": found.bytes.length });
        res.end(found.bytes);
      }
      return true;
    }
    if (req.method === "DELETE") {
      const existed = objects.delete(key);
      sendJson(res, existed ? 200 : 404, {
        HttpCode: existed ? 200 : 404,
        Message: existed ? "File deleted successfuly." : "Object Not Found",
      });
      return true;
    }
    sendJson(res, 405, { HttpCode: 405, Message: "Method Not Allowed" });
    return true;
  };
}
