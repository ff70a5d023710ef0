import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { PLAN_IDS } from "../contracts/plans";
import type { Branding } from "../contracts/workspace";

export const workspaces = pgTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Landing-page subdomain: <slug>.<APP_DOMAIN>. */
    slug: text("slug").notNull().unique(),
    /** The plan in force (contracts/plans.ts); billing's webhook and the trial's end change it. */
    plan: text("plan", { enum: PLAN_IDS }).notNull().default("trial"),
    /** Renders of this workspace allowed to run at once (the plan's cap, enforced by the RenderGate). */
    renderConcurrency: integer("render_concurrency").notNull().default(2),
    /** Logo and colors of its landing pages (contracts/workspace.ts). */
    branding: jsonb("branding").$type<Branding>().notNull().default({}),
    /**
     * Raised whenever anything a landing page shows changes (campaign landing settings, branding, lead
     * fields, a finished render); cached landing pages carry the version they were built from.
     */
    landingVersion: integer("landing_version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "workspaces_plan_known",
      sql.raw(`${t.plan.name} IN (${PLAN_IDS.map((id) => `'${id}'`).join(", ")})`),
    ),
  ],
);

/**
 * Every email the platform sends, kept as written. Without an email provider this is the delivery:
 * the local dev mailbox shows these rows.
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: text("id").primaryKey(),
    /** The workspace it concerns, if any (password resets concern a user, not a workspace). */
    workspaceId: text("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", {
      enum: [
        "invitation",
        "password_reset",
        "email_verification",
        "email_change",
        "usage_warning",
        "payment_failed",
        "watch_alert",
        "watch_digest",
        "sales_inquiry",
      ],
    }).notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Delivery through the e-mail provider (edge/src/services/outbox-delivery.ts): `pending` until the
     * provider accepts it (`sent`) or refuses it for good (`failed`). Without a provider configured
     * every row stays `pending` and the dev mailbox is the delivery.
     */
    status: text("status", { enum: ["pending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set while one sender has the row claimed, so the cron and a request never post it at once. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** The provider's id of the accepted message (Resend's `id`). */
    providerMessageId: text("provider_message_id"),
  },
  (t) => [
    index("outbox_emails_created_idx").on(t.createdAt),
    index("outbox_emails_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check("outbox_emails_status_known", sql`${t.status} IN ('pending', 'sent', 'failed')`),
  ],
);
