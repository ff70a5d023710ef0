import * as tables from "@loom-lite/schema/db";
import { eq, inArray } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import type { Db } from "../src/lib/db";
import { createLogger } from "../src/lib/logger";
import { billingConfig } from "../src/services/billing/config";
import { overageMinutesOfRow, reportOverage } from "../src/services/billing/meter";
import type { BillingDeps } from "../src/services/billing/subscription-sync";
import { signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { billingRow, fakeStripe, stripeVars, subscribe } from "./helpers/stripe";

const maybeConfig = billingConfig(stripeVars as never);
if (!maybeConfig) throw new Error("stripeVars do not turn billing on");
const config = maybeConfig;

/** Billing's dependencies over the test's connection, with Stripe reached through `fetchFn`. */
function depsWith(db: Db, fetchFn: typeof fetch = fetch): BillingDeps {
  const stripe = new Stripe(config.secretKey, {
    httpClient: Stripe.createFetchHttpClient(fetchFn),
    host: config.apiBase.hostname,
    port: config.apiBase.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return {
    db,
    stripe,
    config: config,
    log: createLogger({ test: "meter" }),
    onPlanChanged: async () => {},
    analytics: { capture() {} },
  };
}

/** A fetch that lets `allowed` meter events through and then fails like a network outage. */
function meterOutageAfter(allowed: number): typeof fetch {
  let sent = 0;
  return async (input, init) => {
    if (String(input instanceof Request ? input.url : input).includes("/v1/billing/meter_events")) {
      sent += 1;
      if (sent > allowed) throw new TypeError("network connection lost");
    }
    return fetch(input, init);
  };
}

describe("overage reported to the Stripe Billing Meter", () => {
  it("bills the period's overage per started minute, split over its renders", () => {
    // 30 s, then 45 s, then 90 s of overage: 2 min 45 s, billed as 3 minutes, one per render.
    expect(overageMinutesOfRow(0, 30_000)).toBe(1);
    expect(overageMinutesOfRow(30_000, 75_000)).toBe(1);
    expect(overageMinutesOfRow(75_000, 165_000)).toBe(1);
    expect(overageMinutesOfRow(165_000, 170_000)).toBe(0);
    expect(overageMinutesOfRow(0, 60_000)).toBe(1);
    expect(overageMinutesOfRow(60_000, 180_001)).toBe(3);
  });

  it("reports each ledger row once, across a run that fails midway and a lost acknowledgement", async () => {
    const owner = await signUp("Over the limit");
    await subscribe(owner, "starter");
    const billing = await billingRow(owner.workspaceId);
    const customer = billing?.stripeCustomerId as string;
    const periodStart = billing?.periodStart as Date;
    const base = Date.now() - 10 * 60_000;
    const rows = [30_000, 45_000, 90_000, 0].map((overageMs, i) => ({
      id: `use_${owner.workspaceId}_${i}`,
      workspaceId: owner.workspaceId,
      renderId: `rnd_meter_${owner.workspaceId}_${i}`,
      campaignId: "cmp_meter",
      videoMs: 90_000,
      overageMs,
      periodStart,
      meterIdentifier: overageMs > 0 ? `render_minutes_${owner.workspaceId}_${i}` : null,
      createdAt: new Date(base + i * 1000),
    }));
    await withDb((db) => db.insert(tables.usageLedger).values(rows));
    const ids = rows.map((r) => r.id);
    const reportedOf = () =>
      withDb(async (db) =>
        (
          await db
            .select({ id: tables.usageLedger.id, at: tables.usageLedger.meterReportedAt })
            .from(tables.usageLedger)
            .where(inArray(tables.usageLedger.id, ids))
        )
          .filter((r) => r.at !== null)
          .map((r) => r.id),
      );
    const eventsOfCustomer = async () =>
      (await fakeStripe.meterEvents()).filter((e) => e.payload.stripe_customer_id === customer);

    // Stripe goes away after the first event: the run fails, the first row alone is marked.
    const failed = await withDb((db) =>
      reportOverage(depsWith(db as Db, meterOutageAfter(1))).catch((e) => e),
    );
    expect(String(failed)).toContain("connection to Stripe");
    expect(await reportedOf()).toEqual([ids[0]]);
    expect(await eventsOfCustomer()).toHaveLength(1);

    // The next run reports the rest.
    await withDb((db) => reportOverage(depsWith(db as Db)));
    expect((await reportedOf()).sort()).toEqual(ids.slice(0, 3).sort());

    // An event that reached Stripe but whose mark was lost is sent again and refused as a repeat.
    await withDb((db) =>
      db
        .update(tables.usageLedger)
        .set({ meterReportedAt: null })
        .where(eq(tables.usageLedger.id, ids[1] as string)),
    );
    await withDb((db) => reportOverage(depsWith(db as Db)));
    expect((await reportedOf()).sort()).toEqual(ids.slice(0, 3).sort());

    const events = await eventsOfCustomer();
    expect(events.map((e) => e.identifier).sort()).toEqual(
      rows
        .slice(0, 3)
        .map((r) => r.meterIdentifier)
        .sort(),
    );
    expect(events.every((e) => e.event_name === config.meterEventName)).toBe(true);
    // 2 min 45 s of overage: 3 minutes billed in all.
    expect(events.reduce((sum, e) => sum + Number(e.payload.value), 0)).toBe(3);
    // The row without overage is never reported.
    expect(await reportedOf()).not.toContain(ids[3]);
  });
});
