import { env } from "cloudflare:test";
import { outboxEmails } from "@loom-lite/schema/db";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runScheduled } from "../src/scheduled";
import { anonymous, signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { expectError } from "./helpers/fixtures";
import { PRODUCTION_ORIGIN, PRODUCTION_VARS, workerWith } from "./helpers/worker-with";

/** What every request of a Worker with `vars` answers: the environment error, or null when it serves. */
async function environmentError(vars: Record<string, string | undefined>): Promise<string | null> {
  const res = await workerWith(vars)(`${PRODUCTION_ORIGIN}/api/health`);
  if (res.status !== 500) return null;
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("INTERNAL");
  return body.error.message;
}

describe("a production deployment", () => {
  it("refuses to serve with the shipped localhost APP_DOMAIN, naming it", async () => {
    // wrangler.toml ships APP_DOMAIN=localhost; a deployment that sets nothing else is production.
    const message = await environmentError({
      ENVIRONMENT: undefined,
      DEV_MAILBOX: undefined,
      APP_DOMAIN: "localhost",
    });
    expect(message).toMatch(/APP_DOMAIN: is "localhost", a local name, while ENVIRONMENT is production/);
    for (const local of ["acme.localhost", "127.0.0.1", "loom.internal", "intranet"]) {
      expect(await environmentError({ ...PRODUCTION_VARS, APP_DOMAIN: local }), local).toMatch(/APP_DOMAIN/);
    }
  });

  it("refuses to serve with the dev mailbox on, or without a long enough auth secret", async () => {
    expect(await environmentError({ ...PRODUCTION_VARS, DEV_MAILBOX: "on" })).toMatch(
      /DEV_MAILBOX: must be off in production/,
    );
    expect(await environmentError({ ...PRODUCTION_VARS, BETTER_AUTH_SECRET: undefined })).toMatch(
      /BETTER_AUTH_SECRET/,
    );
    expect(await environmentError({ ...PRODUCTION_VARS, BETTER_AUTH_SECRET: "sixteen-chars-ok" })).toMatch(
      /BETTER_AUTH_SECRET: must be at least 32 characters in production/,
    );
    expect(await environmentError({ ...PRODUCTION_VARS, ENVIRONMENT: "staging" })).toMatch(/ENVIRONMENT/);
  });

  it("serves with its own domain and the required secrets, and has no dev mailbox", async () => {
    expect(await environmentError(PRODUCTION_VARS)).toBeNull();
    await signUp(); // something in the outbox is not what decides it
    const res = await workerWith(PRODUCTION_VARS)(`${PRODUCTION_ORIGIN}/api/dev/mailbox`);
    const error = await expectError(res, 404, "NOT_FOUND", /dev mailbox is off/);
    expect(JSON.stringify(error)).not.toContain("emails");
  });
});

describe("billing's settings", () => {
  it("refuses a Stripe key without the webhook secret and every plan's price, naming each", async () => {
    const message = await environmentError({ ...PRODUCTION_VARS, STRIPE_SECRET_KEY: "sk_live_abc123" });
    expect(message).toMatch(/STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set/);
    for (const name of ["STARTER_MONTHLY", "GROWTH_YEARLY", "TEAM_MONTHLY"]) {
      expect(message).toContain(`STRIPE_PRICE_${name}: required when STRIPE_SECRET_KEY is set`);
    }
    expect(await environmentError({ ...PRODUCTION_VARS, STRIPE_SECRET_KEY: "pk_live_abc123" })).toMatch(
      /STRIPE_SECRET_KEY: must be a Stripe secret or restricted key/,
    );
  });
});

describe("the dev mailbox", () => {
  it("stays off on a local stack unless DEV_MAILBOX=on", async () => {
    await expectError(
      await workerWith({ DEV_MAILBOX: undefined })("/api/dev/mailbox"),
      404,
      "NOT_FOUND",
      /dev mailbox is off/,
    );
    expect((await anonymous("/api/dev/mailbox")).status, "this suite's stack turns it on").toBe(200);
  });
});

describe("the outbox purge (cron)", () => {
  it("deletes emails whose links have expired and keeps the live ones", async () => {
    const hour = 60 * 60 * 1000;
    const at = (msAgo: number) => new Date(Date.now() - msAgo);
    const tag = Date.now().toString(36);
    const rows = [
      { id: `eml_rst_old_${tag}`, kind: "password_reset" as const, createdAt: at(2 * hour) },
      { id: `eml_rst_new_${tag}`, kind: "password_reset" as const, createdAt: at(10 * 60 * 1000) },
      { id: `eml_inv_old_${tag}`, kind: "invitation" as const, createdAt: at(8 * 24 * hour) },
      { id: `eml_inv_new_${tag}`, kind: "invitation" as const, createdAt: at(24 * hour) },
    ];
    await withDb((db) =>
      db
        .insert(outboxEmails)
        .values(rows.map((r) => ({ ...r, to: `${r.id}@example.test`, subject: "s", text: "a link" }))),
    );
    await runScheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} }, env);
    const left = await withDb((db) =>
      db
        .select({ id: outboxEmails.id })
        .from(outboxEmails)
        .where(
          inArray(
            outboxEmails.id,
            rows.map((r) => r.id),
          ),
        ),
    );
    expect(left.map((r) => r.id).sort()).toEqual([`eml_inv_new_${tag}`, `eml_rst_new_${tag}`]);
  });
});
