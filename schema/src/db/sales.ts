import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { CONTACT_TEAM_SIZES, CONTACT_TOPICS } from "../contracts/contact";

/**
 * What prospects sent through the storefront's contact form. Not a tenant's data: only platform
 * operators list it (GET /api/admin/contact-requests); the sales inbox gets each one by e-mail.
 */
export const contactRequests = pgTable(
  "contact_requests",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    company: text("company").notNull(),
    teamSize: text("team_size", { enum: CONTACT_TEAM_SIZES }).notNull(),
    topic: text("topic", { enum: CONTACT_TOPICS }).notNull(),
    message: text("message").notNull(),
    /** The outbox e-mail that took it to the sales inbox. */
    emailId: text("email_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("contact_requests_created_idx").on(t.createdAt)],
);
