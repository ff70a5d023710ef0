import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../log";

const OWNER_FILE = ".owner";
const FAILED_FILE = ".failed";
const CACHE_DIR = ".cache";
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SweepResult {
  removed: string[];
  kept: string[];
}

/**
 * One folder per render under the node's work folder. A successful or cancelled render's folder is
 * removed at once; a failed one is marked and kept for debugging until the sweep finds it too old.
 * Folders left by a crashed process (no failure mark, no live owner) are removed by the sweep.
 */
export class WorkDirs {
  constructor(
    readonly root: string,
    private readonly keepFailedDays: number,
    private readonly logger: Logger,
  ) {}

  get cacheDir(): string {
    return path.join(this.root, CACHE_DIR);
  }

  async init(): Promise<void> {
    await mkdir(this.cacheDir, { recursive: true });
  }

  pathFor(renderId: string): string {
    const safe = /^[A-Za-z0-9_-]{1,100}$/.test(renderId)
      ? renderId
      : `render-${createHash("sha256").update(renderId).digest("hex").slice(0, 24)}`;
    return path.join(this.root, safe);
  }

  /** A fresh, empty folder owned by this process (a previous attempt's leftovers are dropped). */
  async create(renderId: string): Promise<string> {
    const dir = this.pathFor(renderId);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, OWNER_FILE),
      JSON.stringify({ pid: process.pid, renderId, startedAt: new Date().toISOString() }),
    );
    return dir;
  }

  async remove(renderId: string): Promise<void> {
    await rm(this.pathFor(renderId), { recursive: true, force: true });
  }

  /** Keeps the folder for KEEP_FAILED_DAYS from now. */
  async markFailed(renderId: string, reason: string): Promise<void> {
    const dir = this.pathFor(renderId);
    await writeFile(
      path.join(dir, FAILED_FILE),
      JSON.stringify({ failedAt: new Date().toISOString(), reason }),
    );
    await rm(path.join(dir, OWNER_FILE), { force: true });
  }

  async freeBytes(): Promise<number> {
    const s = await statfs(this.root);
    return s.bavail * s.bsize;
  }

  async sweep(activeDirs: ReadonlySet<string>, now = Date.now()): Promise<SweepResult> {
    const result: SweepResult = { removed: [], kept: [] };
    let entries: string[];
    try {
      entries = await readdir(this.root);
    } catch {
      return result;
    }
    for (const name of entries) {
      if (name === CACHE_DIR) continue;
      const dir = path.join(this.root, name);
      if (activeDirs.has(dir)) continue;
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory()) continue;
      const decision = await this.judge(dir, now);
      if (decision === "remove") {
        await rm(dir, { recursive: true, force: true });
        result.removed.push(name);
      } else {
        result.kept.push(name);
      }
    }
    if (result.removed.length > 0) this.logger.info("work folders swept", { removed: result.removed });
    return result;
  }

  private async judge(dir: string, now: number): Promise<"remove" | "keep"> {
    const failed = await stat(path.join(dir, FAILED_FILE)).catch(() => undefined);
    if (failed) return now - failed.mtimeMs > this.keepFailedDays * DAY_MS ? "remove" : "keep";
    const owner = await readFile(path.join(dir, OWNER_FILE), "utf8").catch(() => undefined);
    const pid = owner ? Number((JSON.parse(owner) as { pid?: unknown }).pid) : Number.NaN;
    // Another node process on this machine may share the folder; its live renders are not ours to remove.
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) return "keep";
    return "remove";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
