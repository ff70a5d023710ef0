import { readdir, rm, stat, utimes } from "node:fs/promises";
import path from "node:path";

/** Marks a cache entry as just used, so eviction takes it last. */
export async function touchEntry(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => {});
}

async function entrySize(file: string): Promise<number> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  const names = await readdir(file).catch(() => [] as string[]);
  let total = 0;
  for (const name of names) total += await entrySize(path.join(file, name));
  return total;
}

export interface PruneOptions {
  /** Entries (files or folders) directly in `dir` whose names pass this test take part. */
  match: (name: string) => boolean;
  maxBytes: number;
  /** Entries older than this (by last use) go first, whatever the size. */
  maxAgeMs?: number;
}

/**
 * Keeps a cache folder under `maxBytes` by removing the least recently used entries (last use =
 * modification time, which readers refresh with touchEntry). Returns the names removed.
 */
export async function pruneLeastRecentlyUsed(dir: string, options: PruneOptions): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter(options.match);
  const entries = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      return { name, file, usedAt: info?.mtimeMs ?? 0, bytes: await entrySize(file) };
    }),
  );
  entries.sort((a, b) => a.usedAt - b.usedAt);
  const now = Date.now();
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const removed: string[] = [];
  for (const entry of entries) {
    const expired = options.maxAgeMs !== undefined && now - entry.usedAt > options.maxAgeMs;
    if (!expired && total <= options.maxBytes) continue;
    await rm(entry.file, { recursive: true, force: true });
    total -= entry.bytes;
    removed.push(entry.name);
  }
  return removed;
}
