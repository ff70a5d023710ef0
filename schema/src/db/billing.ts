import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { BILLING_INTERVALS } from "../contracts/plans";
import { workspaces } from "./workspaces";

/** Subscription states as Stripe names them (Subscription.status). */
export const SUBSCRIPTION_STATUSES = [
  "incomplete",
  "incomplete_expired",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "paused",
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * A workspace's account with Stripe and the state of its subscription as last read from Stripe
 * (webhook handlers re-read the subscription and write what it is now, never what an event said).
 * The plan in force is `workspaces.plan`; this row says why.
 */
export const workspaceBilling = pgTable("workspace_billing", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  /** Created lazily, at the first checkout or portal visit: one customer per workspace. */
  stripeCustomerId: text("stripe_customer_id").unique(),
  stripeSubscriptionId: text("stripe_subscription_id").unique(),
  subscriptionStatus: text("subscription_status", { enum: SUBSCRIPTION_STATUSES }),
  stripePriceId: text("stripe_price_id"),
  interval: text("interval", { enum: BILLING_INTERVALS }),
  /** The subscription's current period: usage is counted per period (calendar months on Free). */
  periodStart: timestamp("period_start", { withTimezone: true }),
  periodEnd: timestamp("period_end", { withTimezone: true }),
  cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
  /**
   * A downgrade the owner chose, as the Stripe price to move to at the end of the period (the cron
   * changes the subscription just before it renews); null when none is pending.
   */
  pendingPriceId: text("pending_price_id"),
  /** When the subscription became past due; new renders are held once the grace days have passed. */
  pastDueSince: timestamp("past_due_since", { withTimezone: true }),
  /** End of the no-card trial; null for workspaces that never had one. */
  trialEndsAt: timestamp("trial_ends_at", { withTimezone: true }),
  /** The owner allows minutes beyond the plan's, billed per minute, up to the spending cap. */
  overageEnabled: boolean("overage_enabled").notNull().default(false),
  /** Most the owner allows overage to cost per period, in US cents (0: none). */
  spendingCapCents: integer("spending_cap_cents").notNull().default(0),
  /** Start of the period for which the highest usage warning below was sent. */
  warnedPeriodStart: timestamp("warned_period_start", { withTimezone: true }),
  /** Highest usage warning sent in that period, in percent of included minutes (80, 100). */
  warnedPercent: integer("warned_percent"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Seconds of finished video, one row per render, written once when the render is delivered and
 * never changed (the meter columns aside): the source of truth for usage and overage.
 * No foreign key to the render or the campaign: usage outlives deleted campaigns.
 */
export const usageLedger = pgTable(
  "usage_ledger",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    renderId: text("render_id").notNull().unique(),
    campaignId: text("campaign_id").notNull(),
    /** Length of the delivered video in milliseconds. */
    videoMs: integer("video_ms").notNull(),
    /** The part of it beyond the period's included minutes (billed as overage). */
    overageMs: integer("overage_ms").notNull().default(0),
    /** A fallback video (the lead's site was unusable) still counts: it was delivered. */
    fallback: boolean("fallback").notNull().default(false),
    /** Start of the billing period the row counts in. */
    periodStart: timestamp("period_start", { withTimezone: true }).notNull(),
    /** The Stripe meter event's identifier (idempotent per render); set when there is overage. */
    meterIdentifier: text("meter_identifier").unique(),
    meterReportedAt: timestamp("meter_reported_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("usage_ledger_period_idx").on(t.workspaceId, t.periodStart),
    index("usage_ledger_unreported_idx")
      .on(t.createdAt)
      .where(sql`overage_ms > 0 AND meter_reported_at IS NULL`),
    check(
      "usage_ledger_video_ms_nonnegative",
      sql`${t.videoMs} >= 0 AND ${t.overageMs} >= 0 AND ${t.overageMs} <= ${t.videoMs}`,
    ),
  ],
);

export const STRIPE_EVENT_STATES = ["processing", "processed", "failed"] as const;
export type StripeEventState = (typeof STRIPE_EVENT_STATES)[number];

/**
 * Every Stripe event received, by its id: an event is applied once however often Stripe sends it,
 * and a row stuck in `processing` (its worker died) is taken over once `lockedAt` is old.
 */
export const stripeEvents = pgTable(
  "stripe_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    state: text("state", { enum: STRIPE_EVENT_STATES }).notNull().default("processing"),
    attempts: integer("attempts").notNull().default(1),
    lockedAt: timestamp("locked_at", { withTimezone: true }).notNull().defaultNow(),
    /** Why the last attempt failed (Stripe redelivers the event; the next attempt takes over). */
    error: text("error"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [index("stripe_events_received_idx").on(t.receivedAt)],
);
