import type { ContactRequest } from "@loom-lite/schema";
import { contactRequests } from "@loom-lite/schema/db";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import type { Logger } from "../lib/logger";
import { sendEmail } from "./outbox";

/** The sales inbox reads its e-mails within a quarter; the row in contact_requests stays. */
export const SALES_INQUIRY_KEPT_FOR_MS = 90 * 24 * 60 * 60 * 1000;

export interface ContactRequestView extends ContactRequest {
  id: string;
  createdAt: string;
}

const TOPIC_LABELS: Record<ContactRequest["topic"], string> = {
  demo: "Demo request",
  pricing: "Pricing question",
  agency: "Agency enquiry",
  security: "Security review",
  other: "Contact form",
};

/**
 * The e-mail to the sales inbox. Every field in the subject is one line (the contract refuses control
 * characters), so nothing a prospect types can add a header to the message.
 */
function salesEmail(request: ContactRequest) {
  const subject = `${TOPIC_LABELS[request.topic]}: ${request.name} (${request.company}, ${request.teamSize})`;
  const text = [
    `Name:      ${request.name}`,
    `E-mail:    ${request.email}`,
    `Company:   ${request.company}`,
    `Team size: ${request.teamSize}`,
    `Topic:     ${request.topic}`,
    "",
    request.message || "(no message)",
  ].join("\n");
  return { subject, text };
}

/** Stores a validated request and sends it to the sales inbox through the outbox, in one transaction. */
export async function submitContactRequest(
  db: Db,
  log: Logger,
  salesInbox: string,
  request: ContactRequest,
): Promise<string> {
  const id = newId("cr");
  await db.transaction(async (tx) => {
    await tx.insert(contactRequests).values({ id, ...request });
    const emailId = await sendEmail(tx, log, {
      kind: "sales_inquiry",
      to: salesInbox,
      ...salesEmail(request),
    });
    await tx.update(contactRequests).set({ emailId }).where(eq(contactRequests.id, id));
  });
  return id;
}

export async function listContactRequests(db: Db, limit: number): Promise<ContactRequestView[]> {
  const rows = await db.select().from(contactRequests).orderBy(desc(contactRequests.createdAt)).limit(limit);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    company: r.company,
    teamSize: r.teamSize,
    topic: r.topic,
    message: r.message,
    createdAt: r.createdAt.toISOString(),
  }));
}
