import { readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort } from "@loom-lite/testkit/postgres";
import { type ManagedProcess, spawnManaged } from "@loom-lite/testkit/processes";
import { waitFor } from "@loom-lite/testkit/wait";
import { afterAll, describe, expect, it } from "vitest";

// `npm run dev` itself, on ports and a data folder of its own: stopped with Ctrl-C while the demo
// renders run, then started again on the same data, it must end with every demo video done. It needs
// no shared stack, so it runs as a step of its own, beside the edge suite.

const running: ManagedProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop(5000)));
});

interface DevStack {
  process: ManagedProcess;
  lines: string[];
}

function startDev(env: Record<string, string>): DevStack {
  const lines: string[] = [];
  // Through npm, as a person starts it: npm and the package script stand between the signal and dev.ts.
  const proc = spawnManaged("dev", "npm", ["run", "--silent", "dev"], {
    cwd: fromRoot(),
    env: { ...env, DATABASE_URL: undefined, CI: "true" },
    log: (line) => lines.push(line),
  });
  running.push(proc);
  return { process: proc, lines };
}

const tail = (stack: DevStack) => stack.lines.slice(-40).join("\n");

async function waitForLine(stack: DevStack, what: string, match: RegExp, timeoutMs: number) {
  return waitFor(
    what,
    async () => {
      const exited = await Promise.race([stack.process.exited, Promise.resolve(null)]);
      if (exited) throw new Error(`npm run dev exited (${JSON.stringify(exited)}):\n${tail(stack)}`);
      return stack.lines.find((l) => match.test(l));
    },
    timeoutMs,
    250,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${tail(stack)}`);
  });
}

/** As a terminal's Ctrl-C does: SIGINT to the script's whole process group. */
async function ctrlC(stack: DevStack) {
  process.kill(-stack.process.pid, "SIGINT");
  const exited = await Promise.race([
    stack.process.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 90_000)),
  ]);
  expect(exited, `npm run dev did not stop within 90 s:\n${tail(stack)}`).not.toBeNull();
  return exited;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

describe("npm run dev, stopped mid-render and started again", () => {
  it("ends with every demo render done", async () => {
    const dataDir = fromRoot(".data", "test-dev-stack");
    rmSync(dataDir, { recursive: true, force: true });
    const ports = {
      DEV_EDGE_PORT: await freePort(),
      DEV_SITES_PORT: await freePort(),
      DEV_NODE_PORT: await freePort(),
      DEV_POSTGRES_PORT: await freePort(),
    };
    const env = {
      DEV_DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };

    const first = startDev(env);
    await waitForLine(first, "a demo render to be under way", /"msg":"scene captured"/, 300_000);
    const stopped = await ctrlC(first);
    expect(stopped, tail(first)).toMatchObject({ exitCode: 0 });
    for (const [name, port] of Object.entries(ports)) {
      expect(await listening(port), `${name} ${port} still listening after Ctrl-C:\n${tail(first)}`).toBe(
        false,
      );
    }

    const second = startDev(env);
    await waitForLine(second, "the stack to say it is running", /Loom-Lite is running\./, 600_000);
    const summary = second.lines.slice(second.lines.findIndex((l) => l.includes("Loom-Lite is running.")));
    const leadLines = summary.filter((l) => /http:\/\/demo\.localhost:\d+\//.test(l));
    expect(leadLines, tail(second)).toHaveLength(3);
    for (const line of leadLines) expect(line, tail(second)).toMatch(/\(done\)$/);
    // The operator's queue metrics answer on the dev stack with the token it generated.
    const { metricsToken } = JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8"));
    const metrics = await fetch(`http://127.0.0.1:${ports.DEV_EDGE_PORT}/api/metrics.json`, {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(metrics.status).toBe(200);
    expect(await metrics.json()).toMatchObject({ queuedTotal: expect.any(Number), nodesAlive: 1 });
    expect(await ctrlC(second)).toMatchObject({ exitCode: 0 });
  });
});
