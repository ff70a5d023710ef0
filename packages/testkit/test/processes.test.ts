import { mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { expect, it } from "vitest";
import { freePort } from "../src/postgres";
import { spawnManaged } from "../src/processes";
import { waitFor } from "../src/wait";

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** A child that listens on `port` until it is stopped. */
const server = (port: number) => [
  "-e",
  `require("node:http").createServer().listen(${port}, "127.0.0.1", () => console.log("listening"))`,
];

it("passes the child's exit code on, and stops its whole group", async () => {
  const failing = spawnManaged("failing", process.execPath, ["-e", "process.exit(3)"], { log: () => {} });
  expect(await failing.exited).toMatchObject({ exitCode: 3 });

  const port = await freePort();
  const lines: string[] = [];
  const child = spawnManaged("server", process.execPath, server(port), { log: (l) => lines.push(l) });
  await waitFor("the child to listen", async () => lines.includes("listening"), 10_000, 20);
  await child.stop(2000);
  expect(await child.exited).toMatchObject({ signal: "SIGTERM" });
  expect(await listening(port)).toBe(false);
});

it("takes a child down when the script that started it dies without stopping it", async () => {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "loom-orphan-"));
  const script = path.join(dir, "parent.mts");
  writeFileSync(
    script,
    `import { spawnManaged } from ${JSON.stringify(path.resolve(import.meta.dirname, "../src/processes.ts"))};
spawnManaged("server", process.execPath, ${JSON.stringify(server(port))}, { log: (line) => console.log(line) });
setInterval(() => {}, 1000);
`,
  );
  const parent = execa(process.execPath, ["--import", "tsx", script], { reject: false, buffer: false });
  await waitFor("the child to listen", () => listening(port), 20_000, 50);

  parent.kill("SIGKILL");
  await parent;
  // No exit hook ran: only the child's guard can see that its script is gone.
  await waitFor("the orphaned child to be stopped", async () => !(await listening(port)), 10_000, 50);
});
