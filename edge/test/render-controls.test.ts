import { renders } from "@loom-lite/schema/db";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type AuthedFetch, anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import { setWorkspaceCap } from "./helpers/render-world";

/** Renders of a workspace with cap 0 are never claimed by the node-protocol tests running alongside. */
async function pausedCampaign(leadCount: number) {
  const account = await signUp();
  await setWorkspaceCap(account.workspaceId, 0);
  const call = authed(account.cookie);
  const campaign = await createCampaign(call);
  const leads = await addLeads(
    call,
    campaign.id,
    Array.from({ length: leadCount }, (_, i) => ({ first_name: `L${i}`, website: `l${i}.example.com` })),
  );
  return { account, call, campaignId: campaign.id, leadIds: leads.map((l) => l.id) };
}

async function insertRender(
  account: TestAccount,
  campaignId: string,
  leadId: string,
  row: Partial<typeof renders.$inferInsert> = {},
): Promise<string> {
  return seedRender({ workspaceId: account.workspaceId, campaignId, leadId, ...row });
}

async function enqueue(call: AuthedFetch, campaignId: string, json: unknown) {
  const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json });
  const body = (await res.json()) as { renders: Array<{ leadId: string }> };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.renders.map((r) => r.leadId).sort();
}

async function cancelAll(call: AuthedFetch, campaignId: string) {
  const res = await call(`/api/campaigns/${campaignId}/renders/cancel`, { method: "POST" });
  const body = (await res.json()) as { cancelled: string[]; stopping: string[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("POST /api/campaigns/:id/renders with `only`", () => {
  it("retries failed leads only, or renders leads without a video", async () => {
    const { account, call, campaignId, leadIds } = await pausedCampaign(4);
    const [done, failed, never, cancelled] = leadIds as [string, string, string, string];
    await insertRender(account, campaignId, done, { state: "done" });
    await insertRender(account, campaignId, failed, { state: "failed", error: "blocked" });
    await insertRender(account, campaignId, cancelled, { state: "cancelled" });

    expect(await enqueue(call, campaignId, { only: "failed" })).toEqual([failed]);
    expect((await cancelAll(call, campaignId)).cancelled).toHaveLength(1);
    expect(await enqueue(call, campaignId, { only: "unrendered" })).toEqual(
      [failed, never, cancelled].sort(),
    );
    // Selected leads combine with the filter.
    await cancelAll(call, campaignId);
    expect(await enqueue(call, campaignId, { only: "unrendered", leadIds: [done, never] })).toEqual([never]);
  });

  it("answers 400 for an unknown filter and queues nothing", async () => {
    const { call, campaignId } = await pausedCampaign(1);
    await expectError(
      await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: { only: "slow" } }),
      400,
      "BAD_REQUEST",
      /only/,
    );
    const res = await call(`/api/campaigns/${campaignId}/renders`);
    expect(((await res.json()) as { renders: unknown[] }).renders).toEqual([]);
  });
});

describe("POST /api/campaigns/:id/renders/cancel", () => {
  it("cancels queued renders at once and flags running ones", async () => {
    const { account, call, campaignId, leadIds } = await pausedCampaign(3);
    const [a, b, c] = leadIds as [string, string, string];
    const running = await insertRender(account, campaignId, a, { state: "capturing", progress: 0.4 });
    const done = await insertRender(account, campaignId, c, { state: "done" });
    await enqueue(call, campaignId, { leadIds: [b] });

    const answer = await cancelAll(call, campaignId);
    expect(answer.stopping).toEqual([running]);
    expect(answer.cancelled).toHaveLength(1);
    const rows = await withDb((db) =>
      db
        .select({
          id: renders.id,
          leadId: renders.leadId,
          state: renders.state,
          cancel: renders.cancelRequested,
        })
        .from(renders)
        .where(eq(renders.campaignId, campaignId)),
    );
    const byLead = Object.fromEntries(rows.map((r) => [r.leadId, r]));
    expect(byLead[a]).toMatchObject({ state: "capturing", cancel: true });
    expect(byLead[b]).toMatchObject({ state: "cancelled", cancel: true });
    expect(byLead[c]).toMatchObject({ id: done, state: "done", cancel: false });
    // Nothing left to cancel is not an error.
    expect(await cancelAll(call, campaignId)).toEqual({ cancelled: [], stopping: [] });
    await withDb((db) => db.update(renders).set({ state: "cancelled" }).where(eq(renders.id, running)));
  });

  it("answers 404 for another workspace's campaign and 401 without credentials, changing nothing", async () => {
    const { call, campaignId } = await pausedCampaign(1);
    await enqueue(call, campaignId, {});
    const stranger = await signUp();
    const path = `/api/campaigns/${campaignId}/renders/cancel`;
    await expectError(await authed(stranger.apiKey)(path, { method: "POST" }), 404, "NOT_FOUND");
    await expectError(await anonymous(path, { method: "POST" }), 401, "UNAUTHORIZED");
    const rows = await withDb((db) =>
      db.select({ state: renders.state }).from(renders).where(eq(renders.campaignId, campaignId)),
    );
    expect(rows).toEqual([{ state: "queued" }]);
  });
});

interface Progress {
  leads: number;
  states: Record<string, number>;
  rendered: number;
  fraction: number;
  averageRenderMs: number | null;
  slots: number;
  etaMs: number | null;
  pending: Array<{ renderId: string; leadId: string; state: string; progress: number; etaMs: number | null }>;
}

describe("GET /api/campaigns/:id/progress", () => {
  it("counts leads by state and estimates the time left from recent render durations", async () => {
    const { account, call, campaignId, leadIds } = await pausedCampaign(5);
    const [d1, d2, active, queued] = leadIds as [string, string, string, string, string];
    const now = Date.now();
    const at = (msAgo: number) => new Date(now - msAgo);
    await insertRender(account, campaignId, d1, {
      state: "done",
      claimedAt: at(100_000),
      finishedAt: at(80_000),
    });
    await insertRender(account, campaignId, d2, {
      state: "done",
      claimedAt: at(90_000),
      finishedAt: at(50_000),
    });
    const activeId = await insertRender(account, campaignId, active, {
      state: "capturing",
      progress: 0.5,
      claimedAt: at(10_000),
    });
    // Due in an hour: no node (of any test) claims it, while it counts as queued.
    const queuedId = await insertRender(account, campaignId, queued, { runAfter: new Date(now + 3_600_000) });
    await setWorkspaceCap(account.workspaceId, 2);

    const res = await authed(account.apiKey)(`/api/campaigns/${campaignId}/progress`);
    const body = (await res.json()) as Progress;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      leads: 5,
      states: { none: 1, queued: 1, active: 1, done: 2, failed: 0, cancelled: 0 },
      rendered: 2,
      averageRenderMs: 30_000,
      slots: 1,
    });
    expect(body.fraction).toBeCloseTo(2.5 / 4, 5);
    const activeEta = body.pending.find((p) => p.renderId === activeId)?.etaMs as number;
    const queuedEta = body.pending.find((p) => p.renderId === queuedId)?.etaMs as number;
    // Half done after ~10 s: ~10 s to go; the queued one starts when it finishes and takes ~30 s.
    expect(activeEta).toBeGreaterThanOrEqual(9_000);
    expect(activeEta).toBeLessThan(20_000);
    expect(queuedEta).toBe(activeEta + 30_000);
    expect(body.etaMs).toBe(queuedEta);

    // Paused (cap 0): queued renders have no estimate.
    await setWorkspaceCap(account.workspaceId, 0);
    const paused = (await (await call(`/api/campaigns/${campaignId}/progress`)).json()) as Progress;
    expect(paused.etaMs).toBeNull();
    await withDb((db) =>
      db
        .update(renders)
        .set({ state: "cancelled" })
        .where(and(eq(renders.campaignId, campaignId), inArray(renders.id, [activeId, queuedId]))),
    );
  });

  it("answers 404 for another workspace's campaign and 401 without credentials", async () => {
    const { campaignId } = await pausedCampaign(1);
    const stranger = await signUp();
    await expectError(
      await authed(stranger.cookie)(`/api/campaigns/${campaignId}/progress`),
      404,
      "NOT_FOUND",
    );
    await expectError(await anonymous(`/api/campaigns/${campaignId}/progress`), 401, "UNAUTHORIZED");
  });
});
