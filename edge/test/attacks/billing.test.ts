import * as tables from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signUp, type TestAccount } from "../helpers/accounts";
import { withDb } from "../helpers/db";
import { billingRow, billingWorker, fakeStripe, subscribe, workspacePlan } from "../helpers/stripe";
import { addTeammate, createKey } from "../helpers/team";

/**
 * Billing, attacked: teammates and keys trying to spend the owner's money or open their payment
 * settings, hostile plan and price values, and reading another workspace's invoices. Each asserts the
 * refusal, that Stripe was not called for the workspace and that nothing changed.
 */

async function stripeCallsFor(workspaceId: string): Promise<number> {
  const requests = await fakeStripe.requests();
  return requests.filter((r) => JSON.stringify(r.params).includes(workspaceId)).length;
}

async function state(account: TestAccount) {
  return JSON.stringify({
    billing: await billingRow(account.workspaceId),
    plan: await workspacePlan(account.workspaceId),
  });
}

const ROUTES: Array<[string, string, unknown?]> = [
  ["POST", "/api/billing/checkout", { plan: "team", interval: "yearly" }],
  ["POST", "/api/billing/portal"],
  ["GET", "/api/billing/invoices"],
];

describe("billing attacks", () => {
  it("refuses teammates (member and admin) and API keys, even the owner's, and calls Stripe for nothing", async () => {
    const owner = await signUp("Owner");
    const member = await addTeammate(owner, "member");
    const admin = await addTeammate(owner, "admin");
    const ownersKey = owner.apiKey;
    const adminKey = (await createKey(admin.cookie, "admin")).key;
    const before = await state(owner);
    const callsBefore = await stripeCallsFor(owner.workspaceId);
    for (const [who, cookie] of [
      ["member", member.cookie],
      ["admin", admin.cookie],
      ["owner's API key", ownersKey],
      ["admin's API key", adminKey],
    ] as const) {
      for (const [method, path, json] of ROUTES) {
        const res = await billingWorker(path, { method, cookie, json });
        const body = (await res.json()) as { error?: { code: string } };
        expect(res.status, `${who} ${method} ${path}: ${JSON.stringify(body)}`).toBe(403);
        expect(body.error?.code).toBe("FORBIDDEN");
      }
    }
    expect(await state(owner)).toBe(before);
    expect(await stripeCallsFor(owner.workspaceId)).toBe(callsBefore);
  });

  let haggler: Promise<TestAccount> | undefined;
  it.each([
    [{ plan: "enterprise", interval: "monthly" }, "plan"],
    [{ plan: "free", interval: "monthly" }, "plan"],
    [{ plan: "trial", interval: "monthly" }, "plan"],
    [{ plan: "GROWTH", interval: "monthly" }, "plan"],
    [{ plan: "growth", interval: "weekly" }, "interval"],
    [{ plan: "growth" }, "interval"],
    [{ plan: "growth", interval: "monthly", price: "price_attacker_cheap" }, "price"],
    [{ plan: ["growth"], interval: "monthly" }, "plan"],
  ])("refuses checkout body %j naming %s", async (body, field) => {
    haggler ??= signUp("Haggler");
    const owner = await haggler;
    const before = await state(owner);
    const res = await billingWorker("/api/billing/checkout", {
      method: "POST",
      cookie: owner.cookie,
      json: body,
    });
    const answer = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status, JSON.stringify(answer)).toBe(400);
    expect(answer.error.code).toBe("BAD_REQUEST");
    expect(answer.error.message).toContain(field);
    expect(await state(owner)).toBe(before);
    expect(await stripeCallsFor(owner.workspaceId)).toBe(0);
  });

  it("shows a workspace only its own invoices and sends its portal only to its own customer", async () => {
    const victim = await signUp("Paying victim");
    await subscribe(victim, "growth");
    const victimCustomer = (await billingRow(victim.workspaceId))?.stripeCustomerId as string;
    const intruder = await signUp("Intruder");
    const res = await billingWorker("/api/billing/invoices", { cookie: intruder.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ invoices: [] });
    const portal = await billingWorker("/api/billing/portal", { method: "POST", cookie: intruder.cookie });
    expect(portal.status).toBe(200);
    const sessions = (await fakeStripe.requests()).filter(
      (r) => r.path === "/v1/billing_portal/sessions" && r.status === 200,
    );
    const intruderCustomer = (await billingRow(intruder.workspaceId))?.stripeCustomerId;
    expect(intruderCustomer).toBeTruthy();
    expect(intruderCustomer).not.toBe(victimCustomer);
    expect(sessions.at(-1)?.params.customer).toBe(intruderCustomer);
    // The victim's subscription is untouched.
    const [row] = await withDb((db) =>
      db.select().from(tables.workspaces).where(eq(tables.workspaces.id, victim.workspaceId)),
    );
    expect(row?.plan).toBe("growth");
  });
});
