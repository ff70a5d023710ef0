import type { ApiClient } from "@loom-lite/testkit/api-client";
import { doneCounts } from "@loom-lite/testkit/render-audit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditConcurrency } from "../harness/audit";
import {
  adminToken,
  createCampaign,
  launchNode,
  newAccount,
  query,
  setGlobalCap,
  waitFor,
} from "../harness/world";

describe("three render nodes, twenty renders, a global cap of two", () => {
  let api: ApiClient;
  let campaign: { campaignId: string; leadIds: string[] };
  const nodes: Awaited<ReturnType<typeof launchNode>>[] = [];

  beforeAll(async () => {
    await setGlobalCap(2);
    // Each node offers two slots, so together they ask for three times what the cap allows. They start
    // while the campaign is made: nothing is queued before the test enqueues, so none gets a head start.
    const launching = Promise.allSettled(
      ["node-a", "node-b", "node-c"].map((name) => launchNode(name, { slots: 2 })),
    ).then((launched) => {
      for (const l of launched) if (l.status === "fulfilled") nodes.push(l.value);
      return launched;
    });
    // One-second videos: the cap and the exactly-once bookkeeping are what is checked here, not the
    // video's length, and twenty renders two at a time make this the suite's longest file.
    const preparing = newAccount().then(async (account) => ({
      account,
      made: await createCampaign(account, {
        facecam: "short",
        leads: 20,
        scenes: [{ url: "{{website}}", seconds: 1 }],
      }),
    }));
    // Both awaited before anything throws, so afterAll stops every node that did start.
    const [prepared, launched] = await Promise.allSettled([preparing, launching]);
    if (launched.status === "fulfilled") {
      for (const l of launched.value) if (l.status === "rejected") throw l.reason;
    }
    if (prepared.status === "rejected") throw prepared.reason;
    api = prepared.value.account;
    campaign = prepared.value.made;
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it("never has more than two renders between claim and finish, and finishes each once", async () => {
    const enqueued = await api.enqueueRenders(campaign.campaignId);
    expect(enqueued).toHaveLength(20);
    const renderIds = enqueued.map((r) => r.id);

    const finalRows = await waitFor(
      "all twenty renders to reach a final state",
      async () => {
        const rows = await query<{ id: string; state: string; error: string | null }>(
          "select id, state, error from renders where id = any($1)",
          [renderIds],
        );
        return rows.every((r) => ["done", "failed", "cancelled"].includes(r.state)) && rows;
      },
      600_000,
      1000,
    );
    expect(finalRows.filter((r) => r.state !== "done")).toEqual([]);

    const audit = await auditConcurrency(renderIds);
    expect(audit.unfinished).toEqual([]);
    expect(audit.maxRunning, JSON.stringify(audit.intervals)).toBeLessThanOrEqual(2);
    // The cap was actually exercised: two renders did run side by side.
    expect(audit.maxRunning).toBe(2);

    expect([...doneCounts(audit.events).values()]).toEqual(Array(20).fill(1));

    // Work was shared: more than one node took renders.
    const byNode = await query<{ node_id: string }>(
      "select distinct node_id from render_events where kind = 'claimed' and render_id = any($1)",
      [renderIds],
    );
    expect(byNode.length).toBeGreaterThan(1);
  });

  it("stores each render's video exactly once, under that render's own key", async () => {
    const rows = await query<{ id: string; artifacts: Record<string, string> }>(
      "select id, artifacts from renders where campaign_id = $1",
      [campaign.campaignId],
    );
    const videoKeys = rows.map((r) => r.artifacts["video.mp4"]);
    expect(new Set(videoKeys).size).toBe(20);
    for (const row of rows) expect(row.artifacts["video.mp4"]).toContain(row.id);

    const listing = await api.request<{ objects: { key: string; size: number }[] }>(
      "GET",
      `/api/admin/media?prefix=${encodeURIComponent(videoKeys[0]?.split("/renders/")[0] ?? "")}/renders/`,
      { bearer: adminToken() },
    );
    const stored = listing.objects.filter((o) => o.key.endsWith("/video.mp4"));
    expect(stored.map((o) => o.key).sort()).toEqual([...videoKeys].sort());
    for (const o of stored) expect(o.size).toBeGreaterThan(10_000);
  });
});
