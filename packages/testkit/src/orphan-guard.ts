/**
 * A child of the local stack runs in its own process group (so a terminal's Ctrl-C reaches only the
 * script, which stops the children in order), and so would outlive a script that died without
 * stopping it: SIGKILLed, or killed by a wrapper such as tsx's signal relay. Each child is therefore
 * started under this guard: a small Node program that leads the child's group, passes signals on,
 * exits as the child did, and takes the whole group down when the script that started it is gone.
 *
 * Kept as source for `node -e` so the guard starts in a few milliseconds without a TypeScript loader.
 */
const GUARD_SOURCE = `
const { spawn } = require("node:child_process");
const [file, ...args] = process.argv.slice(1);
const parent = process.ppid;
const child = spawn(file, args, { stdio: "inherit" });
const signals = ["SIGTERM", "SIGINT", "SIGHUP"];
for (const s of signals) process.on(s, () => child.kill(s));
const killGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  for (const s of signals) process.removeAllListeners(s);
  process.on("SIGTERM", () => {});
  killGroup("SIGTERM");
  setTimeout(() => killGroup("SIGKILL"), ${5_000});
}, ${250});
child.on("error", (error) => { console.error(String(error)); process.exit(127); });
child.on("exit", (code, signal) => {
  clearInterval(watch);
  if (signal) {
    for (const s of signals) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
`;

/** The command that runs `file args` under the guard. */
export function guarded(file: string, args: string[]): { file: string; args: string[] } {
  return { file: process.execPath, args: ["-e", GUARD_SOURCE, file, ...args] };
}
