import { AsyncLocalStorage } from "node:async_hooks";
import { outboxEmails } from "@loom-lite/schema/db";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db, Tx } from "../lib/db";
import { newId } from "../lib/ids";
import type { Logger } from "../lib/logger";

export type EmailKind = (typeof outboxEmails.$inferInsert)["kind"];
export const EMAIL_KINDS = outboxEmails.kind.enumValues;

export interface OutgoingEmail {
  kind: EmailKind;
  to: string;
  subject: string;
  text: string;
  workspaceId?: string | null;
}

export interface OutboxEmailView {
  id: string;
  kind: EmailKind;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** The ids of the e-mails written while a request's handler runs (see recordWrittenEmails). */
const writtenEmails = new AsyncLocalStorage<string[]>();

/** Runs `work`, adding to `ids` every e-mail it writes to the outbox (committed or not). */
export function recordWrittenEmails<T>(ids: string[], work: () => Promise<T>): Promise<T> {
  return writtenEmails.run(ids, work);
}

/**
 * Sends an email: writes it to the outbox table, which the local dev mailbox (GET /api/dev/mailbox)
 * shows. With a provider configured (RESEND_API_KEY, EMAIL_FROM) it is then sent by
 * services/outbox-delivery.ts, right after the request and by the cron. Inside a transaction the
 * e-mail goes out only if the transaction commits.
 */
export async function sendEmail(db: Db | Tx, log: Logger, email: OutgoingEmail): Promise<string> {
  const id = newId("eml");
  await db.insert(outboxEmails).values({ id, ...email, workspaceId: email.workspaceId ?? null });
  writtenEmails.getStore()?.push(id);
  log.info("email written to the outbox", {
    emailId: id,
    kind: email.kind,
    to: email.to,
    subject: email.subject,
  });
  return id;
}

/** How long a password reset link works: better-auth's default `resetPasswordTokenExpiresIn`. */
export const PASSWORD_RESET_VALID_FOR_MS = 60 * 60 * 1000;
/** Usage warnings carry no link; the outbox keeps them for a billing period or so. */
export const USAGE_WARNING_KEPT_FOR_MS = 31 * 24 * 60 * 60 * 1000;
/** E-mail verification and e-mail change links. */
export const EMAIL_LINK_VALID_FOR_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes emails whose links have expired (each kind's lifetime from its sending time), so the outbox
 * does not keep live-looking links, or the addresses of people whose accounts are gone, for ever.
 * Returns how many went.
 */
export async function purgeExpiredOutbox(
  db: Db,
  lifetimeMs: Record<EmailKind, number>,
  now = new Date(),
): Promise<number> {
  let purged = 0;
  for (const [kind, ms] of Object.entries(lifetimeMs) as Array<[EmailKind, number]>) {
    const gone = await db
      .delete(outboxEmails)
      .where(and(eq(outboxEmails.kind, kind), lt(outboxEmails.createdAt, new Date(now.getTime() - ms))))
      .returning({ id: outboxEmails.id });
    purged += gone.length;
  }
  return purged;
}

export async function listOutbox(db: Db, limit: number): Promise<OutboxEmailView[]> {
  const rows = await db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.to,
    subject: r.subject,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
  }));
}
