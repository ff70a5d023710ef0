import { env } from "cloudflare:test";
import { outboxEmails } from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { parseEnv } from "../src/env";
import type { Logger } from "../src/lib/logger";
import { runScheduled } from "../src/scheduled";
import { emailSenderFor, sendDueEmails } from "../src/services/outbox-delivery";
import { signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { workerWith } from "./helpers/worker-with";

const fakeUrl = inject("fakeUrl");
const resendVars = inject("resendVars");
const withResend = workerWith(resendVars);
const controller = { cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} };

interface Delivered {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
}

const deliveredTo = async (to: string) =>
  (await (await fetch(`${fakeUrl}/_fake/resend/emails?to=${encodeURIComponent(to)}`)).json()) as Delivered[];
const requestsFor = async (to: string) =>
  (await (await fetch(`${fakeUrl}/_fake/resend/requests?to=${encodeURIComponent(to)}`)).json()) as Array<{
    idempotencyKey: string | null;
    status: number;
  }>;
const failNext = (to: string, status: number) =>
  fetch(`${fakeUrl}/_fake/resend/fail-next?to=${encodeURIComponent(to)}&status=${status}`, {
    method: "POST",
  });

const rowsTo = (to: string) => withDb((db) => db.select().from(outboxEmails).where(eq(outboxEmails.to, to)));
const rowById = async (id: string) =>
  (await withDb((db) => db.select().from(outboxEmails).where(eq(outboxEmails.id, id))))[0];

let counter = 0;
/** An outbox row as sendEmail writes it, to a fresh address (or the one given). */
async function writeEmail(to = `mail-${Date.now().toString(36)}-${++counter}@example.test`) {
  const id = `eml_test_${Date.now().toString(36)}_${++counter}`;
  await withDb((db) =>
    db
      .insert(outboxEmails)
      .values({ id, kind: "sales_inquiry", to, subject: `Subject ${id}`, text: "Hello" }),
  );
  return { id, to };
}

/** A logger that keeps what it was told, so a test can see what an operator would. */
function recordingLogger() {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = {
    info: (msg, fields) => lines.push({ level: "info", msg, fields }),
    warn: (msg, fields) => lines.push({ level: "warn", msg, fields }),
    error: (msg, fields) => lines.push({ level: "error", msg, fields }),
  };
  return { log, lines };
}

function senderWith(vars: Record<string, string>, log: Logger) {
  const parsed = parseEnv({ ...env, ...resendVars, ...vars });
  if ("problems" in parsed) throw new Error(parsed.problems.join("; "));
  const sender = emailSenderFor(parsed.env, log);
  if (!sender) throw new Error("no sender");
  return sender;
}

/** Makes the row due now, as if its backoff had passed. */
const makeDue = (id: string) =>
  withDb((db) =>
    db
      .update(outboxEmails)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(outboxEmails.id, id)),
  );

describe("e-mail through Resend", () => {
  it("sends a password reset right after the request, once, keyed by its outbox id", async () => {
    const account = await signUp();
    const res = await withResend("/api/auth/request-password-reset", {
      method: "POST",
      json: { email: account.email, redirectTo: "/app/reset-password" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const [row] = (await rowsTo(account.email)).filter((r) => r.kind === "password_reset");
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    const delivered = await deliveredTo(account.email);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      idempotencyKey: row?.id,
      from: resendVars.EMAIL_FROM,
      subject: "Reset your Loom-Lite password",
    });
    expect(row?.providerMessageId).toBe(delivered[0]?.id);

    // The cron sends what is still pending (the sign-up's verification e-mail), never the reset again.
    await runScheduled(controller, { ...env, ...resendVars });
    const keys = (await requestsFor(account.email)).map((r) => r.idempotencyKey);
    expect(keys.filter((k) => k === row?.id)).toHaveLength(1);
    expect(await rowsTo(account.email)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "email_verification", status: "sent" })]),
    );
  });

  it.each([500, 429])("retries after a %i with the same key, then succeeds", async (status) => {
    const { log, lines } = recordingLogger();
    const sender = senderWith({ EMAIL_RETRY_BASE_MS: "60000" }, log);
    const email = await writeEmail();
    await failNext(email.to, status);

    expect(await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }))).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
      deferred: 0,
    });
    const waiting = await rowById(email.id);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null });
    expect(waiting?.lastError).toMatch(new RegExp(`^Resend answered ${status}`));
    expect(waiting?.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(lines.some((l) => l.level === "warn" && l.fields?.emailId === email.id)).toBe(true);

    // Not due yet: nothing is sent before the backoff has passed.
    expect(await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      deferred: 0,
    });
    await makeDue(email.id);
    expect(await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }))).toMatchObject({ sent: 1 });
    expect(await rowById(email.id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect((await requestsFor(email.to)).map((r) => [r.idempotencyKey, r.status])).toEqual([
      [email.id, status],
      [email.id, 200],
    ]);
    expect(await deliveredTo(email.to)).toHaveLength(1);
  });

  it("marks an e-mail Resend refuses with a 422 failed for good, logged, and never tries it again", async () => {
    const { log, lines } = recordingLogger();
    const sender = senderWith({}, log);
    const email = await writeEmail("not-an-address");
    await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }));
    const failed = await rowById(email.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed?.lastError).toMatch(/^Resend answered 422 validation_error: Invalid `to` field/);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "error", fields: expect.objectContaining({ emailId: email.id }) }),
    );
    await makeDue(email.id);
    await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }));
    expect(await requestsFor(email.to)).toHaveLength(1);
  });

  it("gives up after EMAIL_MAX_ATTEMPTS when Resend cannot be reached", async () => {
    const { log } = recordingLogger();
    const sender = senderWith({ RESEND_API_URL: "http://127.0.0.1:9", EMAIL_MAX_ATTEMPTS: "2" }, log);
    const email = await writeEmail();
    await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }));
    expect(await rowById(email.id)).toMatchObject({ status: "pending", attempts: 1 });
    await makeDue(email.id);
    await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }));
    const row = await rowById(email.id);
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row?.lastError).toMatch(/^Resend did not answer/);
  });

  it("after a 429 leaves the rest of the batch for the next run, untried", async () => {
    const sender = senderWith({}, recordingLogger().log);
    const first = await writeEmail();
    const second = await writeEmail();
    // The first of the batch is the one due earliest.
    await withDb((db) =>
      db
        .update(outboxEmails)
        .set({ nextAttemptAt: sql`now() - interval '1 minute'` })
        .where(eq(outboxEmails.id, first.id)),
    );
    await failNext(first.to, 429);
    expect(await withDb((db) => sendDueEmails(db, sender, { ids: [first.id, second.id] }))).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
      deferred: 1,
    });
    expect(await rowById(second.id)).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });
    expect(await requestsFor(second.to)).toEqual([]);
    expect(await withDb((db) => sendDueEmails(db, sender, { ids: [first.id, second.id] }))).toMatchObject({
      sent: 1,
    });
    expect(await rowById(second.id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("never posts one e-mail twice when the cron and a request send at once", async () => {
    const sender = senderWith({}, recordingLogger().log);
    const email = await writeEmail();
    const outcomes = await Promise.all([
      withDb((db) => sendDueEmails(db, sender, { ids: [email.id] })),
      withDb((db) => sendDueEmails(db, sender, { ids: [email.id] })),
    ]);
    expect(outcomes.map((o) => o.sent).sort()).toEqual([0, 1]);
    expect(await requestsFor(email.to)).toHaveLength(1);
    await makeDue(email.id);
    await withDb((db) => sendDueEmails(db, sender, { ids: [email.id] }));
    expect(await requestsFor(email.to)).toHaveLength(1);
  });

  it("sends nothing without RESEND_API_KEY: the outbox and the dev mailbox keep working as before", async () => {
    const account = await signUp();
    const res = await workerWith({})("/api/auth/request-password-reset", {
      method: "POST",
      json: { email: account.email, redirectTo: "/app/reset-password" },
    });
    expect(res.status).toBe(200);
    await runScheduled(controller, env);
    const [row] = (await rowsTo(account.email)).filter((r) => r.kind === "password_reset");
    expect(row).toMatchObject({ status: "pending", attempts: 0, sentAt: null });
    expect(await requestsFor(account.email)).toEqual([]);
    const mailbox = (await (await workerWith({})("/api/dev/mailbox?limit=200")).json()) as {
      emails: Array<{ id: string }>;
    };
    expect(mailbox.emails.map((e) => e.id)).toContain(row?.id);
  });

  it("refuses RESEND_API_KEY without EMAIL_FROM, and a malformed EMAIL_FROM", () => {
    const missing = parseEnv({ ...env, RESEND_API_KEY: "re_live_x" });
    expect("problems" in missing && missing.problems).toContain(
      "EMAIL_FROM: required when RESEND_API_KEY is set",
    );
    const malformed = parseEnv({ ...env, ...resendVars, EMAIL_FROM: "Loom-Lite <nobody>" });
    expect("problems" in malformed && malformed.problems).toContain(
      "EMAIL_FROM: must be an address or `Name <address>`",
    );
  });
});
