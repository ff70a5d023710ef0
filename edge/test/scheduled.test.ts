import { createExecutionContext, env } from "cloudflare:test";
import { customDomains, renders } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { runScheduled, ScheduledRunFailed } from "../src/scheduled";
import { authed, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { seedRender } from "./helpers/factories";
import { addLeads, createCampaign } from "./helpers/fixtures";

const controller = { cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} };

/** A render whose node vanished: its lease ran out a minute ago and nobody is claiming. */
async function renderWithLapsedLease(label: string) {
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
