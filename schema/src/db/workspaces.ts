import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { Branding } from "../contracts/workspace";
import { user } from "./auth";

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** Landing-page subdomain: <slug>.<APP_DOMAIN>. */
  slug: text("slug").notNull().unique(),
  plan: text("plan", { enum: ["free", "pro", "agency"] })
    .notNull()
    .default("free"),
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
});

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member"] })
      .notNull()
      .default("member"),
    /** When the user last switched to this workspace; a new session starts in the newest one. */
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/** A teammate asked to join a workspace; accepted once, by a signed-in user with the invited email. */
export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ["admin", "member"] })
      .notNull()
      .default("member"),
    /** Hex SHA-256 of the token in the accept link; the token itself is only in the email. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => user.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: text("accepted_by").references(() => user.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("invitations_workspace_idx").on(t.workspaceId)],
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
      enum: ["invitation", "password_reset", "email_verification", "email_change"],
    }).notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_emails_created_idx").on(t.createdAt)],
);

export const apiKeys = pgTable("api_keys", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  /** First characters of the key (`ll_live_abcd`), shown in lists so a user can tell keys apart. */
  prefix: text("prefix").notNull(),
  /** Hex SHA-256 of the whole key; the key itself is shown once and never stored. */
  hash: text("hash").notNull().unique(),
  createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
  /**
   * The most the key may do (admin or member), fixed at creation and never above its creator's role.
   * At use it acts with the lower of this and the creator's current role. Null on keys made before
   * keys had scopes: they act with their creator's current role, at most admin.
   */
  role: text("role", { enum: ["admin", "member"] }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
