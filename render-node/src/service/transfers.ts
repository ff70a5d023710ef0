import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

/** The slowest link a node is expected to have; a transfer slower than this is treated as hung. */
const MIN_BYTES_PER_SECOND = 256 * 1024;
const BASE_MS = 30_000;
const MAX_MS = 10 * 60_000;

/** A bound for moving `bytes` in one attempt: generous for a slow link, never unbounded. */
export function transferTimeoutMs(bytes: number): number {
  return Math.min(MAX_MS, BASE_MS + Math.ceil((bytes / MIN_BYTES_PER_SECOND) * 1000));
}

/** Reads `file`, telling `onBytes` as chunks leave, so a watchdog sees an upload that still moves. */
export function readWithProgress(file: string, onBytes?: (bytes: number) => void): Readable {
  const stream = createReadStream(file);
  if (onBytes) stream.on("data", (chunk) => onBytes(chunk.length));
  return stream;
}
