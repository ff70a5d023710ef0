import { outboxEmails } from "@loom-lite/schema/db";
import { eq, inArray, sql } from "drizzle-orm";
import type { Env } from "../env";
import { type Db, onlyIds } from "../lib/db";
import type { Logger } from "../lib/logger";
import { type ResendClient, resendClient } from "../lib/resend";
import { recordWrittenEmails } from "./outbox";

/** How the outbox's e-mails leave: the provider, the sender address and the retry policy. */
export interface EmailSender {
  client: ResendClient;
  from: string;
  /** First retry delay; doubles with every failed attempt. */
  retryBaseMs: number;
  maxAttempts: number;
  log: Logger;
}

/** The sender, or null when no provider is configured (the outbox then is the delivery: the dev mailbox). */
export function emailSenderFor(env: Env, log: Logger): EmailSender | null {
  if (!env.RESEND_API_KEY || !env.EMAIL_FROM) return null;
  return {
    client: resendClient({ apiKey: env.RESEND_API_KEY, apiUrl: env.RESEND_API_URL }),
    from: env.EMAIL_FROM,
    retryBaseMs: env.EMAIL_RETRY_BASE_MS,
    maxAttempts: env.EMAIL_MAX_ATTEMPTS,
    log,
  };
}

type Claimed = {
  id: string;
  to: string;
  subject: string;
  text: string;
  attempts: number;
};

/**
 * Claims due e-mails (all due ones, or just `ids`) for a minute, so the cron and a request's
 * background send never post the same e-mail at once.
 */
async function claimDue(db: Db, limit: number, ids?: string[]): Promise<Claimed[]> {
  // RETURNING keeps no order: the CTE puts the longest-waiting first again.
  const result = await db.execute<Claimed>(sql`
    WITH claimed AS (
      UPDATE outbox_emails SET locked_until = now() + interval '60 seconds'
      WHERE id IN (
        SELECT id FROM outbox_emails
        WHERE status = 'pending' AND next_attempt_at <= now()
          AND (locked_until IS NULL OR locked_until < now()) ${onlyIds(ids)}
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, "to", subject, text, attempts, next_attempt_at)
    SELECT id, "to", subject, text, attempts FROM claimed ORDER BY next_attempt_at
  `);
  return result.rows;
}

type Outcome = "sent" | "retrying" | "rate limited" | "failed";

/** One send; its outcome is written to the row (sent, retry scheduled, or failed). */
async function attempt(db: Db, sender: EmailSender, email: Claimed): Promise<Outcome> {
  const result = await sender.client.send(
    { from: sender.from, to: email.to, subject: email.subject, text: email.text },
    email.id,
  );
  const attempts = email.attempts + 1;
  if (result.outcome === "sent") {
    await db
      .update(outboxEmails)
      .set({
        status: "sent",
        attempts,
        sentAt: new Date(),
        providerMessageId: result.messageId,
        lastError: null,
        lockedUntil: null,
      })
      .where(eq(outboxEmails.id, email.id));
    return "sent";
  }
  if (result.outcome === "rejected" || attempts >= sender.maxAttempts) {
    await db
      .update(outboxEmails)
      .set({ status: "failed", attempts, lastError: result.error, lockedUntil: null })
      .where(eq(outboxEmails.id, email.id));
    sender.log.error("e-mail not delivered", { emailId: email.id, attempts, error: result.error });
    return "failed";
  }
  const delayMs = sender.retryBaseMs * 2 ** (attempts - 1);
  await db
    .update(outboxEmails)
    .set({
      attempts,
      lastError: result.error,
      lockedUntil: null,
      nextAttemptAt: sql`now() + ${delayMs} * interval '1 millisecond'`,
    })
    .where(eq(outboxEmails.id, email.id));
  sender.log.warn("e-mail send will be retried", {
    emailId: email.id,
    attempts,
    delayMs,
    error: result.error,
  });
  return result.rateLimited ? "rate limited" : "retrying";
}

/**
 * Sends the due e-mails (or the given ones, if due), one at a time: Resend allows a few requests a
 * second per team, and after a 429 the rest of the batch is released for the next run rather than
 * refused too. Returns what became of them.
 */
export async function sendDueEmails(
  db: Db,
  sender: EmailSender,
  opts: { ids?: string[]; limit?: number } = {},
): Promise<{ sent: number; retrying: number; failed: number; deferred: number }> {
  const counts = { sent: 0, retrying: 0, failed: 0, deferred: 0 };
  if (opts.ids && opts.ids.length === 0) return counts;
  const claimed = await claimDue(db, opts.limit ?? 50, opts.ids);
  for (const [i, email] of claimed.entries()) {
    const outcome = await attempt(db, sender, email);
    if (outcome !== "rate limited") {
      counts[outcome]++;
      continue;
    }
    counts.retrying++;
    const rest = claimed.slice(i + 1).map((e) => e.id);
    if (rest.length > 0) {
      await db.update(outboxEmails).set({ lockedUntil: null }).where(inArray(outboxEmails.id, rest));
    }
    counts.deferred = rest.length;
    break;
  }
  return counts;
}

/**
 * Runs a request's handler; with a provider configured, the e-mails it wrote are sent once it is done
 * (its transactions committed or rolled back) in the background, rather than waiting for the cron.
 */
export async function sendingWrittenEmails(
  sender: EmailSender | null,
  inBackground: (name: string, work: (db: Db) => Promise<unknown>) => void,
  handler: () => Promise<void>,
): Promise<void> {
  if (!sender) return handler();
  const written: string[] = [];
  try {
    await recordWrittenEmails(written, handler);
  } finally {
    if (written.length > 0) inBackground("e-mail send", (db) => sendDueEmails(db, sender, { ids: written }));
  }
}
