import { existsSync, readdirSync, readFileSync } from "node:fs";

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
}

function listProcesses(): Proc[] {
  const procs: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm sits in parentheses and may contain spaces; the fields after it are space separated.
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      if (fields[0] === "Z") continue; // zombies hold no resources and are reaped by their parent
      procs.push({ pid: Number(entry), ppid: Number(fields[1]), comm });
    } catch {
      // exited while we looked
    }
  }
  return procs;
}

/** Living descendants of `root` (default: this process), e.g. Chromium and ffmpeg children. */
export function descendants(root = process.pid): Proc[] {
  const all = listProcesses();
  const found: Proc[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const p of all) {
      if (p.ppid === parent) {
        found.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return found;
}

export function mediaChildren(root = process.pid): Proc[] {
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
