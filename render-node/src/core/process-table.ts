import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** One process as Linux's /proc shows it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  comm: string;
  /** Arguments joined by spaces (a sandboxed Chromium process rewrites its own into one string). */
  cmdline: string;
}

/** Every living process (zombies left out: they hold no memory and their parent reaps them). */
export function listProcesses(): ProcessEntry[] {
  const procs: ProcessEntry[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm sits in parentheses and may contain spaces; the fields after it are space separated.
      const close = stat.lastIndexOf(")");
      const fields = stat.slice(close + 2).split(" ");
      if (fields[0] === "Z") continue;
      procs.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        comm: stat.slice(stat.indexOf("(") + 1, close),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim(),
      });
    } catch {
      // exited while we looked
    }
  }
  return procs;
}

/** Living descendants of `root`, children before grandchildren. */
export function descendantsOf(
  root: number,
  table: readonly ProcessEntry[] = listProcesses(),
): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: ProcessEntry[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    for (const child of children.get(frontier.shift() as number) ?? []) {
      found.push(child);
      frontier.push(child.pid);
    }
  }
  return found;
}

/**
 * Memory a process holds on its own: anonymous resident pages (heaps, decoded frames, JS objects) plus
 * shared memory it created, without the program's file pages that every process of the same binary
 * shares. 0 when the process is gone.
 */
export function privateResidentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return (kb("RssAnon") + kb("RssShmem")) * 1024;
  } catch {
    return 0;
  }
}

/**
 * This process's descendants whose command line contains `marker` (a render id, a profile folder), with
 * everything they started: a sandboxed Chromium's zygote children carry no marker of their own.
 */
function processesMarked(marker: string): Set<number> {
  const table = listProcesses();
  const pids = new Set<number>();
  for (const p of descendantsOf(process.pid, table)) {
    if (!p.cmdline.includes(marker) || pids.has(p.pid)) continue;
    pids.add(p.pid);
    for (const child of descendantsOf(p.pid, table)) pids.add(child.pid);
  }
  return pids;
}

/** Memory held by the processes `processesMarked(marker)` finds. */
export function residentBytesMarked(marker: string): number {
  let bytes = 0;
  for (const pid of processesMarked(marker)) bytes += privateResidentBytes(pid);
  return bytes;
}

/**
 * Kills the processes `processesMarked(marker)` finds and waits until they are gone: a stopped job's
 * Chromium that was still starting, a shared browser over its memory. Answers how many it had to kill.
 */
export async function killProcessesMarked(marker: string, timeoutMs = 5000): Promise<number> {
  const pids = processesMarked(marker);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (processesMarked(marker).size > 0 && Date.now() < deadline) await sleep(50);
  return pids.size;
}
