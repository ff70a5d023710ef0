import { outboxEmails } from "@loom-lite/schema/db";
import { desc } from "drizzle-orm";
import type { Db } from "../lib/db";
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

/**
 * Sends an email. No email provider is wired into the platform, so "sending" is writing it to the
 * outbox table and the log; the local dev mailbox (GET /api/dev/mailbox) shows the outbox.
 */
export async function sendEmail(db: Db, log: Logger, email: OutgoingEmail): Promise<string> {
  const id = newId("eml");
  await db.insert(outboxEmails).values({ id, ...email, workspaceId: email.workspaceId ?? null });
  log.info("email written to the outbox (no email provider configured)", {
    emailId: id,
    kind: email.kind,
    to: email.to,
    subject: email.subject,
  });
  return id;
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
