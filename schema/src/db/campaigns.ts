import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { LandingSettings, SceneSpec } from "../contracts/scene";
import { workspaces } from "./workspaces";

export const assets = pgTable(
  "assets",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["facecam", "csv", "logo", "photo"] }).notNull(),
    /** R2 object key; always under ws/<workspaceId>/. */
    storageKey: text("storage_key").notNull(),
    contentType: text("content_type").notNull(),
    bytes: integer("bytes").notNull(),
    /** What the rep calls it (a facecam in the library: "Intro, Dec"); null when never named. */
    name: text("name"),
    /** Media length in milliseconds, for facecams. */
    durationMs: integer("duration_ms"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("assets_workspace_idx").on(t.workspaceId)],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: text("status", { enum: ["draft", "active", "archived"] })
      .notNull()
      .default("draft"),
    /** Scene spec (contracts/scene.ts). `facecam` inside it holds an asset id. */
    spec: jsonb("spec").$type<SceneSpec>().notNull(),
    landing: jsonb("landing").$type<LandingSettings>().notNull().default({}),
    /**
     * When the spec last changed in a way that changes the videos (not a rename, not the export
     * policy); null while it is the spec the campaign was created with. Videos claimed before it were
     * made with the old scenes.
     */
    specUpdatedAt: timestamp("spec_updated_at", { withTimezone: true }),
    /**
     * The platform's example campaign (demo facecam, leads on the storefront's pages), made on demand by
     * `POST /api/campaigns/example`; at most one per workspace. A copy of it is an ordinary campaign.
     */
    example: boolean("example").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("campaigns_workspace_idx").on(t.workspaceId),
    // One example per workspace, also when two tabs open it at once.
    uniqueIndex("campaigns_one_example_idx").on(t.workspaceId).where(sql`${t.example}`),
    // The dashboard's list: one workspace's campaigns, newest first, filtered by status.
    index("campaigns_workspace_created_idx").on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const leads = pgTable(
  "leads",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** Merge fields from the CSV or the API (`first_name`, `website`, ...). */
    fields: jsonb("fields").$type<Record<string, string>>().notNull(),
    /** Landing page path; random, unguessable. */
    slug: text("slug").notNull().unique(),
    /** Set when the rep left the lead out of the campaign (contact sheet): "Render all" skips it. */
    excludedAt: timestamp("excluded_at", { withTimezone: true }),
    /** Last change of `fields`: a pre-flight check older than this checked another website. */
    fieldsUpdatedAt: timestamp("fields_updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("leads_campaign_idx").on(t.campaignId),
    // Lead tables and exports page through one campaign in the order leads were added.
    index("leads_campaign_created_idx").on(t.campaignId, t.createdAt, t.id),
  ],
);
