import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort } from "@loom-lite/testkit/postgres";
import { type ManagedProcess, spawnManaged, waitForHttp } from "@loom-lite/testkit/processes";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isAlive, mediaChildren } from "../../render-node/test/helpers/processes";
import type { HealthBody } from "../harness/in-process-node";
import {
  cancelLeftoverRenders,
  createCampaign,
  edgeUrl,
  newAccount,
  query,
  registerNodeWithId,
  setGlobalCap,
  waitFor,
} from "../harness/world";

// A rolling update of the fleet: two nodes run, one gets SIGTERM in the middle of a render (what
// `systemctl stop`, a rolling Deployment or a scale-down sends it) while the other keeps going. Every
// render must end done exactly once: nothing stuck, nothing lost, nothing rendered twice.

interface FleetNode {
  id: string;
  proc: ManagedProcess;
  url: string;
  workDir: string;
  lines: string[];
}

const BUSY = ["capturing", "composing", "uploading"];
const started: FleetNode[] = [];

/** The node process itself, so SIGTERM reaches it alone, as a unit's ExecStop or a container stop does. */
async function startNode(name: string): Promise<FleetNode> {
  const { id, token } = await registerNodeWithId(name);
  const port = await freePort();
  const workDir = path.join(inject("scratchDir"), "nodes", `${name}-${randomUUID().slice(0, 6)}`);
  const lines: string[] = [];
  const proc = spawnManaged(name, process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: fromRoot("render-node"),
    env: {
      EDGE_URL: edgeUrl(),
      NODE_TOKEN: token,
      PORT: String(port),
      WORK_DIR: workDir,
      SLOTS: "1",
      // The deployments' drain (env file, Deployment): a render still publishing when a shorter
      // deadline passes is handed back and its folder left to the sweep, by design.
      DRAIN_TIMEOUT_MS: "300000",
      RENDER_ALLOW_HOSTS: "127.0.0.1",
      HEARTBEAT_MS: "500",
      POLL_IDLE_MS: "200",
      MIN_FREE_DISK_MB: "64",
    },
    log: (line) => lines.push(`[${name}] ${line}`),
  });
  const node = { id, proc, url: `http://127.0.0.1:${port}`, workDir, lines };
  started.push(node);
  await waitForHttp(`${node.url}/health`, {
    timeoutMs: 60_000,
    ready: (r) => r.status === 200,
    process: proc,
  });
  return node;
}

/** Living processes whose command line names `text` (ffmpeg names its files in the work folder). */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(text) && isAlive(Number(entry))) found.push(`${entry} ${cmdline}`);
    } catch {
      // It exited while we looked.
    }
  }
  return found;
}

describe("rolling update of the render fleet", () => {
  beforeAll(async () => {
    await setGlobalCap(3);
    // The nodes here must see only this suite's renders.
    await cancelLeftoverRenders();
  });
  afterAll(async () => {
    await Promise.all(started.splice(0).map((n) => n.proc.stop(5000)));
    // A failed run leaves nothing for the next suite's nodes.
    await cancelLeftoverRenders();
  });

  it("stops one node with SIGTERM mid-render once its successor runs: every render is done exactly once", async () => {
    const api = await newAccount();
    const { campaignId } = await createCampaign(api, {
      facecam: "short",
      leads: 2,
      scenes: [{ url: "{{website}}", seconds: 5 }],
    });
    // The old node takes the first render; the second waits for a free slot.
    const old = await startNode("old");
    const renderIds = (await api.enqueueRenders(campaignId)).map((r) => r.id);
    expect(renderIds).toHaveLength(2);
    const lines = () =>
      started
        .flatMap((n) => n.lines)
        .slice(-60)
        .join("\n");

    const inFlight = await waitFor(
      "the old node to be busy with a render",
      async () => {
        const health = (await (await fetch(`${old.url}/health`)).json()) as HealthBody;
        const job = health.jobs[0];
        if (!job) return false;
        const [row] = await query<{ state: string }>("select state from renders where id = $1", [
          job.renderId,
        ]);
        return BUSY.includes(row?.state ?? "") && job.renderId;
      },
      120_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${lines()}`);
    });
    const waiting = renderIds.find((id) => id !== inFlight) as string;

    // As a rolling update does: the new node comes up, then the old one is told to stop.
    const successor = await startNode("new");
    const [{ now: stoppedAt } = { now: new Date() }] = await query<{ now: Date }>("select now() as now");
    const media = mediaChildren(old.proc.pid);
    process.kill(old.proc.pid, "SIGTERM");
    const exit = await old.proc.exited;
    expect(exit.exitCode, lines()).toBe(0);
    // Its Chromium and ffmpeg went with it.
    expect(media.filter((p) => isAlive(p.pid))).toEqual([]);
    expect(processesNaming(old.workDir)).toEqual([]);

    const finished = await waitFor(
      "every render to finish",
      async () => {
        const rows = await query<{ id: string; state: string; attempts: number }>(
          "select id, state, attempts from renders where id = any($1)",
          [renderIds],
        );
        return rows.every((r) => (FINAL_RENDER_STATES as readonly string[]).includes(r.state)) && rows;
      },
      240_000,
      250,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${lines()}`);
    });
    expect(
      finished.map((r) => r.state),
      lines(),
    ).toEqual(["done", "done"]);

    const events = await query<{ render_id: string; kind: string; node_id: string | null; at: Date }>(
      "select render_id, kind, node_id, at from render_events where render_id = any($1) order by at, id",
      [renderIds],
    );
    const of = (id: string, kind: string) => events.filter((e) => e.render_id === id && e.kind === kind);
    for (const id of renderIds) {
      // Rendered once: one finish, and every claim but the last one given back before it.
      expect(of(id, "done"), `${id} ${JSON.stringify(events)}`).toHaveLength(1);
      expect(of(id, "claimed").length).toBe(of(id, "retry_scheduled").length + 1);
      const video = await api.getArtifact(id, "video.mp4");
      expect(video.status).toBe(200);
      await video.body?.cancel();
    }
    // Nothing was claimed by the stopping node after the signal.
    expect(events.filter((e) => e.kind === "claimed" && e.node_id === old.id && e.at > stoppedAt)).toEqual(
      [],
    );
    // The render it held either finished during the drain or went back and was finished by the other node.
    const [done] = of(inFlight, "done");
    if (done?.node_id !== old.id) {
      expect(done?.node_id).toBe(successor.id);
      expect(of(inFlight, "retry_scheduled")).toHaveLength(1);
    }
    // The render that was waiting went to the new node, unless the old one took it before the signal
    // (its first render done early on a loaded machine); never after it (checked above).
    const waitingClaim = of(waiting, "claimed").at(-1);
    if (waitingClaim?.node_id !== successor.id) {
      expect(waitingClaim?.node_id).toBe(old.id);
      expect(waitingClaim?.at.getTime()).toBeLessThan(stoppedAt.getTime());
    }
    expect(of(waiting, "done")[0]?.node_id).toBe(waitingClaim?.node_id);
    expect(
      readdirSync(old.workDir).filter((f) => !f.startsWith(".")),
      `${JSON.stringify(events)}\n${old.lines.join("\n")}`,
    ).toEqual([]);
    expect(existsSync(path.join(old.workDir, inFlight))).toBe(false);
  });
});
