// Verifies a Loom-Lite webhook in Node.js (18+) with no dependencies.
// `rawBody` must be the request body exactly as received (a string), before any JSON parsing.
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

export function verifyLoomSignature(secret, header, rawBody, toleranceSeconds = 300) {
  const parts = Object.fromEntries(
    String(header ?? "")
      .split(",")
      .map((part) => part.split("=", 2).map((s) => s.trim())),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/i.test(parts.v1 ?? "")) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, "hex"));
}
