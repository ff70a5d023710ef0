import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { execa, type ResultPromise } from "execa";
import { guarded } from "./orphan-guard";

export interface ManagedProcess {
  name: string;
  pid: number;
  subprocess: ResultPromise;
  /** Settles when the process has exited, however it ended. */
  exited: Promise<{ exitCode?: number; signal?: string }>;
  /** The last lines it printed, for error messages. */
  recentOutput(): string[];
  /** SIGTERM (or the stop signal) to the whole process group, SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ManagedProcess>();

// Children run in their own process groups (so a terminal's Ctrl-C reaches only us and we stop them in
// order); if this process exits without stopping them, take the groups down on the way out (and if it
// dies without a chance to, each child's guard does: orphan-guard.ts).
process.once("exit", () => {
  for (const p of live) killGroup(p.pid, "SIGTERM");
});

export interface SpawnOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  log: (line: string) => void;
  /** Return false to drop a line (e.g. per-request access logs). */
  filter?: (line: string) => boolean;
  /** Run as this user and group (PostgreSQL refuses to run as root). */
  uid?: number;
  gid?: number;
  /** What `stop()` sends first (PostgreSQL's fast shutdown is SIGINT); SIGKILL follows after the grace. */
  stopSignal?: NodeJS.Signals;
}

/** Starts a long-running child with prefixed, line-buffered output, killable as a process group. */
export function spawnManaged(name: string, file: string, args: string[], opts: SpawnOptions): ManagedProcess {
  const command = guarded(file, args);
  const subprocess = execa(command.file, command.args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: true,
    detached: true,
    uid: opts.uid,
    gid: opts.gid,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    reject: false,
    buffer: false,
  });
  const pid = subprocess.pid;
  if (pid === undefined) throw new Error(`${name}: could not start ${file}`);

  const recent: string[] = [];
  const onLine = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    if (!opts.filter || opts.filter(line)) opts.log(line);
  };
  pipeLines(subprocess.stdout, onLine);
  pipeLines(subprocess.stderr, onLine);

  const exited = subprocess.then(
    (r) => ({ exitCode: r.exitCode, signal: r.signal }),
    () => ({}),
  );
  let done = false;
  const managed: ManagedProcess = {
    name,
    pid,
    subprocess,
    exited,
    recentOutput: () => [...recent],
    async stop(graceMs = 10_000) {
      if (done) return;
      killGroup(pid, opts.stopSignal ?? "SIGTERM");
      const timer = setTimeout(() => killGroup(pid, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // The leader may be gone while grandchildren linger in the group.
      killGroup(pid, "SIGKILL");
    },
  };
  live.add(managed);
  void exited.then(() => {
    done = true;
    live.delete(managed);
  });
  return managed;
}

function pipeLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", onLine);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Polls `url` until `ready(res)` holds, failing early when `process` exits and after `timeoutMs`.
 */
export async function waitForHttp(
  url: string,
  opts: {
    timeoutMs: number;
    ready?: (res: Response) => boolean;
    process?: ManagedProcess;
    intervalMs?: number;
  },
): Promise<Response> {
  const deadline = Date.now() + opts.timeoutMs;
  let exited = false;
  void opts.process?.exited.then(() => {
    exited = true;
  });
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (exited) {
      const tail = opts.process?.recentOutput().slice(-15).join("\n") ?? "";
      throw new Error(`${opts.process?.name} exited before ${url} answered. Its last output:\n${tail}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!opts.ready || opts.ready(res)) return res;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
  throw new Error(
    `${url} did not become ready within ${Math.round(opts.timeoutMs / 1000)} s (last: ${last})`,
  );
}

/** Throws a clear message when something else already listens on the port. */
export async function assertPortFree(port: number, what: string, host = "127.0.0.1"): Promise<void> {
  const { createServer } = await import("node:net");
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === "EADDRINUSE"
            ? `Port ${port} (${what}) is already in use on ${host}. Is another \`npm run dev\` running? Stop it, or free the port.`
            : `Port ${port} (${what}): ${err.message}`,
        ),
      ),
    );
    srv.listen(port, host, () => srv.close(() => resolve()));
  });
}
