import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort } from "@loom-lite/testkit/postgres";
import { type ManagedProcess, spawnManaged, waitForHttp } from "@loom-lite/testkit/processes";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRelease } from "../../render-node/deploy/release";
import { JOB_WIND_DOWN_MS } from "../../render-node/src/config";
import {
  adminToken,
  cancelLeftoverRenders,
  createCampaign,
  edgeUrl,
  newAccount,
  query,
  setGlobalCap,
  waitFor,
} from "../harness/world";

// render-node/deploy on this machine, which has no systemd as PID 1: provision.sh --no-systemd into a
// temporary prefix, `systemd-analyze verify` of the unit it installed, then the node started from
// what it installed the way the unit starts it (its user, NoNewPrivileges, no capabilities, its
// environment file), registered by the script with the suite's edge, rendering one lead.

const DEPLOY = fromRoot("render-node", "deploy");
const USER = "loom-render";
/** Kept between runs (.data is the repo's scratch space), so the Node tarball is downloaded once. */
const NODE_CACHE = fromRoot(".data", "cache", "render-node-deploy");

const userExists = () => {
  try {
    execFileSync("getent", ["passwd", USER]);
    return true;
  } catch {
    return false;
  }
};

/** The unit's `Key=value` lines (last one wins; Environment= lines are joined). */
function readUnit(file: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    keys.set(key, key === "Environment" && keys.has(key) ? `${keys.get(key)} ${value}` : value);
  }
  return keys;
}

describe("render node provisioning (render-node/deploy/provision.sh)", () => {
  let root: string;
  let fsRoot: string;
  let createdUser = false;
  let node: ManagedProcess | undefined;
  const nodeName = `deploy-${randomUUID().slice(0, 8)}`;

  const provision = (env: Record<string, string> = {}) =>
    execa(
      "bash",
      [
        path.join(DEPLOY, "provision.sh"),
        "--no-systemd",
        "--prefix",
        fsRoot,
        "--release",
        path.join(root, "release"),
        "--edge-url",
        edgeUrl(),
        "--node-name",
        nodeName,
        "--cache-dir",
        NODE_CACHE,
      ],
      { env, all: true, reject: false },
    );

  beforeAll(async () => {
    await setGlobalCap(2);
    // The node here must see only this suite's render.
    await cancelLeftoverRenders();
    createdUser = !userExists();
    // Readable by the new user on the way down, as /opt is on a machine.
    root = mkdtempSync(path.join(os.tmpdir(), "loom-deploy-"));
    chmodSync(root, 0o755);
    fsRoot = path.join(root, "fs");
    await buildRelease(path.join(root, "release"));
  });

  afterAll(async () => {
    await node?.stop(5000);
    // A failed run leaves nothing for the next suite's nodes.
    await cancelLeftoverRenders();
    if (root) rmSync(root, { recursive: true, force: true });
    if (createdUser && userExists()) execFileSync("userdel", [USER]);
  });

  it("installs Node 22, the user, the release, the env file with a registered token and a unit that verifies", async () => {
    const first = await provision({ ADMIN_TOKEN: adminToken() });
    expect(first.exitCode, first.all).toBe(0);
    expect(first.all).toContain(`registered node "${nodeName}" (capacity 1)`);

    const opt = path.join(fsRoot, "opt", "loom-render-node");
    const nodeVersion = execFileSync(path.join(opt, "node", "bin", "node"), ["--version"], {
      encoding: "utf8",
    });
    expect(nodeVersion.trim()).toBe("v22.23.5");

    const passwd = execFileSync("getent", ["passwd", USER], { encoding: "utf8" }).trim().split(":");
    expect(Number(passwd[2]), passwd.join(":")).toBeLessThan(1000); // a system user
    expect(passwd[6]).toBe("/usr/sbin/nologin");

    // The token is readable by root and the node's group only.
    const envFile = path.join(fsRoot, "etc", "loom-render-node", "env");
    const envStat = statSync(envFile);
    expect((envStat.mode & 0o777).toString(8)).toBe("640");
    expect(envStat.uid).toBe(0);
    expect(envStat.gid).toBe(Number(passwd[3]));
    const env = parseEnv(readFileSync(envFile, "utf8"));
    expect(env).toMatchObject({ EDGE_URL: edgeUrl(), SLOTS: "1", NODE_TOKEN: expect.any(String) });
    const [registered] = await query<{ id: string; capacity: number }>(
      "select id, capacity from render_nodes where name = $1",
      [nodeName],
    );
    expect(registered?.capacity).toBe(1);

    // The code belongs to root: the node cannot rewrite what it runs.
    const app = path.join(opt, "app", "dist", "render-node", "main.mjs");
    expect(statSync(app).uid).toBe(0);

    // `systemd-analyze verify` reads the unit as systemd would, its paths inside the prefix; it needs
    // the system's own units there for the default dependencies.
    const unitFile = path.join(fsRoot, "etc", "systemd", "system", "loom-render-node.service");
    mkdirSync(path.join(fsRoot, "usr", "lib", "systemd"), { recursive: true });
    cpSync("/usr/lib/systemd/system", path.join(fsRoot, "usr", "lib", "systemd", "system"), {
      recursive: true,
    });
    const verify = await execa("systemd-analyze", ["verify", `--root=${fsRoot}`, unitFile], {
      reject: false,
    });
    expect({ exitCode: verify.exitCode, stderr: verify.stderr, stdout: verify.stdout }).toEqual({
      exitCode: 0,
      stderr: "",
      stdout: "",
    });
    const unit = readUnit(unitFile);
    expect(unit.get("KillMode")).toBe("control-group");
    expect(unit.get("User")).toBe(USER);
    // systemd's stop waits longer than the node's drain and its wind-down.
    const drainS = Number(env.DRAIN_TIMEOUT_MS) / 1000;
    expect(Number(unit.get("TimeoutStopSec"))).toBeGreaterThan(drainS + JOB_WIND_DOWN_MS / 1000);

    // The PM2 alternative starts the same thing with the same settings and waits as long to stop it.
    const ecosystem = JSON.parse(
      execFileSync(
        process.execPath,
        [
          "-e",
          "console.log(JSON.stringify(require(process.argv[1])))",
          path.join(opt, "deploy", "ecosystem.config.cjs"),
        ],
        { encoding: "utf8", env: { ...process.env, LOOM_RENDER_NODE_ENV: envFile } },
      ),
    ) as { apps: Record<string, unknown>[] };
    const [pm2App] = ecosystem.apps;
    const [interpreter, nodeArgs, script] = (unit.get("ExecStart") as string).split(" ");
    expect(pm2App).toMatchObject({ interpreter, node_args: nodeArgs, script, treekill: false });
    expect(pm2App?.env).toMatchObject({ NODE_TOKEN: env.NODE_TOKEN, EDGE_URL: edgeUrl() });
    expect(Number(pm2App?.kill_timeout) / 1000).toBeGreaterThanOrEqual(Number(unit.get("TimeoutStopSec")));

    // A second run changes nothing and registers nothing.
    const second = await provision({ ADMIN_TOKEN: adminToken() });
    expect(second.exitCode, second.all).toBe(0);
    for (const line of [
      "OS packages present",
      "Node 22.23.5 present",
      `user ${USER} present`,
      "is current",
      "node token present",
    ]) {
      expect(second.all).toContain(line);
    }
    expect(parseEnv(readFileSync(envFile, "utf8")).NODE_TOKEN).toBe(env.NODE_TOKEN);
    expect(await query("select id from render_nodes where name = $1", [nodeName])).toHaveLength(1);
  });

  it("starts as the unit would, as the new user from what was installed, renders a lead and drains on ExecStop", async () => {
    const unit = readUnit(path.join(fsRoot, "etc", "systemd", "system", "loom-render-node.service"));
    const inPrefix = (p: string) => path.join(fsRoot, p);
    const env = parseEnv(readFileSync(inPrefix(unit.get("EnvironmentFile") as string), "utf8"));
    const unitEnv = parseEnv((unit.get("Environment") ?? "").split(" ").join("\n"));
    const [binary, ...args] = (unit.get("ExecStart") as string).split(" ");
    const tmp = path.join(root, "tmp");
    mkdirSync(tmp);
    execFileSync("chown", [`${USER}:${USER}`, tmp]);
    const port = await freePort();
    const lines: string[] = [];
    // NoNewPrivileges=yes, CapabilityBoundingSet= and User= of the unit: Chromium's sandbox must work so.
    node = spawnManaged(
      "deployed-node",
      "setpriv",
      [
        `--reuid=${USER}`,
        `--regid=${USER}`,
        "--init-groups",
        "--no-new-privs",
        "--bounding-set=-all",
        "--inh-caps=-all",
        "--",
        inPrefix(binary as string),
        ...args.map((a) => (a.startsWith("/opt/") ? inPrefix(a) : a)),
      ],
      {
        cwd: inPrefix(unit.get("WorkingDirectory") as string),
        env: {
          ...unitEnv,
          ...env,
          WORK_DIR: inPrefix(env.WORK_DIR as string),
          TMPDIR: tmp,
          PORT: String(port),
          // The suite's lead pages are on 127.0.0.1.
          RENDER_ALLOW_HOSTS: "127.0.0.1",
          POLL_IDLE_MS: "300",
          HEARTBEAT_MS: "500",
          MIN_FREE_DISK_MB: "64",
        },
        log: (line) => lines.push(line),
      },
    );
    await waitForHttp(`http://127.0.0.1:${port}/health`, {
      timeoutMs: 60_000,
      ready: (res) => res.status === 200,
      process: node,
    });

    const api = await newAccount();
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 1 }],
    });
    const [render] = await api.enqueueRenders(campaignId);
    const renderId = render?.id as string;
    const done = await waitFor(
      "the deployed node to finish the render",
      async () => {
        const r = await api.getRender(renderId);
        if (r.state === "failed") throw new Error(`render failed: ${r.error}\n${lines.join("\n")}`);
        return r.state === "done" && r;
      },
      120_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${lines.join("\n")}`);
    });
    expect(done.attempts).toBe(1);
    const [claim] = await query<{ name: string }>(
      `select n.name from render_events e join render_nodes n on n.id = e.node_id
       where e.render_id = $1 and e.kind = 'done'`,
      [renderId],
    );
    expect(claim?.name).toBe(nodeName);

    // The unit's ExecStop: SIGTERM to the node alone, returning once it has exited.
    const stop = await execa(inPrefix("/opt/loom-render-node/deploy/stop-node.sh"), [], {
      env: { MAINPID: String(node.pid) },
      reject: false,
      timeout: 60_000,
    });
    expect(stop.exitCode).toBe(0);
    const exit = await node.exited;
    expect(exit.exitCode, lines.join("\n")).toBe(0);
    expect(lines.join("\n")).toContain("render node stopped");
  });
});
