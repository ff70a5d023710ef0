import type { PlanId } from "@loom-lite/schema";
import { usageLedger, workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { newId } from "../../src/lib/ids";
import { calendarMonth } from "../../src/services/billing/plan-in-force";
import type { AuthedFetch, TestAccount } from "./accounts";
import { withDb } from "./db";
import { billingWorker } from "./stripe";

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
