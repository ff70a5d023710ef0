import { customDomains, type DnsRecord, workspaces } from "@loom-lite/schema/db";
import { and, asc, eq, isNotNull, ne, sql } from "drizzle-orm";
import { ApiError } from "../errors";
import {
  CloudflareApiError,
  type CustomHostname,
  type CustomHostnamesClient,
  DUPLICATE_HOSTNAME,
} from "../lib/cloudflare-custom-hostnames";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import type { BillingConfig } from "./billing/config";
import { assertDomainFree } from "./billing/plan-limits";
import type { WorkspaceScope } from "./workspace-scope";
import { isUniqueViolation } from "./workspaces";

export interface DomainView {
  id: string;
  hostname: string;
  /** Cloudflare's hostname status; landing pages are served only when `active`. */
  status: string;
  sslStatus: string | null;
  /** The records the customer creates at their DNS provider. */
  dnsRecords: DnsRecord[];
  checkedAt: string | null;
  createdAt: string;
}

type Row = typeof customDomains.$inferSelect;

const toView = (r: Row): DomainView => ({
  id: r.id,
  hostname: r.hostname,
  status: r.status,
  sslStatus: r.sslStatus,
  dnsRecords: r.dnsRecords,
  checkedAt: r.checkedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});

export interface DomainDeps {
  db: Db;
  cloudflare: CustomHostnamesClient | null;
  /** Where customers point their CNAME (the SaaS zone's fallback origin). */
  target: string | undefined;
}

/** The Cloudflare side of the domain services, for calls whose database comes with the workspace. */
export type DomainHosting = Omit<DomainDeps, "db">;

/** Whether the platform has Cloudflare for SaaS set up, so workspaces can add domains at all. */
export function customDomainsAvailable(deps: DomainHosting): boolean {
  return Boolean(deps.cloudflare && deps.target);
}

function requireCloudflare(deps: DomainHosting): { cloudflare: CustomHostnamesClient; target: string } {
  if (!deps.cloudflare || !deps.target) {
    throw new ApiError(
      "INTERNAL",
      "Custom domains are not set up on this deployment (CLOUDFLARE_API_TOKEN, CLOUDFLARE_ZONE_ID, CUSTOM_DOMAIN_TARGET)",
    );
  }
  return { cloudflare: deps.cloudflare, target: deps.target };
}

/** CNAME to our origin, the ownership TXT, and the certificate's TXT validation records. */
export function dnsRecordsFor(hostname: CustomHostname, target: string): DnsRecord[] {
  const records: DnsRecord[] = [
    { type: "CNAME", name: hostname.hostname, value: target, purpose: "routing" },
  ];
  const ownership = hostname.ownership_verification;
  if (ownership)
    records.push({ type: "TXT", name: ownership.name, value: ownership.value, purpose: "ownership" });
  const validation = hostname.ssl?.validation_records ?? [];
  const certificate = validation.length > 0 ? validation : hostname.ssl ? [hostname.ssl] : [];
  for (const v of certificate) {
    if (v.txt_name && v.txt_value) {
      records.push({ type: "TXT", name: v.txt_name, value: v.txt_value, purpose: "certificate" });
    }
  }
  return records;
}

/**
 * Claims `hostname` for the workspace (one workspace per hostname, 409 otherwise), registers it with
 * Cloudflare and stores the DNS records to show. A failed registration leaves no claim behind.
 */
export async function addDomain(
  ws: WorkspaceScope,
  hosting: DomainHosting,
  hostname: string,
  ownDomains: readonly string[],
  billing: BillingConfig | null = null,
): Promise<DomainView> {
  const { workspaceId } = ws;
  const deps: DomainDeps = { ...hosting, db: ws.db };
  const { cloudflare, target } = requireCloudflare(deps);
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (ownDomains.some((domain) => name === domain || name.endsWith(`.${domain}`))) {
    throw new ApiError("BAD_REQUEST", `hostname: ${name} is the platform's own domain; use your own`);
  }
  const id = newId("dom");
  try {
    await deps.db.transaction(async (tx) => {
      await assertDomainFree(tx, billing, workspaceId);
      await tx.insert(customDomains).values({ id, workspaceId, hostname: name });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("CONFLICT", `hostname: ${name} is already claimed`);
    }
    throw error;
  }
  let created: CustomHostname;
  try {
    created = await cloudflare.create(name);
  } catch (error) {
    await deps.db.delete(customDomains).where(eq(customDomains.id, id));
    if (error instanceof CloudflareApiError && error.codes.includes(DUPLICATE_HOSTNAME)) {
      throw new ApiError("CONFLICT", `hostname: ${name} is already registered with Cloudflare`);
    }
    throw new ApiError("INTERNAL", `Could not register ${name}: ${(error as Error).message}`);
  }
  const [row] = await deps.db
    .update(customDomains)
    .set({
      cloudflareId: created.id,
      status: created.status,
      sslStatus: created.ssl?.status ?? null,
      dnsRecords: dnsRecordsFor(created, target),
      checkedAt: new Date(),
    })
    .where(eq(customDomains.id, id))
    .returning();
  if (!row) throw new ApiError("NOT_FOUND", `Domain ${id} was removed while being added`);
  return toView(row);
}

async function getRow(db: Db, workspaceId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(customDomains)
    .where(and(eq(customDomains.id, id), eq(customDomains.workspaceId, workspaceId)));
  if (!row) throw new ApiError("NOT_FOUND", `Domain ${id} does not exist`);
  return row;
}

export async function listDomains(ws: WorkspaceScope): Promise<DomainView[]> {
  const { db, workspaceId } = ws;
  const rows = await db
    .select()
    .from(customDomains)
    .where(eq(customDomains.workspaceId, workspaceId))
    .orderBy(asc(customDomains.createdAt));
  return rows.map(toView);
}

export async function getDomain(ws: WorkspaceScope, id: string): Promise<DomainView> {
  const { db, workspaceId } = ws;
  return toView(await getRow(db, workspaceId, id));
}

/** Asks Cloudflare for the current status and stores it; an activation takes effect at once. */
async function refresh(deps: DomainDeps, row: Row): Promise<Row> {
  const { cloudflare, target } = requireCloudflare(deps);
  if (!row.cloudflareId) return row;
  const current = await cloudflare.get(row.cloudflareId);
  const [updated] = await deps.db
    .update(customDomains)
    .set({
      status: current.status,
      sslStatus: current.ssl?.status ?? null,
      dnsRecords: dnsRecordsFor(current, target),
      checkedAt: new Date(),
    })
    .where(eq(customDomains.id, row.id))
    .returning();
  forgetHostname(row.hostname);
  return updated ?? row;
}

export async function checkDomain(
  ws: WorkspaceScope,
  hosting: DomainHosting,
  id: string,
): Promise<DomainView> {
  return toView(await refresh({ ...hosting, db: ws.db }, await getRow(ws.db, ws.workspaceId, id)));
}

/** The cron: re-checks domains that are not active yet; returns how many became active. */
export async function checkPendingDomains(deps: DomainDeps, limit = 50): Promise<number> {
  if (!deps.cloudflare) return 0;
  const rows = await deps.db
    .select()
    .from(customDomains)
    .where(and(ne(customDomains.status, "active"), isNotNull(customDomains.cloudflareId)))
    .orderBy(sql`${customDomains.checkedAt} ASC NULLS FIRST`)
    .limit(limit);
  let activated = 0;
  for (const row of rows) {
    const updated = await refresh(deps, row);
    if (updated.status === "active") activated += 1;
  }
  return activated;
}

/** Removes the hostname from Cloudflare, then the claim. */
export async function removeDomain(ws: WorkspaceScope, hosting: DomainHosting, id: string): Promise<void> {
  const row = await getRow(ws.db, ws.workspaceId, id);
  if (row.cloudflareId) await requireCloudflare(hosting).cloudflare.delete(row.cloudflareId);
  await ws.db.delete(customDomains).where(eq(customDomains.id, row.id));
  forgetHostname(row.hostname);
}

/** Every domain of a workspace that is being deleted: off Cloudflare first, so none keeps serving. */
export async function removeWorkspaceDomains(deps: DomainDeps, workspaceId: string): Promise<number> {
  const rows = await deps.db.select().from(customDomains).where(eq(customDomains.workspaceId, workspaceId));
  for (const row of rows) {
    if (row.cloudflareId) await requireCloudflare(deps).cloudflare.delete(row.cloudflareId);
    await deps.db.delete(customDomains).where(eq(customDomains.id, row.id));
    forgetHostname(row.hostname);
  }
  return rows.length;
}

// Host → workspace slug for landing requests, kept briefly in the isolate: a view should not need a
// query per request, and a change made here (activation, removal) is forgotten at once.
const HOST_TTL_MS = 30_000;
/** Any Host header can arrive; the map stays bounded however many unknown names are tried. */
const HOSTS_MAX = 5_000;
const hosts = new Map<string, { slug: string | null; until: number }>();

function forgetHostname(hostname: string) {
  hosts.delete(hostname);
}

/** The workspace slug whose landing pages `hostname` serves: only an active domain serves. */
export async function workspaceForCustomHost(db: Db, hostname: string): Promise<string | null> {
  const cached = hosts.get(hostname);
  if (cached && cached.until > Date.now()) return cached.slug;
  const [row] = await db
    .select({ slug: workspaces.slug })
    .from(customDomains)
    .innerJoin(workspaces, eq(workspaces.id, customDomains.workspaceId))
    .where(and(eq(customDomains.hostname, hostname), eq(customDomains.status, "active")));
  const slug = row?.slug ?? null;
  if (hosts.size >= HOSTS_MAX) {
    const oldest = hosts.keys().next().value;
    if (oldest !== undefined) hosts.delete(oldest);
  }
  hosts.set(hostname, { slug, until: Date.now() + HOST_TTL_MS });
  return slug;
}

/** The workspace's active custom domain (the oldest, if several), which its links should use. */
export async function activeCustomDomain(db: Db, workspaceId: string): Promise<string | null> {
  const [row] = await db
    .select({ hostname: customDomains.hostname })
    .from(customDomains)
    .where(and(eq(customDomains.workspaceId, workspaceId), eq(customDomains.status, "active")))
    .orderBy(asc(customDomains.createdAt))
    .limit(1);
  return row?.hostname ?? null;
}
