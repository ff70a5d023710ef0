import {
  bigint,
  boolean,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { user } from "./auth";
import { campaigns, leads } from "./campaigns";
import { workspaces } from "./workspaces";

/** Moments of a prospect's visit worth telling the rep about (a team member's own visit never is). */
export const WATCH_ALERT_KINDS = ["opened", "watched_half", "clicked"] as const;
export type WatchAlertKind = (typeof WATCH_ALERT_KINDS)[number];

/**
 * How one member hears about watch alerts in one workspace. No row: the defaults below. The in-app feed
 * always has every alert; these choose what is also e-mailed, at once or in one daily digest.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    emailOpened: boolean("email_opened").notNull().default(true),
    emailWatchedHalf: boolean("email_watched_half").notNull().default(true),
    emailClicked: boolean("email_clicked").notNull().default(true),
    /** Instead of one e-mail per alert, one e-mail a day listing the day's alerts. */
    dailyDigest: boolean("daily_digest").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** One member's watch alert: the in-app feed, and what the e-mails (instant or digest) are made from. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: WATCH_ALERT_KINDS }).$type<WatchAlertKind>().notNull(),
    /** The lead event that raised it; one alert per member per event. */
    leadEventId: bigint("lead_event_id", { mode: "number" }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** When it went out by e-mail, alone or in a digest; null while it waits for the digest. */
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("notifications_user_feed_idx").on(t.workspaceId, t.userId, t.createdAt),
    index("notifications_unemailed_idx").on(t.userId, t.emailedAt),
    uniqueIndex("notifications_event_user_idx").on(t.leadEventId, t.userId),
  ],
);
