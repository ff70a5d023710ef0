import { env } from "cloudflare:test";
import * as tables from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runScheduled } from "../src/scheduled";
import { billingConfig } from "../src/services/billing/config";
import { stripeClient } from "../src/services/billing/stripe-client";
import { signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import {
  billingRow,
  billingWorker,
  checkout,
  deliverNew,
  eventsOf,
  fakeStripe,
  stripeVars,
  subscribe,
  workspacePlan,
} from "./helpers/stripe";

const config = billingConfig(stripeVars as never);
if (!config) throw new Error("stripeVars do not turn billing on");
const stripe = stripeClient(config);
const controller = { cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} };
const runCron = () => runScheduled(controller, { ...env, ...stripeVars });

describe("changing plans", () => {
  it("upgrades at once and invoices the prorated difference now", async () => {
    const owner = await signUp("Upgrader");
    const subId = await subscribe(owner, "starter");
    const before = await stripe.invoices.list({ subscription: subId });
    const answer = await checkout(owner, "growth");
    expect(answer).toMatchObject({ kind: "upgraded", plan: "growth", interval: "monthly" });
    // In force before any webhook: the change re-read the subscription.
    expect(await workspacePlan(owner.workspaceId)).toEqual({ plan: "growth", renderConcurrency: 4 });
    const sub = await stripe.subscriptions.retrieve(subId);
    expect(sub.items.data[0]?.price.id).toBe(config.prices.growth.monthly);
    const after = await stripe.invoices.list({ subscription: subId });
    expect(after.data.length).toBe(before.data.length + 1);
    const proration = after.data.find((invoice) => !before.data.some((old) => old.id === invoice.id));
    expect(proration?.billing_reason).toBe("subscription_update");
    expect(proration?.status).toBe("paid");
    const lines = proration?.lines.data ?? [];
    // Prorations are invoice items: a credit for Starter's unused time, a charge for Growth's.
    const prorations = lines.filter((line) => line.parent?.invoice_item_details?.proration);
    expect(prorations.map((line) => Math.sign(line.amount)).sort()).toEqual([-1, 1]);
    // About $60 for a month less a few seconds: the difference between Growth and Starter.
    expect(proration?.amount_due).toBeGreaterThan(5_900);
    expect(proration?.amount_due).toBeLessThanOrEqual(6_000);

    // The settings screen lists it.
    const res = await billingWorker("/api/billing/invoices", { cookie: owner.cookie });
    const { invoices } = (await res.json()) as { invoices: Array<{ id: string; amountPaid: number }> };
    expect(res.status).toBe(200);
    expect(invoices.map((i) => i.id)).toContain(proration?.id);
    expect(invoices).toHaveLength(after.data.length);
  });

  it("downgrades at the end of the period: the plan stays, the renewal is billed at the lower price", async () => {
    const owner = await signUp("Downgrader");
    const subId = await subscribe(owner, "growth");
    const customer = (await billingRow(owner.workspaceId))?.stripeCustomerId as string;
    const seen = new Set((await eventsOf(customer)).map((e) => e.id));
    const periodEnd = (await billingRow(owner.workspaceId))?.periodEnd as Date;
    const answer = await checkout(owner, "starter");
    expect(answer).toMatchObject({
      kind: "downgrade_scheduled",
      plan: "starter",
      at: periodEnd.toISOString(),
    });
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("growth");
    expect((await billingRow(owner.workspaceId))?.pendingPriceId).toBe(config.prices.starter.monthly);
    const invoicesBefore = (await stripe.invoices.list({ subscription: subId })).data.length;

    // Weeks before the end, the cron leaves it.
    await runCron();
    expect((await stripe.subscriptions.retrieve(subId)).items.data[0]?.price.id).toBe(
      config.prices.growth.monthly,
    );

    // Half an hour before the period ends, the cron applies it, without proration.
    await withDb((db) =>
      db
        .update(tables.workspaceBilling)
        .set({ periodEnd: new Date(Date.now() + 30 * 60_000) })
        .where(eq(tables.workspaceBilling.workspaceId, owner.workspaceId)),
    );
    await runCron();
    expect((await stripe.subscriptions.retrieve(subId)).items.data[0]?.price.id).toBe(
      config.prices.starter.monthly,
    );
    expect((await stripe.invoices.list({ subscription: subId })).data.length).toBe(invoicesBefore);
    expect(await workspacePlan(owner.workspaceId)).toEqual({ plan: "starter", renderConcurrency: 2 });
    expect((await billingRow(owner.workspaceId))?.pendingPriceId).toBeNull();

    await fakeStripe.advance(subId);
    await deliverNew(customer, seen);
    const renewal = (await stripe.invoices.list({ subscription: subId })).data.find(
      (invoice) => invoice.billing_reason === "subscription_cycle",
    );
    expect(renewal?.amount_due).toBe(3_900);
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("starter");
  });

  it("cancels a pending downgrade when the owner picks the current plan again", async () => {
    const owner = await signUp("Undecided");
    await subscribe(owner, "team");
    expect((await checkout(owner, "growth")).kind).toBe("downgrade_scheduled");
    expect((await checkout(owner, "team")).kind).toBe("unchanged");
    expect((await billingRow(owner.workspaceId))?.pendingPriceId).toBeNull();
    await withDb((db) =>
      db.execute(
        sql`update workspace_billing set period_end = now() + interval '5 minutes' where workspace_id = ${owner.workspaceId}`,
      ),
    );
    await runCron();
    expect((await workspacePlan(owner.workspaceId))?.plan).toBe("team");
  });
});
