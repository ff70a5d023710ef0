import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { campaigns, leads } from "./campaigns";
import { workspaces } from "./workspaces";

/**
 * Who caused an event: the `prospect`, or a `team` member of the workspace (a browser that opened the
 * page from the dashboard carries the team mark on that landing host). Team events never count as the
 * prospect's.
 */
export const LEAD_EVENT_AUDIENCES = ["prospect", "team"] as const;
export type LeadEventAudience = (typeof LEAD_EVENT_AUDIENCES)[number];

export const LEAD_EVENT_TYPES = ["view", "play", "progress", "cta_click", "booked"] as const;
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number];

/**
 * What a prospect did on a landing page, sent by the page's beacon. Written by the landing host only;
 * link-preview bots and mail scanners are filtered out before a row is written.
 */
export const leadEvents = pgTable(
  "lead_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    type: text("type", { enum: LEAD_EVENT_TYPES }).notNull(),
    audience: text("audience", { enum: LEAD_EVENT_AUDIENCES })
      .$type<LeadEventAudience>()
      .notNull()
      .default("prospect"),
    /** Watch progress in percent (25, 50, 75, 100) for `progress` events; null otherwise. */
    percent: integer("percent"),
    /** Random id the page makes per page load, so one visit's events can be told apart. */
    visitId: text("visit_id"),
    /**
     * What makes a second report of this event the same event, unique per lead: the type and visit
     * (`view:<visit>`, `progress:50:<visit>`, …), or for a booking the calendar's event
     * (`booked:event:<calendar event id>`). A repeat is not recorded and not announced again.
     * Null on rows written before events were deduplicated.
     */
    dedupeKey: text("dedupe_key"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("lead_events_workspace_time_idx").on(t.workspaceId, t.occurredAt),
    index("lead_events_campaign_type_idx").on(t.campaignId, t.type),
    index("lead_events_lead_time_idx").on(t.leadId, t.occurredAt),
    uniqueIndex("lead_events_lead_dedupe_idx").on(t.leadId, t.dedupeKey),
  ],
);
