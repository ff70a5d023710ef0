import { SELF } from "cloudflare:test";
import { PLANS } from "@loom-lite/schema";
import {
  customDomains,
  invitations,
  memberships,
  outboxEmails,
  renders,
  usageLedger,
  workspaceBilling,
  workspaces,
} from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { billingConfig, billingVarsSchema } from "../src/services/billing/config";
import { runBillingMinute } from "../src/services/billing/cron";
import { releaseHeldRenders } from "../src/services/billing/held-renders";
import { recordUsage } from "../src/services/billing/ledger";
import { calendarMonth } from "../src/services/billing/plan-in-force";
import { endExpiredTrials } from "../src/services/billing/trial";
import { type AuthedFetch, authed, signUp, uniqueEmail } from "./helpers/accounts";
import { billed, seedUsage, setBillingRow, setPlan } from "./helpers/billing";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import {
  makeDue,
  nodeClient,
  registerNode,
  retire,
  seedCampaign,
  setWorkspaceCap,
  uploadRequired,
} from "./helpers/render-world";
import { billingWorker, stripeVars } from "./helpers/stripe";
import { addTeammate } from "./helpers/team";

const used: string[] = [];
afterAll(() => retire(used));

/** Each video of these campaigns lasts exactly a minute (one scene of 60 s). */
const MINUTE_SPEC = { scenes: [{ url: "{{website}}", seconds: 60 }] };

/** A signed-up workspace on `plan`, paused (cap 0) so no node of another suite claims its renders. */
async function workspaceOn(plan: keyof typeof PLANS) {
  const account = await signUp();
  used.push(account.workspaceId);
  await setWorkspaceCap(account.workspaceId, 0);
  await setPlan(account, plan);
  return { account, call: billed(account.cookie) };
}

async function campaignWithLeads(call: AuthedFetch, count: number, spec: object = MINUTE_SPEC) {
  const campaign = await createCampaign(call, { spec });
  const leads = await addLeads(
    call,
    campaign.id,
    Array.from({ length: count }, (_, i) => ({ first_name: `L${i}`, website: `l${i}.example.com` })),
  );
  return { campaignId: campaign.id, leadIds: leads.map((l) => l.id), leads };
}

interface Enqueued {
  id: string;
  leadId: string;
  state: string;
  reason: string | null;
}

async function enqueue(call: AuthedFetch, campaignId: string): Promise<Enqueued[]> {
  const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST" });
  const body = (await res.json()) as { renders: Enqueued[] };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.renders;
}

async function statesOf(workspaceId: string) {
  const rows = await withDb((db) =>
    db
      .select({ id: renders.id, state: renders.state, reservedMs: renders.reservedMs })
      .from(renders)
      .where(eq(renders.workspaceId, workspaceId)),
  );
  const count = (state: string) => rows.filter((r) => r.state === state).length;
  return { rows, queued: count("queued"), held: count("blocked_quota") };
}

async function getBilling(call: AuthedFetch) {
  const res = await call("/api/billing");
  const body = (await res.json()) as {
    enabled: boolean;
    plan: { id: string };
    trialDaysLeft: number | null;
    usage: {
      usedSeconds: number;
      reservedSeconds: number;
      includedSeconds: number;
      remainingSeconds: number;
    };
    overage: { enabled: boolean; spendingCapCents: number };
    warning: { percent: number } | null;
  };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("plan in force", () => {
  it("a new workspace is on the trial; once it ends it is Free on reads at once and by the cron", async () => {
    const { account, call } = await workspaceOn("trial");
    const trial = await getBilling(call);
    expect(trial).toMatchObject({ enabled: true, plan: { id: "trial" }, trialDaysLeft: 14 });
    expect(trial.usage.includedSeconds).toBe(PLANS.trial.includedMinutes * 60);

    await setBillingRow(account, { trialEndsAt: new Date(Date.now() - 1000) });
    const ended = await getBilling(call);
    expect(ended).toMatchObject({ plan: { id: "free" }, trialDaysLeft: null });
    expect(ended.usage.includedSeconds).toBe(PLANS.free.includedMinutes * 60);
    const stored = async () =>
      withDb(
        async (db) => (await db.select().from(workspaces).where(eq(workspaces.id, account.workspaceId)))[0],
      );
    expect((await stored())?.plan).toBe("trial");

    const moved = await withDb((db) => endExpiredTrials(db, true));
    expect(moved).toContain(account.workspaceId);
    expect(await stored()).toMatchObject({ plan: "free", renderConcurrency: PLANS.free.rendersAtOnce });
  });

  it("with billing off every workspace is unlimited and the API says billing is off", async () => {
    const account = await signUp();
    used.push(account.workspaceId);
    await setWorkspaceCap(account.workspaceId, 0);
    await setPlan(account, "free");
    const call = authed(account.cookie);
    expect((await getBilling(call)).enabled).toBe(false);
    await seedUsage(account, PLANS.free.includedMinutes * 60_000);
    const { campaignId } = await campaignWithLeads(call, 3, {
      scenes: [{ url: "{{website}}", seconds: 300 }],
    });
    const queued = await enqueue(call, campaignId);
    expect(queued.map((r) => r.state)).toEqual(["queued", "queued", "queued"]);
  });
});

describe("enforcement when queueing", () => {
  it("a campaign hitting the limit midway: exactly the renders that fit queue, the rest are held with the reason", async () => {
    const { account, call } = await workspaceOn("free");
    // 10 included minutes, 7 used: room for three one-minute videos.
    await seedUsage(account, 7 * 60_000);
    const { campaignId } = await campaignWithLeads(call, 5);
    const answer = await enqueue(call, campaignId);
    expect(answer.map((r) => r.state)).toEqual([
      "queued",
      "queued",
      "queued",
      "blocked_quota",
      "blocked_quota",
    ]);
    const reason = answer[4]?.reason ?? "";
    expect(reason).toMatch(/Free plan's 10 render minutes/);
    expect(reason).toMatch(/7 min used and 3 min reserved/);
    expect(reason).toMatch(/upgrade/);
    expect(answer[0]?.reason).toBeNull();

    // Queueing again adds nothing: held leads count as pending, nothing is reserved twice.
    expect(await enqueue(call, campaignId)).toEqual([]);
    const states = await statesOf(account.workspaceId);
    expect({ queued: states.queued, held: states.held }).toEqual({ queued: 3, held: 2 });
    const billing = await getBilling(call);
    expect(billing.usage).toMatchObject({ usedSeconds: 420, reservedSeconds: 180, remainingSeconds: 0 });

    // The render list shows the held state with its reason; a held render can be cancelled.
    const held = answer[3] as Enqueued;
    const got = await call(`/api/renders/${held.id}`);
    expect(await got.json()).toMatchObject({ state: "blocked_quota", errorCode: "quota_exceeded" });
    const cancelled = await call(`/api/renders/${held.id}/cancel`, { method: "POST" });
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    expect((await statesOf(account.workspaceId)).held).toBe(1);
  });

  it("concurrent enqueues of a thousand-lead campaign's worth cannot overshoot", async () => {
    const { account, call } = await workspaceOn("free");
    await seedUsage(account, 6 * 60_000);
    const campaigns = await Promise.all([1, 2, 3].map(() => campaignWithLeads(call, 3)));
    const answers = await Promise.all(campaigns.map((c) => enqueue(call, c.campaignId)));
    const states = answers.flat().map((r) => r.state);
    expect(states.filter((s) => s === "queued")).toHaveLength(4);
    expect(states.filter((s) => s === "blocked_quota")).toHaveLength(5);
    const { rows } = await statesOf(account.workspaceId);
    const reserved = rows.filter((r) => r.state === "queued").reduce((sum, r) => sum + r.reservedMs, 0);
    expect(reserved).toBe(4 * 60_000);
  });

  it("overage, once the owner allows it, runs up to the spending cap at the plan's price", async () => {
    const { account, call } = await workspaceOn("starter");
    await seedUsage(account, PLANS.starter.includedMinutes * 60_000);
    // $0.50 at $0.25 a minute: two more minutes.
    const patched = await call("/api/billing", {
      method: "PATCH",
      json: { overageEnabled: true, spendingCapCents: 50 },
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const { campaignId } = await campaignWithLeads(call, 3);
    const answer = await enqueue(call, campaignId);
    expect(answer.map((r) => r.state)).toEqual(["queued", "queued", "blocked_quota"]);
    expect(answer[2]?.reason).toMatch(/spending cap of \$0\.50/);

    // Raising the cap starts the held one at once.
    const raised = await call("/api/billing", { method: "PATCH", json: { spendingCapCents: 75 } });
    expect(raised.status).toBe(200);
    expect((await statesOf(account.workspaceId)).held).toBe(0);
  });

  it("held renders resume by themselves after the period rolls over and after a plan change", async () => {
    const { account, call } = await workspaceOn("free");
    await seedUsage(account, PLANS.free.includedMinutes * 60_000);
    const { campaignId } = await campaignWithLeads(call, 3);
    expect((await enqueue(call, campaignId)).every((r) => r.state === "blocked_quota")).toBe(true);

    expect(await withDb((db) => releaseHeldRenders(db, account.workspaceId))).toBe(0);
    // In the next calendar month Free's new period has ten minutes again.
    const { end } = calendarMonth(new Date());
    const nextMonth = new Date(end.getTime() + 60_000);
    expect(await withDb((db) => releaseHeldRenders(db, account.workspaceId, nextMonth))).toBe(3);
    expect((await statesOf(account.workspaceId)).queued).toBe(3);

    // Another workspace, held, then upgraded: the cron's minute releases them.
    const other = await workspaceOn("free");
    await seedUsage(other.account, PLANS.free.includedMinutes * 60_000);
    const more = await campaignWithLeads(other.call, 2);
    await enqueue(other.call, more.campaignId);
    await setPlan(other.account, "starter");
    const cron = await withDb((db) =>
      runBillingMinute(db, billingConfig(billingVarsSchema.parse(stripeVars))),
    );
    expect(cron.released).toBeGreaterThanOrEqual(2);
    expect((await statesOf(other.account.workspaceId)).queued).toBe(2);
  });

  it("payment past due beyond the grace days refuses queueing with 402 naming the way out; pages keep serving", async () => {
    const { account, call } = await workspaceOn("starter");
    const { campaignId, leads } = await campaignWithLeads(call, 1);
    await setBillingRow(account, {
      subscriptionStatus: "past_due",
      pastDueSince: new Date(Date.now() - 8 * 24 * 3600 * 1000),
    });
    const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST" });
    await expectError(
      res,
      402,
      "PAYMENT_REQUIRED",
      /past due.*update the payment method in Settings → Billing/s,
    );
    expect((await statesOf(account.workspaceId)).rows).toHaveLength(0);
    const page = await billingWorker((leads[0] as { landingUrl: string }).landingUrl);
    expect(page.status).toBe(200);

    // Within the grace days it still renders.
    await setBillingRow(account, { pastDueSince: new Date(Date.now() - 2 * 24 * 3600 * 1000) });
    expect((await enqueue(call, campaignId)).map((r) => r.state)).toEqual(["queued"]);
  });

  it("a video longer than the plan allows is refused with 402 naming the limit", async () => {
    const { call } = await workspaceOn("free");
    const { campaignId } = await campaignWithLeads(call, 1, {
      scenes: [{ url: "{{website}}", seconds: 150 }],
    });
    const res = await call(`/api/campaigns/${campaignId}/renders`, { method: "POST" });
    await expectError(res, 402, "PAYMENT_REQUIRED", /150 s, longer than the 120 s the Free plan allows/);
  });
});

describe("the video length choice in enforcement", () => {
  it("reserves the facecam's length when the scenes are fitted to it, the scenes' seconds when they are kept", async () => {
    // The test facecam lasts 2 s; the scenes ask for 150 s, over the Free plan's 120 s.
    const { account, call } = await workspaceOn("free");
    const scenes = [{ url: "{{website}}", seconds: 150 }];
    const fitted = await campaignWithLeads(call, 1, { scenes, length: "facecam" });
    expect((await enqueue(call, fitted.campaignId)).map((r) => r.state)).toEqual(["queued"]);
    const [reserved] = (await statesOf(account.workspaceId)).rows.map((r) => r.reservedMs);
    expect(reserved).toBeGreaterThanOrEqual(1900);
    expect(reserved).toBeLessThanOrEqual(2100);

    for (const length of ["scenes", undefined]) {
      const kept = await campaignWithLeads(call, 1, { scenes, ...(length ? { length } : {}) });
      const res = await call(`/api/campaigns/${kept.campaignId}/renders`, { method: "POST" });
      await expectError(res, 402, "PAYMENT_REQUIRED", /150 s, longer than the 120 s the Free plan allows/);
    }
    expect((await statesOf(account.workspaceId)).rows).toHaveLength(1);
  });
});

describe("seats, domains and branding", () => {
  it("an invitation beyond the plan's seats is refused with 402, and nothing is written", async () => {
    const { account, call } = await workspaceOn("free");
    const res = await call("/api/workspace/invitations", {
      method: "POST",
      json: { email: uniqueEmail("seat") },
    });
    await expectError(res, 402, "PAYMENT_REQUIRED", /Free plan includes 1 seat.*upgrade/);
    const rows = await withDb((db) =>
      db.select().from(invitations).where(eq(invitations.workspaceId, account.workspaceId)),
    );
    expect(rows).toHaveLength(0);

    await setPlan(account, "growth");
    const ok = await call("/api/workspace/invitations", {
      method: "POST",
      json: { email: uniqueEmail("seat") },
    });
    expect(ok.status, await ok.clone().text()).toBe(201);
  });

  it("accepting an invitation sent before a downgrade needs a seat of the plan in force", async () => {
    const { account, call } = await workspaceOn("growth");
    const email = uniqueEmail("late");
    const invited = await call("/api/workspace/invitations", {
      method: "POST",
      json: { email, role: "member" },
    });
    const { acceptUrl } = (await invited.json()) as { acceptUrl: string };
    expect(invited.status).toBe(201);
    await setPlan(account, "free");
    const mate = await signUp(undefined, { email });
    const token = acceptUrl.split("#/invite/")[1] as string;
    const res = await billed(mate.cookie)(`/api/invitations/${token}/accept`, { method: "POST" });
    await expectError(res, 402, "PAYMENT_REQUIRED", /Free plan includes 1 seat/);
    const members = await withDb((db) =>
      db.select().from(memberships).where(eq(memberships.workspaceId, account.workspaceId)),
    );
    expect(members).toHaveLength(1);
  });

  it("a custom domain beyond the plan's is refused with 402; Free pages carry the Loom-Lite mark", async () => {
    const { account, call } = await workspaceOn("free");
    const res = await call("/api/domains", {
      method: "POST",
      json: { hostname: "video.free-plan-example.com" },
    });
    await expectError(res, 402, "PAYMENT_REQUIRED", /Free plan has no custom domains.*upgrade/);
    const rows = await withDb((db) =>
      db.select().from(customDomains).where(eq(customDomains.workspaceId, account.workspaceId)),
    );
    expect(rows).toHaveLength(0);

    const { leads } = await campaignWithLeads(call, 1);
    const url = (leads[0] as { landingUrl: string }).landingUrl;
    expect(await (await billingWorker(url)).text()).toContain("Made with");
    await setPlan(account, "starter");
    expect(await (await billingWorker(url)).text()).not.toContain("Made with");
    // Billing off: no plan, no mark.
    await setPlan(account, "free");
    expect(await (await SELF.fetch(url)).text()).not.toContain("Made with");
  });
});

describe("billing turned off", () => {
  it("a render held while billing was on is claimed like a queued one, its reason cleared", async () => {
    const account = await signUp();
    used.push(account.workspaceId);
    const seeded = await seedCampaign({ workspaceId: account.workspaceId, leads: 1, renderConcurrency: 1 });
    const held = seeded.renderIds[0] as string;
    await withDb((db) =>
      db
        .update(renders)
        .set({ state: "blocked_quota", errorCode: "quota_exceeded", error: "Held: …", reservedMs: 60_000 })
        .where(eq(renders.id, held)),
    );
    const node = nodeClient((await registerNode()).token);
    const claimed = await node.claimJob();
    expect(claimed.renderId).toBe(held);
    const row = await withDb(async (db) => (await db.select().from(renders).where(eq(renders.id, held)))[0]);
    expect(row).toMatchObject({ state: "claimed", errorCode: null, error: null });
    await retire([account.workspaceId]);
  });
});

describe("usage ledger", () => {
  it("one row per delivered render: a retry and a repeated finish count once, fallbacks count, failed and cancelled do not", async () => {
    const account = await signUp();
    used.push(account.workspaceId);
    const seeded = await seedCampaign({ workspaceId: account.workspaceId, leads: 3, renderConcurrency: 2 });
    const [retried, failed, cancelled] = seeded.renderIds as [string, string, string];
    const cancel = await authed(account.cookie)(`/api/renders/${cancelled}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    const node = nodeClient((await registerNode()).token);

    const first = await node.claimJob();
    expect(first.renderId).toBe(retried);
    const retry = await node.fail(retried, { fence: first.fence, retryable: true, message: "crashed" });
    expect(retry.status).toBe(200);
    const second = await node.claimJob();
    expect(second.renderId).toBe(failed);
    const gaveUp = await node.fail(failed, { fence: second.fence, retryable: false, message: "blocked" });
    expect(gaveUp.status).toBe(200);

    await makeDue(retried);
    const third = await node.claimJob();
    expect(third.renderId).toBe(retried);
    await uploadRequired(node, third);
    const complete = {
      fence: third.fence,
      durationMs: 2_000,
      timings: {},
      fallbacks: [{ scene: 1, url: "https://l0.example.com", reason: "shows a human-verification wall" }],
    };
    expect((await node.complete(retried, complete)).status).toBe(200);
    expect((await node.complete(retried, complete)).status).toBe(200);

    const ledger = await withDb((db) =>
      db.select().from(usageLedger).where(eq(usageLedger.workspaceId, account.workspaceId)),
    );
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      renderId: retried,
      campaignId: seeded.campaignId,
      videoMs: 2_000,
      overageMs: 0,
      fallback: true,
    });
    const usage = await authed(account.cookie)("/api/billing/usage");
    const page = (await usage.json()) as { items: Array<{ renderId: string; campaignName: string }> };
    expect(page.items).toEqual([expect.objectContaining({ renderId: retried, campaignName: "Seeded" })]);
    const list = await authed(account.cookie)("/api/campaigns");
    const listed = (await list.json()) as {
      campaigns: Array<{ id: string; figures: { usedSeconds: number } }>;
    };
    expect(listed.campaigns.find((c) => c.id === seeded.campaignId)?.figures.usedSeconds).toBe(2);
  });

  it("usage beyond the included minutes is overage, and the owner is warned once at 80 % and once at 100 %", async () => {
    const { account, call } = await workspaceOn("trial");
    const included = PLANS.trial.includedMinutes * 60_000;
    const record = (videoMs: number) =>
      withDb((db) =>
        db.transaction((tx) =>
          recordUsage(
            tx as never,
            true,
            { id: `rnd_w${Math.random()}`, workspaceId: account.workspaceId, campaignId: "cmp_x" },
            { videoMs, fallback: false },
          ),
        ),
      );
    const warnings = () =>
      withDb((db) =>
        db
          .select()
          .from(outboxEmails)
          .where(
            and(eq(outboxEmails.workspaceId, account.workspaceId), eq(outboxEmails.kind, "usage_warning")),
          ),
      );
    await record(included * 0.5);
    expect(await warnings()).toHaveLength(0);
    await record(included * 0.35);
    expect((await warnings()).map((e) => e.subject)).toEqual([expect.stringContaining("80 %")]);
    expect((await getBilling(call)).warning?.percent).toBe(80);
    await record(included * 0.05);
    expect(await warnings()).toHaveLength(1);
    await record(included * 0.2);
    const sent = await warnings();
    expect(sent.map((e) => e.subject).sort()).toEqual(
      [expect.stringContaining("100 %"), expect.stringContaining("80 %")].sort(),
    );
    expect(sent.every((e) => e.to === account.email.toLowerCase())).toBe(true);
    await record(60_000);
    expect(await warnings()).toHaveLength(2);
    expect((await getBilling(call)).warning?.percent).toBe(100);

    const ledger = await withDb((db) =>
      db.select().from(usageLedger).where(eq(usageLedger.workspaceId, account.workspaceId)),
    );
    const overage = ledger.reduce((sum, r) => sum + r.overageMs, 0);
    expect(overage).toBe(included * 0.1 + 60_000);
    const billing = await withDb(
      async (db) =>
        (
          await db
            .select()
            .from(workspaceBilling)
            .where(eq(workspaceBilling.workspaceId, account.workspaceId))
        )[0],
    );
    expect(billing?.warnedPercent).toBe(100);
  });
});

describe("PATCH /api/billing attacks", () => {
  it("a member who is not the owner cannot change overage, and nothing changes", async () => {
    const { account } = await workspaceOn("starter");
    const member = await addTeammate(account, "admin");
    const res = await billed(member.cookie)("/api/billing", {
      method: "PATCH",
      json: { overageEnabled: true, spendingCapCents: 1_000_000 },
    });
    await expectError(res, 403, "FORBIDDEN", /owner/);
    const byKey = await billed(account.apiKey)("/api/billing", {
      method: "PATCH",
      json: { spendingCapCents: 10 },
    });
    await expectError(byKey, 403, "FORBIDDEN");
    expect((await getBilling(billed(account.cookie))).overage).toMatchObject({
      enabled: false,
      spendingCapCents: 0,
    });
  });

  it("an owner changes only their own workspace", async () => {
    const victim = await workspaceOn("starter");
    const intruder = await workspaceOn("starter");
    const res = await intruder.call("/api/billing", {
      method: "PATCH",
      json: { overageEnabled: true, spendingCapCents: 500 },
    });
    expect(res.status).toBe(200);
    expect((await getBilling(victim.call)).overage).toMatchObject({ enabled: false, spendingCapCents: 0 });
  });

  it("absurd caps and unknown fields are refused with 400 naming the field; Free cannot opt in (402)", async () => {
    const { call } = await workspaceOn("starter");
    for (const [body, field] of [
      [{ spendingCapCents: -1 }, "spendingCapCents"],
      [{ spendingCapCents: 1e12 }, "spendingCapCents"],
      [{ spendingCapCents: 12.5 }, "spendingCapCents"],
      [{ spendingCapCents: "100" }, "spendingCapCents"],
      [{ overageEnabled: "yes" }, "overageEnabled"],
      [{ planId: "team" }, "planId"],
      [{}, "body"],
    ] as const) {
      const res = await call("/api/billing", { method: "PATCH", json: body });
      await expectError(res, 400, "BAD_REQUEST", new RegExp(field));
    }
    expect((await getBilling(call)).overage).toMatchObject({ enabled: false, spendingCapCents: 0 });
    const free = await workspaceOn("free");
    const res = await free.call("/api/billing", { method: "PATCH", json: { overageEnabled: true } });
    await expectError(res, 402, "PAYMENT_REQUIRED", /Free plan has no overage; upgrade/);
  });
});

describe("GET /api/plans", () => {
  it("is public and lists every plan from the one definition", async () => {
    const res = await SELF.fetch("http://localhost/api/plans");
    const body = (await res.json()) as {
      plans: Array<{ id: string; priceCents: unknown; includedMinutes: number }>;
    };
    expect(res.status).toBe(200);
    expect(body.plans.map((p) => p.id)).toEqual(Object.keys(PLANS));
    expect(body.plans.find((p) => p.id === "growth")).toMatchObject({
      priceCents: PLANS.growth.priceCents,
      includedMinutes: PLANS.growth.includedMinutes,
    });
  });
});
