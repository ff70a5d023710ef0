import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { customDomains, renderEvents, renderNodes, renders } from "@loom-lite/schema/db";
import { fakeSentryDsn, fakeSentryEvents } from "@loom-lite/testkit/fake-sentry";
import { and, eq } from "drizzle-orm";
import { describe, expect, inject, it, vi } from "vitest";
import worker from "../src/index";
import { runScheduled, ScheduledRunFailed } from "../src/scheduled";
import { authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { seedRender } from "./helpers/factories";
import { addLeads, createCampaign } from "./helpers/fixtures";
import { registerNode } from "./helpers/render-world";

const controller = { cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} };

/** A render whose node vanished: its lease ran out a minute ago and nobody is claiming. */
async function renderWithLapsedLease(label: string, nodeId?: string) {
  const account = await signUp();
  const call = authed(account.cookie);
  const campaign = await createCampaign(call);
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  const renderId = `rnd_${label}_${lead.id.slice(3)}`;
  await seedRender({
    id: renderId,
    workspaceId: account.workspaceId,
    campaignId: campaign.id,
    leadId: lead.id,
    state: "uploading",
    progress: 0.97,
    attempts: 1,
    maxAttempts: 3,
    fence: 1,
    leaseId: `lease_gone_${lead.id.slice(3)}`,
    leaseExpiresAt: new Date(Date.now() - 60_000),
    ...(nodeId ? { nodeId } : {}),
  });
  return { account, renderId };
}

const renderRow = (id: string) =>
  withDb(async (db) => (await db.select().from(renders).where(eq(renders.id, id)))[0]);

describe("the scheduled run", () => {
  it("sweeps a lapsed lease through the Worker's own scheduled export", async () => {
    const { renderId } = await renderWithLapsedLease("export");
    await worker.scheduled(controller, env, createExecutionContext());
    expect(await renderRow(renderId)).toMatchObject({ state: "queued", attempts: 1, leaseExpiresAt: null });
  });

  it("alerts once per render node that stopped calling mid-render (log and Sentry), not for a live node's stuck render", async () => {
    const gone = await registerNode();
    const alive = await registerNode();
    const setLastSeen = (id: string, at: Date) =>
      withDb((db) => db.update(renderNodes).set({ lastSeenAt: at }).where(eq(renderNodes.id, id)));
    // The gone node's last call was long before its lease ran out; the live one called just now.
    await setLastSeen(gone.id, new Date(Date.now() - 10 * 60_000));
    await setLastSeen(alive.id, new Date());
    const lost = await renderWithLapsedLease("lost", gone.id);
    const stuck = await renderWithLapsedLease("stuck", alive.id);
    const project = `${crypto.getRandomValues(new Uint32Array(1))[0]}`;
    const logged: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => logged.push(String(line)));
    try {
      const ctx = createExecutionContext();
      await worker.scheduled(
        controller,
        { ...env, SENTRY_DSN: fakeSentryDsn(inject("fakeUrl"), project) },
        ctx,
      );
      await waitOnExecutionContext(ctx);
    } finally {
      spy.mockRestore();
    }

    const alerts = logged.map((line) => JSON.parse(line)).filter((entry) => entry.alert === "node_gone");
    expect(alerts, logged.join("\n")).toEqual([
      expect.objectContaining({ level: "error", nodeId: gone.id, renders: [lost.renderId] }),
    ]);
    let events: Awaited<ReturnType<typeof fakeSentryEvents>> = [];
    await expect
      .poll(
        async () => {
          events = await fakeSentryEvents(inject("fakeUrl"), project);
          return events.length;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(events[0]).toMatchObject({
      level: "error",
      message: expect.stringContaining("render node disappeared mid-render"),
      tags: { node_id: gone.id, render_id: lost.renderId },
    });
    const expiry = (renderId: string) =>
      withDb(async (db) =>
        (
          await db
            .select({ detail: renderEvents.detail })
            .from(renderEvents)
            .where(and(eq(renderEvents.renderId, renderId), eq(renderEvents.kind, "lease_expired")))
        ).map((e) => e.detail),
      );
    expect(await expiry(lost.renderId)).toEqual([{ next: "queued", nodeGone: true }]);
    expect(await expiry(stuck.renderId)).toEqual([{ next: "queued", nodeGone: false }]);
  });

  it("runs every step when one fails, then fails the invocation naming the step", async () => {
    const { account, renderId } = await renderWithLapsedLease("partial");
    const hostname = `cron-${Date.now().toString(36)}.example.test`;
    await withDb((db) =>
      db.insert(customDomains).values({
        id: `dom_cron_${Date.now().toString(36)}`,
        workspaceId: account.workspaceId,
        hostname,
        cloudflareId: "cf_unreachable",
        status: "pending",
      }),
    );
    // Cloudflare's API out of reach: the domain check fails, the lease sweep before it must not.
    const unreachable = { ...env, CLOUDFLARE_API_BASE: "http://127.0.0.1:9/client/v4" };
    const outcome = await runScheduled(controller, unreachable).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(ScheduledRunFailed);
    expect((outcome as ScheduledRunFailed).failedSteps).toEqual(["domain checks"]);
    expect(await renderRow(renderId)).toMatchObject({ state: "queued", leaseExpiresAt: null });
    await withDb((db) => db.delete(customDomains).where(eq(customDomains.hostname, hostname)));
  });

  it("fails the invocation when the environment is invalid, instead of skipping quietly", async () => {
    const outcome = await runScheduled(controller, { ...env, DATABASE_URL: "" }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(ScheduledRunFailed);
    expect((outcome as ScheduledRunFailed).failedSteps).toEqual(["environment"]);
  });
});
