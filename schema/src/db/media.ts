import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ARTIFACT_NAMES, type ArtifactName, MEDIA_STORAGES, type MediaStorage } from "../contracts/render";

/**
 * Every object a render node announced it would put in Bunny Storage, written before the PUT (the edge
 * never sees those bytes). No foreign key on purpose: a row lives as long as its object may exist, so
 * deleting a render, lead, campaign or workspace can never drop it; it goes only once the object has
 * been deleted (see media_deletions). R2 needs no such list: the edge writes every R2 object itself,
 * under the render's prefix, and deletes by prefix.
 */
export const bunnyObjects = pgTable(
  "bunny_objects",
  {
    /** The object's key in the zone (artifactKey: ws/<workspace>/renders/<render>/<fence>/<name>). */
    key: text("key").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    renderId: text("render_id").notNull(),
    /** The attempt (lease fence) that uploaded it. */
    fence: integer("fence").notNull(),
    name: text("name", { enum: ARTIFACT_NAMES }).$type<ArtifactName>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("bunny_objects_render_idx").on(t.renderId),
    index("bunny_objects_workspace_idx").on(t.workspaceId),
  ],
);

/**
 * Media to delete, written in the same transaction that deletes their rows (lead, campaign, account) or
 * makes them stale (an older attempt's objects when a render completes), so no object is ever left
 * without a record. Run at once by the request when it can, then by the cron with backoff until the
 * store confirms; a row goes when its media are gone.
 */
export const mediaDeletions = pgTable(
  "media_deletions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** For logs and support; the workspace may be gone already. */
    workspaceId: text("workspace_id").notNull(),
    storage: text("storage", { enum: MEDIA_STORAGES }).$type<MediaStorage>().notNull(),
    /** One object's key or, with `prefix`, every object whose key starts with it (R2 lists by prefix). */
    key: text("key").notNull(),
    prefix: boolean("prefix").notNull().default(false),
    /** Not before this instant: backoff after a failure, or while an attempt may still be uploading. */
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    /** Why the last try failed (the store's answer), for the operator. */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("media_deletions_target_idx").on(t.storage, t.key, t.prefix),
    index("media_deletions_due_idx").on(t.runAfter),
  ],
);
