import { existsSync, readFileSync } from "node:fs";
import { descendantsOf, type ProcessEntry } from "../../src/core/process-table";

/** Living descendants of `root` (default: this process), e.g. Chromium and ffmpeg children. */
export function descendants(root = process.pid): ProcessEntry[] {
  return descendantsOf(root);
}

export function mediaChildren(root = process.pid): ProcessEntry[] {
  return descendants(root).filter((p) => /chrom|ffmpeg|ffprobe/i.test(p.comm));
}

/** The process exists and is not a zombie. Works for processes that were re-parented to init. */
export function isAlive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** A `Name:\tvalue` line of /proc/<pid>/status, e.g. status(pid, "Uid") → "65534 65534 65534 65534". */
export function procStatus(pid: number, name: string): string | undefined {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return new RegExp(`^${name}:\\s+(.*)$`, "m").exec(status)?.[1]?.trim();
}
