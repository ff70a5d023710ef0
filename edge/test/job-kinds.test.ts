import { SELF } from "cloudflare:test";
import { JOB_PRIORITIES, PLANS } from "@loom-lite/schema";
import { leads, renders, usageLedger, webhookDeliveries } from "@loom-lite/schema/db";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { renderFinishedEvent } from "../src/services/webhook-events";
import { type AuthedFetch, authed, signUp, type TestAccount } from "./helpers/accounts";
import { billed, seedUsage, setPlan } from "./helpers/billing";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import {
  type ClaimedJob,
  FIRST_FRAME_JPEG,
  makeDue,
  nodeClient,
  registerNode,
  renderRow,
  retire,
  seedCampaign,
  setWorkspaceCap,
  uploadRequired,
} from "./helpers/render-world";
import { workerWith } from "./helpers/worker-with";

/**
 * Job kinds share one queue: a claim takes the highest priority first (videos, then site checks, then
 * samples), the oldest due among equals. Only videos are billed, announced, a lead's render, counted
 * or exported; a site check (kind preflight) gives the campaign's contact sheet a first frame and a
 * verdict, and excluded leads stay out of "Render all".
 */

const used: string[] = [];
afterAll(() => retire(used));

/** The Worker with its background work (announcements) awaited before an answer comes back. */
const drained = workerWith({});

interface SheetLead {
  id: string;
  excluded: boolean;
  stale: boolean;
  check: {
    id: string;
    state: string;
    verdict: string | null;
    reason: string | null;
    frameUrl: string | null;
  } | null;
}
interface Sheet {
  items: SheetLead[];
  nextCursor: string | null;
  summary: {
    leads: number;
    excluded: number;
    pending: number;
    failed: number;
    verdicts: Record<string, number>;
  };
}

/** A signed-up workspace, paused (cap 0) so no claim of another suite takes its jobs. */
async function pausedWorkspace(count: number) {
  const account = await signUp();
  used.push(account.workspaceId);
  await setWorkspaceCap(account.workspaceId, 0);
  const call = authed(account.cookie);
  const campaign = await createCampaign(call, { spec: { scenes: [{ url: "{{website}}", seconds: 5 }] } });
  const added = await addLeads(
    call,
    campaign.id,
    Array.from({ length: count }, (_, i) => ({ first_name: `L${i}`, website: `l${i}.example.com` })),
  );
  return { account, call, campaignId: campaign.id, leadIds: added.map((l) => l.id) };
}

async function checkSites(call: AuthedFetch, campaignId: string, body?: unknown) {
  const res = await call(`/api/campaigns/${campaignId}/site-checks`, {
    method: "POST",
    ...(body === undefined ? {} : { json: body }),
  });
  const answer = (await res.json()) as { queued: number; current: number };
  expect(res.status, JSON.stringify(answer)).toBe(202);
  return answer;
}

async function sheet(call: AuthedFetch, campaignId: string, query = ""): Promise<Sheet> {
  const res = await call(`/api/campaigns/${campaignId}/site-checks${query}`);
  const body = (await res.json()) as Sheet;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function jobsOf(workspaceId: string) {
  return withDb((db) =>
    db
      .select({
        id: renders.id,
        leadId: renders.leadId,
        kind: renders.kind,
        priority: renders.priority,
        state: renders.state,
        reservedMs: renders.reservedMs,
      })
      .from(renders)
      .where(eq(renders.workspaceId, workspaceId))
      .orderBy(renders.createdAt),
  );
}

/** A node's call straight to the Worker, its background work (webhooks, cache) done when it answers. */
function nodeCall(token: string, path: string, body: unknown) {
  return drained(path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Claims the workspace's next job with a fresh node (the workspace is let go for the claim only). */
async function claimOne(account: TestAccount, renderId: string): Promise<ClaimedJob & { token: string }> {
  await makeDue(renderId);
  const node = await registerNode();
  await setWorkspaceCap(account.workspaceId, 1);
  try {
    const claimed = await nodeClient(node.token).claimJob();
    expect(claimed.renderId).toBe(renderId);
    return { ...claimed, token: node.token };
  } finally {
    await setWorkspaceCap(account.workspaceId, 0);
  }
}

describe("claim order", () => {
  it("takes the highest priority first, then the oldest due: video, then site check, then sample", async () => {
    const seeded = await seedCampaign({ leads: 3, renderConcurrency: 0 });
    used.push(seeded.workspaceId);
    const [sample, check, video] = seeded.renderIds as [string, string, string];
    // Due oldest first as seeded (sample, check, video); the kinds say the opposite order.
    await withDb(async (db) => {
      await db
        .update(renders)
        .set({ kind: "sample", priority: JOB_PRIORITIES.sample })
        .where(eq(renders.id, sample));
      await db
        .update(renders)
        .set({ kind: "preflight", priority: JOB_PRIORITIES.preflight })
        .where(eq(renders.id, check));
    });
    const node = nodeClient((await registerNode()).token);
    await setWorkspaceCap(seeded.workspaceId, 3);
    const order: Array<{ id: string; kind: unknown }> = [];
    for (let i = 0; i < 3; i++) {
      const claimed = await node.claimJob();
      order.push({ id: claimed.renderId, kind: (claimed.job as { kind?: unknown }).kind });
    }
    // Ended now, so their leases do not run out and put them back in the queue of later tests.
    await retire([seeded.workspaceId]);
    expect(order).toEqual([
      { id: video, kind: "video" },
      { id: check, kind: "preflight" },
      { id: sample, kind: "sample" },
    ]);
  });

  it("queues each kind at its priority: videos at JOB_PRIORITIES.video, site checks below them", async () => {
    const { account, call, campaignId } = await pausedWorkspace(1);
    await checkSites(call, campaignId);
    const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: {} });
    expect(res.status, await res.clone().text()).toBe(201);
    const jobs = await jobsOf(account.workspaceId);
    expect(jobs.map((j) => [j.kind, j.priority])).toEqual([
      ["preflight", JOB_PRIORITIES.preflight],
      ["video", JOB_PRIORITIES.video],
    ]);
    expect(JOB_PRIORITIES.video).toBeGreaterThan(JOB_PRIORITIES.preflight);
  });
});

describe("site checks (kind preflight)", () => {
  it("queue once per lead: repeating the request queues nothing, and a video still queues beside a check", async () => {
    const { account, call, campaignId, leadIds } = await pausedWorkspace(3);
    expect(await checkSites(call, campaignId)).toEqual({ queued: 3, current: 0 });
    expect(await checkSites(call, campaignId)).toEqual({ queued: 0, current: 3 });
    expect(await checkSites(call, campaignId, { leadIds: [leadIds[0]] })).toEqual({ queued: 0, current: 1 });
    // A pending check is not the lead's render: "Render all" still queues every video.
    const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: {} });
    expect(((await res.json()) as { renders: unknown[] }).renders).toHaveLength(3);
    const jobs = await jobsOf(account.workspaceId);
    expect(jobs.filter((j) => j.kind === "preflight")).toHaveLength(3);
    const page = await sheet(call, campaignId, "?limit=2");
    expect(page.items.map((l) => l.id)).toEqual(leadIds.slice(0, 2));
    expect(page.items.every((l) => l.check?.state === "queued")).toBe(true);
    expect(page.summary).toMatchObject({ leads: 3, pending: 3, excluded: 0 });
    const next = await sheet(call, campaignId, `?limit=2&cursor=${page.nextCursor}`);
    expect(next.items.map((l) => l.id)).toEqual(leadIds.slice(2));
    expect(next.nextCursor).toBeNull();
  });

  it("a finished check gives the sheet its frame and verdict, and is never billed, announced or the lead's video", async () => {
    const { account, call, campaignId, leadIds } = await pausedWorkspace(1);
    const leadId = leadIds[0] as string;
    const hook = await call("/api/webhooks", {
      method: "POST",
      json: { url: "https://example.com/hooks", events: ["render.completed", "render.failed"] },
    });
    expect(hook.status, await hook.clone().text()).toBe(201);
    await checkSites(call, campaignId);
    const [job] = await jobsOf(account.workspaceId);
    const claimed = await claimOne(account, job?.id as string);
    const node = nodeClient(claimed.token);

    // A check completes with its verdict, and a usable page with its frame.
    const noVerdict = await nodeCall(claimed.token, `/nodes/v1/renders/${claimed.renderId}/complete`, {
      fence: claimed.fence,
      durationMs: 0,
      timings: {},
    });
    await expectError(noVerdict, 400, "BAD_REQUEST", /preflight/);
    const verdict = { verdict: "usable", url: "https://l0.example.com/", reason: null };
    const noFrame = await nodeCall(claimed.token, `/nodes/v1/renders/${claimed.renderId}/complete`, {
      fence: claimed.fence,
      durationMs: 0,
      timings: {},
      preflight: verdict,
    });
    await expectError(noFrame, 400, "BAD_REQUEST", /first-frame\.jpg/);
    const up = await node.upload(claimed.renderId, "first-frame.jpg", claimed.fence, FIRST_FRAME_JPEG);
    expect(up.status, await up.clone().text()).toBe(204);
    const done = await nodeCall(claimed.token, `/nodes/v1/renders/${claimed.renderId}/complete`, {
      fence: claimed.fence,
      // A node claiming a length for a check must not make it billable.
      durationMs: 60_000,
      timings: { preflight: 800 },
      preflight: verdict,
    });
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await renderRow(claimed.renderId)).toMatchObject({
      state: "done",
      kind: "preflight",
      preflight: verdict,
    });

    // The sheet shows it, with its frame served to the workspace.
    const [tile] = (await sheet(call, campaignId)).items;
    expect(tile?.check).toMatchObject({ id: claimed.renderId, state: "done", verdict: "usable" });
    const frame = await call(tile?.check?.frameUrl as string);
    expect(frame.status).toBe(200);
    expect(frame.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await frame.arrayBuffer())).toEqual(FIRST_FRAME_JPEG);

    // Not billed, not announced.
    const ledger = await withDb((db) =>
      db.select().from(usageLedger).where(eq(usageLedger.workspaceId, account.workspaceId)),
    );
    expect(ledger).toEqual([]);
    const deliveries = await withDb((db) =>
      db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, account.workspaceId)),
    );
    expect(deliveries).toEqual([]);
    expect(await withDb((db) => renderFinishedEvent(db as never, claimed.renderId))).toBeNull();

    // Not the lead's render, video, figure, export or landing page.
    const lead = (await (await call(`/api/leads/${leadId}`)).json()) as { render: unknown; slug: string };
    expect(lead.render).toBeNull();
    const list = (await (await call(`/api/campaigns/${campaignId}/renders`)).json()) as {
      renders: unknown[];
    };
    expect(list.renders).toEqual([]);
    const none = (await (await call(`/api/campaigns/${campaignId}/leads?state=none`)).json()) as {
      leads: Array<{ id: string }>;
    };
    expect(none.leads.map((l) => l.id)).toEqual([leadId]);
    const progress = (await (await call(`/api/campaigns/${campaignId}/progress`)).json()) as {
      states: Record<string, number>;
    };
    expect(progress.states).toMatchObject({ none: 1, done: 0 });
    const listed = (await (await call("/api/campaigns")).json()) as {
      campaigns: Array<{ id: string; figures: { rendered: number } }>;
    };
    expect(listed.campaigns.find((c) => c.id === campaignId)?.figures.rendered).toBe(0);
    const csv = await (await call(`/api/campaigns/${campaignId}/leads/export`)).text();
    expect(csv).not.toContain(claimed.renderId);
    expect(csv).not.toContain("first-frame");
    const landing = await SELF.fetch(`http://${account.workspaceSlug}.localhost:8787/${lead.slug}`);
    const html = await landing.text();
    expect(landing.status, html.slice(0, 300)).toBe(200);
    expect(html).not.toContain(`/${lead.slug}/video.mp4`);
    expect(
      (await SELF.fetch(`http://${account.workspaceSlug}.localhost:8787/${lead.slug}/video.mp4`)).status,
    ).toBe(404);
  });

  it("a video job beside it is still billed and announced (the same path, other kind)", async () => {
    const { account, call, campaignId } = await pausedWorkspace(1);
    const hook = await call("/api/webhooks", {
      method: "POST",
      json: { url: "https://example.com/hooks", events: ["render.completed"] },
    });
    expect(hook.status).toBe(201);
    const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: {} });
    const [queued] = ((await res.json()) as { renders: Array<{ id: string }> }).renders;
    const claimed = await claimOne(account, queued?.id as string);
    await uploadRequired(nodeClient(claimed.token), claimed);
    const verdict = { verdict: "usable", url: "https://l0.example.com/", reason: null };
    const withVerdict = await nodeCall(claimed.token, `/nodes/v1/renders/${claimed.renderId}/complete`, {
      fence: claimed.fence,
      durationMs: 5000,
      timings: {},
      preflight: verdict,
    });
    await expectError(withVerdict, 400, "BAD_REQUEST", /only a preflight job/);
    const done = await nodeCall(claimed.token, `/nodes/v1/renders/${claimed.renderId}/complete`, {
      fence: claimed.fence,
      durationMs: 5000,
      timings: {},
    });
    expect(done.status, await done.clone().text()).toBe(200);
    const ledger = await withDb((db) =>
      db.select().from(usageLedger).where(eq(usageLedger.renderId, claimed.renderId)),
    );
    expect(ledger).toHaveLength(1);
    const deliveries = await withDb((db) =>
      db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, account.workspaceId)),
    );
    expect(deliveries.map((d) => d.event)).toEqual(["render.completed"]);
  });

  it("with billing on, checks reserve nothing and queue even when the minutes are used up", async () => {
    const account = await signUp();
    used.push(account.workspaceId);
    await setWorkspaceCap(account.workspaceId, 0);
    await setPlan(account, "free");
    await seedUsage(account, PLANS.free.includedMinutes * 60_000);
    const call = billed(account.cookie);
    const campaign = await createCampaign(call, { spec: { scenes: [{ url: "{{website}}", seconds: 60 }] } });
    await addLeads(call, campaign.id, [{ website: "a.example.com" }, { website: "b.example.com" }]);
    const res = await call(`/api/campaigns/${campaign.id}/site-checks`, { method: "POST" });
    expect(res.status, await res.clone().text()).toBe(202);
    const videos = await call(`/api/campaigns/${campaign.id}/renders`, { method: "POST" });
    expect(videos.status).toBe(201);
    const jobs = await jobsOf(account.workspaceId);
    expect(jobs.map((j) => [j.kind, j.state, j.reservedMs])).toEqual([
      ["preflight", "queued", 0],
      ["preflight", "queued", 0],
      ["video", "blocked_quota", 60_000],
      ["video", "blocked_quota", 60_000],
    ]);
  });
});

describe("exclude and fix from the sheet", () => {
  it("an excluded lead is left out of Render all and of Check sites; un-excluding takes it back", async () => {
    const { account, call, campaignId, leadIds } = await pausedWorkspace(3);
    const [a, b, c] = leadIds as [string, string, string];
    const patched = await call(`/api/leads/${b}`, { method: "PATCH", json: { excluded: true } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect(await patched.json()).toMatchObject({ id: b, excluded: true });
    expect(await checkSites(call, campaignId)).toEqual({ queued: 2, current: 0 });
    const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: {} });
    const queued = ((await res.json()) as { renders: Array<{ leadId: string }> }).renders;
    expect(queued.map((r) => r.leadId)).toEqual([a, c]);
    expect((await sheet(call, campaignId)).summary.excluded).toBe(1);
    await call(`/api/leads/${b}`, { method: "PATCH", json: { excluded: false } });
    const again = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST", json: {} });
    expect(
      ((await again.json()) as { renders: Array<{ leadId: string }> }).renders.map((r) => r.leadId),
    ).toEqual([b]);
    expect((await jobsOf(account.workspaceId)).filter((j) => j.kind === "video")).toHaveLength(3);
  });

  it("fixing a lead's website makes its done check stale, and checking again queues that lead only", async () => {
    const { account, call, campaignId, leadIds } = await pausedWorkspace(2);
    const [a] = leadIds as [string, string];
    await checkSites(call, campaignId);
    // Both checks end (as a node would leave them).
    await withDb((db) =>
      db
        .update(renders)
        .set({
          state: "done",
          preflight: { verdict: "broken", url: "https://l0.example.com/", reason: "HTTP 500" },
        })
        .where(eq(renders.workspaceId, account.workspaceId)),
    );
    expect(await checkSites(call, campaignId)).toEqual({ queued: 0, current: 2 });
    const fixed = await call(`/api/leads/${a}`, {
      method: "PATCH",
      json: { fields: { first_name: "L0", website: "fixed.example.com" } },
    });
    expect(fixed.status, await fixed.clone().text()).toBe(200);
    const before = await sheet(call, campaignId);
    expect(before.items.map((l) => [l.id, l.stale])).toEqual([
      [a, true],
      [leadIds[1], false],
    ]);
    expect(await checkSites(call, campaignId, { leadIds: [a] })).toEqual({ queued: 1, current: 0 });
    const after = await sheet(call, campaignId);
    expect(after.items[0]?.check?.state).toBe("queued");
    expect(after.summary).toMatchObject({ pending: 1, verdicts: { broken: 1 } });
  });
});

describe("attacks on the site-check endpoints", () => {
  it("another workspace's lead ids in a check request are 404 and queue nothing anywhere", async () => {
    const victim = await pausedWorkspace(1);
    const attacker = await pausedWorkspace(1);
    const res = await attacker.call(`/api/campaigns/${attacker.campaignId}/site-checks`, {
      method: "POST",
      json: { leadIds: [victim.leadIds[0], attacker.leadIds[0]] },
    });
    await expectError(res, 404, "NOT_FOUND", victim.leadIds[0]);
    expect(await jobsOf(victim.account.workspaceId)).toEqual([]);
    expect(await jobsOf(attacker.account.workspaceId)).toEqual([]);
    const foreign = await attacker.call(`/api/campaigns/${victim.campaignId}/site-checks`, {
      method: "POST",
    });
    await expectError(foreign, 404, "NOT_FOUND");
    const peek = await attacker.call(`/api/campaigns/${victim.campaignId}/site-checks`);
    await expectError(peek, 404, "NOT_FOUND");
    expect(await jobsOf(victim.account.workspaceId)).toEqual([]);
  });

  it("excluding another workspace's lead is 404 and leaves it included", async () => {
    const victim = await pausedWorkspace(1);
    const attacker = await pausedWorkspace(1);
    const res = await attacker.call(`/api/leads/${victim.leadIds[0]}`, {
      method: "PATCH",
      json: { excluded: true },
    });
    await expectError(res, 404, "NOT_FOUND");
    const [row] = await withDb((db) =>
      db
        .select({ excludedAt: leads.excludedAt })
        .from(leads)
        .where(eq(leads.id, victim.leadIds[0] as string)),
    );
    expect(row?.excludedAt).toBeNull();
  });

  it("refuses malformed requests, naming the field, and queues nothing", async () => {
    const { account, call, campaignId, leadIds } = await pausedWorkspace(1);
    for (const body of [
      { leadIds: [] },
      { leadIds: ["x".repeat(65)] },
      { leadIds: "ld_1" },
      { kind: "video" },
    ]) {
      const res = await call(`/api/campaigns/${campaignId}/site-checks`, { method: "POST", json: body });
      const answer = (await res.json()) as { error?: { code: string; message: string } };
      expect(res.status, JSON.stringify(answer)).toBe(400);
      expect(answer.error?.message).toMatch(/leadIds|kind/);
    }
    const empty = await call(`/api/leads/${leadIds[0]}`, {
      method: "PATCH",
      json: {},
    });
    expect(empty.status).toBe(400);
    expect(await jobsOf(account.workspaceId)).toEqual([]);
  });

  it("a node cannot turn a site check into a billed video, nor complete it for another render", async () => {
    const { account, call, campaignId } = await pausedWorkspace(1);
    await checkSites(call, campaignId);
    const [job] = await jobsOf(account.workspaceId);
    const claimed = await claimOne(account, job?.id as string);
    // Video artifacts and a length, no verdict: refused; nothing recorded.
    await uploadRequired(nodeClient(claimed.token), claimed);
    const res = await nodeCall(claimed.token, `/nodes/v1/renders/${claimed.renderId}/complete`, {
      fence: claimed.fence,
      durationMs: 600_000,
      timings: {},
    });
    await expectError(res, 400, "BAD_REQUEST", /preflight/);
    const row = await renderRow(claimed.renderId);
    expect(row.state).toBe("claimed");
    const ledger = await withDb((db) =>
      db
        .select()
        .from(usageLedger)
        .where(
          and(eq(usageLedger.workspaceId, account.workspaceId), inArray(usageLedger.renderId, [row.id])),
        ),
    );
    expect(ledger).toEqual([]);
  });
});
