import { randomUUID } from "node:crypto";
import path from "node:path";
import { FINAL_RENDER_STATES } from "@loom-lite/schema";
import type { ApiClient } from "@loom-lite/testkit/api-client";
import { FAKE_BUNNY_KEY, FAKE_BUNNY_ZONE } from "@loom-lite/testkit/fake-third-parties";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createJsonLogger } from "../../render-node/src/log";
import { type InProcessNode, startInProcessNode } from "../harness/in-process-node";
import {
  cancelLeftoverRenders,
  cancelUnfinishedRenders,
  createCampaign,
  edgeUrl,
  newAccount,
  query,
  registerNodeWithId,
  setGlobalCap,
  waitFor,
} from "../harness/world";

// A render node publishing to Bunny Storage (the fake, speaking Bunny's HTTP API) against the real edge
// under `wrangler dev`, with real Chromium and ffmpeg: the report stays private, a failed attempt leaves
// nothing on the CDN, and deleting the lead leaves nothing of any attempt.

const CDN = "https://cdn.loom-lite.test";
const FINAL: readonly string[] = FINAL_RENDER_STATES;
const fakeUrl = () => inject("fakeUrl");

let node: InProcessNode | undefined;
const logs: string[] = [];
let api: ApiClient;

beforeAll(async () => {
  await setGlobalCap(2);
  await cancelLeftoverRenders();
  api = await newAccount();
  const { token } = await registerNodeWithId("bunny-node");
  node = await startInProcessNode(
    {
      edgeUrl: edgeUrl(),
      nodeToken: token,
      port: 0,
      workDir: path.join(inject("scratchDir"), "nodes", `bunny-${randomUUID().slice(0, 6)}`),
      pollIdleMs: 200,
      heartbeatMs: 500,
      minFreeDiskMb: 64,
      allowHosts: ["127.0.0.1"],
      navigationTimeoutMs: 20_000,
      bunnyStorageHost: fakeUrl(),
      bunnyStorageZone: FAKE_BUNNY_ZONE,
      bunnyStorageKey: FAKE_BUNNY_KEY,
      bunnyCdnBaseUrl: CDN,
    },
    { logger: createJsonLogger((line) => logs.push(line)) },
  );
});

afterAll(async () => {
  await node?.stop({ drainTimeoutMs: 0 });
  if (api) await cancelUnfinishedRenders(api);
});

async function zoneKeys(prefix: string): Promise<string[]> {
  const listed = (await (await fetch(`${fakeUrl()}/_fake/bunny/objects`)).json()) as Array<{ key: string }>;
  return listed.map((o) => o.key).filter((k) => k.startsWith(prefix));
}

const nodeLog = () => logs.slice(-40).join("\n");

describe("a render node publishing to Bunny Storage", () => {
  it("keeps report.json private, leaves nothing of a failed attempt on the CDN, and deleting the lead leaves nothing", async () => {
    const { workspace } = await api.me();
    const { campaignId, leadIds } = await createCampaign(api, {
      facecam: "short",
      leads: 1,
      scenes: [{ url: "{{website}}", seconds: 1 }],
    });
    // The first attempt's video lands, then its poster is refused until the node gives the attempt up.
    const failPosters = await fetch(`${fakeUrl()}/_fake/bunny/fail-next?count=5&suffix=/poster.jpg`, {
      method: "POST",
    });
    expect(failPosters.status).toBe(200);
    const [queued] = await api.enqueueRenders(campaignId);
    if (!queued) throw new Error("nothing was enqueued");
    const renderId = queued.id;
    const prefix = `ws/${workspace.id}/renders/${renderId}/`;

    const done = await waitFor(
      `render ${renderId} to finish`,
      async () => {
        const render = await api.getRender(renderId);
        return FINAL.includes(render.state) && render;
      },
      240_000,
      200,
    );
    expect(done.state, `${JSON.stringify(done)}\n${nodeLog()}`).toBe("done");
    expect(done.attempts, nodeLog()).toBe(2);
    const [{ fence } = { fence: 0 }] = await query<{ fence: number }>(
      "select fence from renders where id = $1",
      [renderId],
    );

    // Only the finished attempt's public artifacts are in the zone: no report, nothing of attempt 1.
    expect((await zoneKeys(prefix)).sort()).toEqual(
      ["poster.jpg", "preview.gif", "video.mp4"].map((name) => `${prefix}${fence}/${name}`),
    );
    // The edge had recorded attempt 1's objects before they were put (the node then removed them itself).
    const announced = await query<{ key: string; fence: number }>(
      "select key, fence from bunny_objects where render_id = $1 order by fence, key",
      [renderId],
    );
    const earlier = announced.filter((a) => a.fence < fence);
    expect(earlier.map((a) => a.key.slice(prefix.length).split("/")[1]).sort()).toEqual([
      "poster.jpg",
      "video.mp4",
    ]);

    // The workspace reads the report through the API (from R2); the video plays from the CDN.
    expect(done.artifacts["video.mp4"]).toBe(`${CDN}/${prefix}${fence}/video.mp4`);
    expect(done.artifacts["report.json"]).toBe(`/api/renders/${renderId}/artifacts/report.json`);
    const report = await api.getArtifact(renderId, "report.json");
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toContain("application/json");
    expect(await report.json()).toMatchObject({ outcome: "done" });

    // Deleting the lead removes every attempt's objects and every record of them.
    const deleted = await api.raw("DELETE", `/api/leads/${leadIds[0]}`);
    const body = (await deleted.json()) as { mediaFilesDeleted: number; mediaFilesPending?: number };
    expect(deleted.status, JSON.stringify(body)).toBe(200);
    expect(body.mediaFilesPending).toBeUndefined();
    expect(await zoneKeys(prefix)).toEqual([]);
    expect(await query("select key from bunny_objects where render_id = $1", [renderId])).toEqual([]);
    expect(await query("select key from media_deletions where workspace_id = $1", [workspace.id])).toEqual(
      [],
    );
  });
});
