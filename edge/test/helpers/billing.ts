import { PAID_PLAN_IDS, type PlanId } from "@loom-lite/schema";
import { usageLedger, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { newId } from "../../src/lib/ids";
import { calendarMonth } from "../../src/services/billing/plan-in-force";
import type { AuthedFetch, TestAccount } from "./accounts";
import { withDb } from "./db";
import { type WorkerFetch, workerWith } from "./worker-with";

/** Stripe settings with fake keys and price ids: billing on, though no test of this half calls Stripe. */
export const BILLING_VARS: Record<string, string> = {
  STRIPE_SECRET_KEY: "sk_test_usageandlimits",
  STRIPE_WEBHOOK_SECRET: "whsec_usageandlimits",
  ...Object.fromEntries(
    PAID_PLAN_IDS.flatMap((plan) =>
      ["MONTHLY", "YEARLY"].map((interval) => [
        `STRIPE_PRICE_${plan.toUpperCase()}_${interval}`,
        `price_${plan}_${interval.toLowerCase()}`,
      ]),
    ),
  ),
};

/** The Worker with billing on. */
export const billingWorker: WorkerFetch = workerWith(BILLING_VARS);

/** Calls the billing-on Worker as the account (its session cookie, or an API key). */
export function billed(cookieOrKey: string): AuthedFetch {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    // Uploads: the Worker wants the length a real client (and SELF.fetch) sends.
    if (init.body instanceof Uint8Array) headers.set("content-length", String(init.body.byteLength));
    return billingWorker(path, { ...init, headers, cookie: cookieOrKey });
  };
}

export async function setPlan(account: TestAccount, plan: PlanId): Promise<void> {
  await withDb((db) => db.update(workspaces).set({ plan }).where(eq(workspaces.id, account.workspaceId)));
}

export async function setBillingRow(
  account: TestAccount,
  values: Partial<typeof workspaceBilling.$inferInsert>,
): Promise<void> {
  await withDb((db) =>
    db.update(workspaceBilling).set(values).where(eq(workspaceBilling.workspaceId, account.workspaceId)),
  );
}

/** Usage already counted this calendar month (the period on Free, and on paid plans without a subscription period). */
export async function seedUsage(
  account: TestAccount,
  videoMs: number,
  campaignId = "cmp_seeded",
): Promise<void> {
  await withDb((db) =>
    db.insert(usageLedger).values({
      id: newId("use"),
      workspaceId: account.workspaceId,
      renderId: newId("rnd"),
      campaignId,
      videoMs,
      periodStart: calendarMonth(new Date()).start,
    }),
  );
}
