import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const WEBHOOK_EVENTS = [
  "render.completed",
  "render.failed",
  "lead.viewed",
  "lead.played",
  "lead.cta_clicked",
  "lead.booked",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A workspace's endpoint that receives signed JSON events. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** The events this endpoint subscribes to (WEBHOOK_EVENTS). */
    events: jsonb("events").$type<WebhookEvent[]>().notNull(),
    /**
     * Signing secret (`whsec_…`). Kept because every delivery is signed with it; shown to the user
     * once, at creation, and never returned again.
     */
    secret: text("secret").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhooks_workspace_idx").on(t.workspaceId)],
);

export const WEBHOOK_DELIVERY_STATES = ["pending", "succeeded", "failed"] as const;

/** One event sent (or to be sent) to one webhook, with its retries. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    /** The exact JSON body sent; the signature covers these bytes. */
    body: text("body").notNull(),
    /** pending (first try or a retry is due at nextAttemptAt), succeeded (2xx), failed (gave up). */
    state: text("state", { enum: WEBHOOK_DELIVERY_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** Who holds the delivery while sending, until when; a crashed sender's claim runs out. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** HTTP status of the last attempt; null when it never got an answer. */
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    index("webhook_deliveries_webhook_created_idx").on(t.webhookId, t.createdAt),
  ],
);
