import { existsSync } from "node:fs";
import path from "node:path";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { LEASE_TTL_MS } from "../harness/global-setup";
import {
  cancelUnfinishedRenders,
  createCampaign,
  launchNode,
  newAccount,
  query,
  setGlobalCap,
  waitFor,
} from "../harness/world";

type Node = Awaited<ReturnType<typeof launchNode>>;

async function renderState(renderId: string) {
  const [row] = await query<{ state: string; attempts: number; node_id: string | null }>(
    "select state, attempts, node_id from renders where id = $1",
    [renderId],
  );
  return row;
}

const BUSY = ["capturing", "composing", "uploading"];

describe("render node failures and cancellation", () => {
  let api: ApiClient;
  const started: Node[] = [];
  const launch = async (name: string) => {
    const node = await launchNode(name);
    started.push(node);
    return node;
  };

  beforeAll(async () => {
    await setGlobalCap(1);
    api = await newAccount();
  });
  afterEach(async () => {
    // A render still running is cancelled first: its node learns it at the next heartbeat and stops at
    // once, instead of draining it until the stop's grace runs out.
    try {
      if (api) await cancelUnfinishedRenders(api);
    } finally {
      await Promise.all(started.splice(0).map((n) => n.stop()));
    }
  });

  it("re-runs the render of a node killed with SIGKILL on another node, once", async () => {
    // The short facecam: the victim is killed as soon as it is busy, and the rescuer's whole render adds
    // nothing to what is checked when it is longer.
    const { campaignId } = await createCampaign(api, { facecam: "short", leads: 1 });
    const victim = await launch("victim");
    const [render] = await api.enqueueRenders(campaignId);
    const renderId = render?.id as string;

    await waitFor(
      "the victim to be busy with the render",
      async () => BUSY.includes((await renderState(renderId))?.state ?? ""),
      180_000,
      100,
    );
    // A machine that dies takes its Chromium and ffmpeg with it: kill the whole process group.
    process.kill(-victim.process.pid, "SIGKILL");
    await victim.process.exited;
    const killedAt = Date.now();

    const rescuer = await launch("rescuer");
    const done = await waitFor(
      "the render to be finished by the second node",
      async () => {
        const row = await renderState(renderId);
        return row?.state === "done" && row;
      },
      300_000,
      250,
    );
    // Two attempts on a quiet machine; a starved rescuer may lose a lease too, which is still correct.
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    // Not taken over before the lease expired (its last renewal was at most one heartbeat before the kill).
    const [reclaim] = await query<{ at: Date }>(
      "select at from render_events where render_id = $1 and kind = 'claimed' order by at desc limit 1",
      [renderId],
    );
    expect(reclaim?.at.getTime()).toBeGreaterThanOrEqual(killedAt + LEASE_TTL_MS - 1000);

    const events = await query<{ kind: string; node_id: string | null }>(
      "select kind, node_id from render_events where render_id = $1 order by at, id",
      [renderId],
    );
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === "done")).toHaveLength(1);
    expect(kinds.filter((k) => k === "claimed")).toHaveLength(done.attempts);
    expect(kinds).toContain("lease_expired");
    const claimers = new Set(events.filter((e) => e.kind === "claimed").map((e) => e.node_id));
    expect(claimers.size).toBeGreaterThanOrEqual(2);

    const video = await api.getArtifact(renderId, "video.mp4");
    expect(video.status).toBe(200);
    // The rescuer cleaned up after its successful upload.
    expect(existsSync(path.join(rescuer.workDir, renderId))).toBe(false);
  });

  it("stops a cancelled render within 5 s, removes its work folder and gives the permit back", async () => {
    const { campaignId, leadIds } = await createCampaign(api, { facecam: "long", leads: 2 });
    const node = await launch("canceller");
    const [first] = await api.enqueueRenders(campaignId, [leadIds[0] as string]);
    const renderId = first?.id as string;

    await waitFor(
      "the render to be busy",
      async () => BUSY.includes((await renderState(renderId))?.state ?? ""),
      180_000,
      100,
    );
    const workFolder = path.join(node.workDir, renderId);
    expect(existsSync(workFolder)).toBe(true);

    const cancelledAt = Date.now();
    const answer = await api.cancelRender(renderId);
    expect(answer.id).toBe(renderId);
    await waitFor(
      "the render to be cancelled",
      async () => (await renderState(renderId))?.state === "cancelled",
      5000,
      100,
    );
    expect(Date.now() - cancelledAt).toBeLessThan(5000);
    await waitFor("the work folder to be removed", async () => !existsSync(workFolder), 2000, 100);

    // The cap is 1: the next render can only run if the cancelled one's permit came back.
    const [second] = await api.enqueueRenders(campaignId, [leadIds[1] as string]);
    await waitFor(
      "the next render to be claimed",
      async () => (await renderState(second?.id as string))?.attempts === 1,
      20_000,
      200,
    );
  });
});
