import { workspaces } from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../lib/db";
import { findLandingLead, type LandingLead } from "./leads";

/**
 * Landing content is data read at request time, but a view should not cost a database round trip.
 * Two layers: a small map inside the isolate, then the Workers Cache API (shared by the isolates of a
 * location). Entries are keyed by the workspace's `landing_version`, which every edit raises, so an
 * edit makes the old entries unreachable instead of having to find and delete them.
 *
 * The version itself is cached briefly: the isolate that handles an edit publishes the new version
 * at once; other locations see it when their copy expires (VERSION_TTL_S).
 */
const CACHE_ORIGIN = "https://landing-cache.loom-lite.internal";
const VERSION_TTL_S = 30;
const LOCAL_VERSION_TTL_MS = 5_000;
const PAGE_TTL_S = 3_600;
const LOCAL_PAGES_MAX = 1_000;

interface VersionEntry {
  workspaceId: string;
  version: number;
  until: number;
}

const localVersions = new Map<string, VersionEntry>();
const localPages = new Map<string, LandingLead>();
/** Workspace id → the slug its version was last cached under, so a renamed slug is forgotten. */
const slugOfWorkspace = new Map<string, string>();

const versionKey = (slug: string) => new Request(`${CACHE_ORIGIN}/version/${slug}`);
const pageKey = (slug: string, version: number, leadSlug: string) =>
  `${CACHE_ORIGIN}/page/${slug}/v${version}/${encodeURIComponent(leadSlug)}`;

function sharedCache(): Cache | null {
  // Absent outside workerd (a unit test under Node); the local layer still works.
  return typeof caches === "undefined" ? null : (caches as unknown as { default: Cache }).default;
}

async function putJson(key: string | Request, value: unknown, ttlSeconds: number) {
  const cache = sharedCache();
  if (!cache) return;
  await cache.put(
    key,
    new Response(JSON.stringify(value), {
      headers: { "content-type": "application/json", "cache-control": `max-age=${ttlSeconds}` },
    }),
  );
}

function remember(slug: string, workspaceId: string, version: number) {
  localVersions.set(slug, { workspaceId, version, until: Date.now() + LOCAL_VERSION_TTL_MS });
  slugOfWorkspace.set(workspaceId, slug);
}

async function currentVersion(
  db: Db,
  slug: string,
): Promise<{ workspaceId: string; version: number } | null> {
  const local = localVersions.get(slug);
  if (local && local.until > Date.now()) return local;
  const cached = await sharedCache()?.match(versionKey(slug));
  if (cached) {
    const entry = (await cached.json()) as { workspaceId: string; version: number };
    remember(slug, entry.workspaceId, entry.version);
    return entry;
  }
  const [row] = await db
    .select({ workspaceId: workspaces.id, version: workspaces.landingVersion })
    .from(workspaces)
    .where(eq(workspaces.slug, slug));
  if (!row) return null;
  remember(slug, row.workspaceId, row.version);
  await putJson(versionKey(slug), row, VERSION_TTL_S);
  return row;
}

/** Pages whose render is still going change on their own; only settled pages are cached. */
function settled(lead: LandingLead): boolean {
  return lead.artifacts !== null || lead.latestState === "failed" || lead.latestState === "cancelled";
}

/**
 * The landing page data for a workspace slug and lead slug, from the cache when it holds the current
 * version, else from the database (and then cached). Null when either slug is unknown.
 */
export async function cachedLandingLead(
  db: Db,
  workspaceSlug: string,
  leadSlug: string,
): Promise<{ lead: LandingLead; from: "isolate" | "cache" | "database" } | null> {
  const version = await currentVersion(db, workspaceSlug);
  if (!version) return null;
  const key = pageKey(workspaceSlug, version.version, leadSlug);
  const local = localPages.get(key);
  if (local) return { lead: local, from: "isolate" };
  const cached = await sharedCache()?.match(key);
  if (cached) {
    const lead = (await cached.json()) as LandingLead;
    keepLocally(key, lead);
    return { lead, from: "cache" };
  }
  const lead = await findLandingLead(db, workspaceSlug, leadSlug);
  if (!lead) return null;
  if (settled(lead)) {
    keepLocally(key, lead);
    await putJson(key, lead, PAGE_TTL_S);
  }
  return { lead, from: "database" };
}

function keepLocally(key: string, lead: LandingLead) {
  if (localPages.size >= LOCAL_PAGES_MAX) {
    const oldest = localPages.keys().next().value;
    if (oldest !== undefined) localPages.delete(oldest);
  }
  localPages.set(key, lead);
}

/**
 * Something a landing page of this workspace shows has changed: raise the version in the database and
 * publish it, so the next view (here, and in this location) reads fresh data.
 */
export async function landingChanged(db: Db, workspaceId: string): Promise<void> {
  const [row] = await db
    .update(workspaces)
    .set({ landingVersion: sql`${workspaces.landingVersion} + 1` })
    .where(eq(workspaces.id, workspaceId))
    .returning({ slug: workspaces.slug, version: workspaces.landingVersion });
  const previousSlug = slugOfWorkspace.get(workspaceId);
  if (previousSlug && previousSlug !== row?.slug) await forgetSlug(previousSlug);
  if (!row) {
    slugOfWorkspace.delete(workspaceId);
    return;
  }
  remember(row.slug, workspaceId, row.version);
  await putJson(versionKey(row.slug), { workspaceId, version: row.version }, VERSION_TTL_S);
}

/** A slug that no longer names the workspace (renamed or deleted) is looked up afresh next time. */
export async function forgetSlug(slug: string): Promise<void> {
  localVersions.delete(slug);
  await sharedCache()?.delete(versionKey(slug));
}
