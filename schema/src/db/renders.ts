import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";
import {
  type FallbackScene,
  JOB_KINDS,
  type JobKind,
  MEDIA_STORAGES,
  type MediaStorage,
  type PreflightResult,
  RENDER_STATES,
  type RenderArtifacts,
  type RenderState,
} from "../contracts/render";
import { campaigns, leads } from "./campaigns";
import { workspaces } from "./workspaces";

export const renders = pgTable(
  "renders",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    leadId: text("lead_id")
      .notNull()
      .references(() => leads.id, { onDelete: "cascade" }),
    /** What the job produces (contracts/render.ts JOB_KINDS); a lead's video unless said otherwise. */
    kind: text("kind", { enum: JOB_KINDS }).$type<JobKind>().notNull().default("video"),
    /** Claim order (JOB_PRIORITIES of the kind): higher first, then the oldest due. */
    priority: integer("priority").notNull().default(100),
    /** queued → claimed → capturing → composing → uploading → done, or failed / cancelled. */
    state: text("state", { enum: RENDER_STATES }).$type<RenderState>().notNull().default("queued"),
    /** Claims so far; a claim after a lease expiry or a retryable failure counts again. */
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    /** Not claimable before this instant (exponential backoff after a failure). */
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    leaseId: text("lease_id"),
    /** Raised on every claim; a node call carrying an older fence is refused (409). */
    fence: integer("fence").notNull().default(0),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    nodeId: text("node_id"),
    /** 0..1 over the whole render, reported by the node's heartbeats. */
    progress: real("progress").notNull().default(0),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    /** Machine-readable failure code and a sentence a user can act on. */
    errorCode: text("error_code"),
    error: text("error"),
    /** Stage name → milliseconds, from the node's report. */
    timings: jsonb("timings").$type<Record<string, number>>(),
    /** Artifact name → object key (video, poster, ...), in the storage below. */
    artifacts: jsonb("artifacts").$type<RenderArtifacts>(),
    /** `r2`: the edge's bucket, served through the edge. `bunny`: Bunny Storage, served from cdn_base_url. */
    storage: text("storage", { enum: MEDIA_STORAGES }).$type<MediaStorage>().notNull().default("r2"),
    /** Bunny pull zone URL the keys are appended to (storage = bunny). */
    cdnBaseUrl: text("cdn_base_url"),
    durationMs: integer("duration_ms"),
    /** Scenes the campaign's fallback page stood in for (the lead's site was unusable); null when none. */
    fallbacks: jsonb("fallbacks").$type<FallbackScene[]>(),
    /** A done preflight job's verdict on the lead's first page (kind = preflight); null otherwise. */
    preflight: jsonb("preflight").$type<PreflightResult>(),
    /**
     * Video length reserved against the workspace's minutes while the render is queued, running or held
     * (blocked_quota); a finished render's usage is in usage_ledger instead.
     */
    reservedMs: integer("reserved_ms").notNull().default(0),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("renders_claimable_idx").on(t.priority.desc(), t.runAfter).where(sql`state = 'queued'`),
    index("renders_lease_idx").on(t.leaseExpiresAt),
    index("renders_campaign_idx").on(t.campaignId),
    index("renders_lead_idx").on(t.leadId),
    // Every read of a lead's jobs asks for one kind (its newest video, its newest first frame).
    index("renders_lead_kind_created_idx").on(t.leadId, t.kind, t.createdAt),
  ],
);

export const renderNodes = pgTable("render_nodes", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  /** Hex SHA-256 of the node's bearer token. */
  tokenHash: text("token_hash").notNull().unique(),
  tokenPrefix: text("token_prefix").notNull(),
  capacity: integer("capacity").notNull().default(1),
  version: text("version"),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
  /** Set by an operator: the node's token is refused from then on (401). A rotation issues a new one. */
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One row (id = 1): platform-wide settings an admin can change while the platform runs. */
export const systemSettings = pgTable("system_settings", {
  id: integer("id").primaryKey().default(1),
  /** Renders allowed to run at once across every node. */
  globalRenderCap: integer("global_render_cap").notNull().default(4),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Append-only log of what happened to a render, one row per transition (claim, finish, expiry, retry,
 * cancel). Claim and finish rows of every attempt are kept, so concurrency can be audited afterwards.
 */
export const renderEvents = pgTable(
  "render_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    renderId: text("render_id")
      .notNull()
      .references(() => renders.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id").notNull(),
    kind: text("kind", {
      enum: ["queued", "held", "claimed", "done", "failed", "cancelled", "retry_scheduled", "lease_expired"],
    }).notNull(),
    fence: integer("fence"),
    nodeId: text("node_id"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("render_events_render_idx").on(t.renderId)],
);
