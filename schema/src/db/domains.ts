import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

/** A DNS record the customer must create for a custom domain. */
export interface DnsRecord {
  type: "CNAME" | "TXT";
  name: string;
  value: string;
  /** What the record is for: routing traffic, proving ownership, or issuing the certificate. */
  purpose: "routing" | "ownership" | "certificate";
}

/**
 * A workspace's own hostname for landing pages, registered as a Cloudflare for SaaS custom hostname.
 * Landing pages are served on it only while `status` is `active`.
 */
export const customDomains = pgTable(
  "custom_domains",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Lowercase, no trailing dot; one workspace at most may claim it. */
    hostname: text("hostname").notNull().unique(),
    /** Cloudflare's custom hostname id; null until registration succeeded. */
    cloudflareId: text("cloudflare_id"),
    /** Cloudflare's hostname status (`pending`, `active`, `moved`, `blocked`, …). */
    status: text("status").notNull().default("pending"),
    /** Cloudflare's certificate status (`pending_validation`, `active`, …). */
    sslStatus: text("ssl_status"),
    dnsRecords: jsonb("dns_records").$type<DnsRecord[]>().notNull().default([]),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("custom_domains_workspace_idx").on(t.workspaceId)],
);
