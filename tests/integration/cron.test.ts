import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startLocalCron } from "@loom-lite/testkit/local-cron";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "../../render-node/test/helpers/pages-server";
import { LEASE_TTL_MS } from "../harness/global-setup";
import {
  cancelLeftoverRenders,
  cancelUnfinishedRenders,
  createCampaign,
  edgeUrl,
  newAccount,
  query,
  registerNode,
  setGlobalCap,
  waitFor,
} from "../harness/world";

// The stack starts `wrangler dev` as `npm run dev` does, with its cron firing the Worker's scheduled
// handler every minute. Nothing in this file claims after the first claim, so only the cron can end
// the lapsed lease.

describe("the local stack's cron", () => {
  beforeAll(async () => {
    await cancelLeftoverRenders();
    // The file before may have left the cap at 1 with a permit still out until its lease lapses.
    await setGlobalCap(2);
  });

  it("sweeps a render whose lease ran out within a minute, with no node claiming", async () => {
    const api = await newAccount();
    try {
      const { campaignId } = await createCampaign(api, { facecam: "short", leads: 1 });
      const [queued] = await api.enqueueRenders(campaignId);
      if (!queued) throw new Error("nothing was enqueued");
      const token = await registerNode("vanishing");
      // A node claims the render and then vanishes: no heartbeat, no complete, no other claim. It asks
      // again while the answer is "nothing" (a permit another file left out lapses within a lease), as
      // a node's poll loop does; only the claim that gets the render counts.
      const claimed = await waitFor(
        "the vanishing node's claim to get the render",
        async () => {
          const claim = await fetch(`${edgeUrl()}/nodes/v1/claim`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ freeSlots: 1, version: "vanishing/1" }),
          });
          const body = (await claim.json()) as {
            job?: { renderId: string } | null;
            lease?: { expiresAt: string };
          };
          return body.job ? body : undefined;
        },
        LEASE_TTL_MS + 10_000,
        250,
      );
      expect(claimed.job?.renderId, JSON.stringify(claimed)).toBe(queued.id);
      const expiresAt = Date.parse(claimed.lease?.expiresAt ?? "");
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(LEASE_TTL_MS);

      const swept = await waitFor(
        "the cron to sweep the lapsed lease",
        async () => {
          const [event] = await query<{ at: Date }>(
            "select at from render_events where render_id = $1 and kind = 'lease_expired'",
            [queued.id],
          );
          return event;
        },
        LEASE_TTL_MS + 75_000,
        500,
      );
      // Within a minute of the lease running out (the sweep records when the lease had expired, so the
      // time it ran is read from the row).
      const [row] = await query<{ state: string; updated_at: Date }>(
        "select state, updated_at from renders where id = $1",
        [queued.id],
      );
      expect(row?.state).toBe("queued");
      expect((row?.updated_at.getTime() ?? 0) - expiresAt).toBeLessThan(62_000);
      expect(swept).toBeDefined();
      const claims = await query("select 1 from render_events where render_id = $1 and kind = 'claimed'", [
        queued.id,
      ]);
      expect(claims).toHaveLength(1);
    } finally {
      await cancelUnfinishedRenders(api);
    }
  });

  it("reaches the Worker's scheduled handler through the route it uses", async () => {
    const res = await fetch(`${edgeUrl()}/__scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe("a cron run that fails", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" }).end("Error: database unreachable\n    at sweep");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is logged loudly with what the edge answered, and counted", async () => {
    const lines: string[] = [];
    const cron = startLocalCron({ url, intervalMs: 3_600_000, log: (line) => lines.push(line) });
    try {
      expect(await cron.runNow()).toBe(false);
      expect(cron.stats).toMatchObject({ runs: 1, failures: 1, lastOkAt: null });
      expect(lines.join("\n")).toContain("CRON RUN FAILED (1 of 1): HTTP 500: Error: database unreachable");
    } finally {
      cron.stop();
    }
  });

  it("is logged when the edge cannot be reached at all", async () => {
    const lines: string[] = [];
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const cron = startLocalCron({ url: closed, intervalMs: 3_600_000, log: (line) => lines.push(line) });
    try {
      expect(await cron.runNow()).toBe(false);
      expect(lines.join("\n")).toContain("CRON RUN FAILED");
    } finally {
      cron.stop();
    }
  });
});
