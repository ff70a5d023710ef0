import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";

/**
 * Platform operators (render nodes, the global cap, every tenant's media): a user is one only while a
 * row here says so. Granted and revoked through /api/admin/operators by the admin token or another
 * operator; never derived from an email address.
 */
export const platformOperators = pgTable("platform_operators", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  /** The operator who granted it; null when granted with the admin token (or that user is gone). */
  grantedBy: text("granted_by").references(() => user.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
