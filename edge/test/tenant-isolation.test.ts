import * as tables from "@loom-lite/schema/db";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuthedFetch,
  anonymous,
  authed,
  signUp,
  type TestAccount,
  uniqueEmail,
} from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { FAKE_MP4, uploadAsset } from "./helpers/fixtures";
import { seedCampaign } from "./helpers/render-world";

/**
 * Every workspace-scoped endpoint of the OpenAPI document, walked from one table: without credentials it
 * answers 401, with another workspace's ids 404 (lists show none of its rows), and with malformed input
 * 400 naming the field — and after each, the victim workspace's rows are exactly as they were.
 */

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; tags?: string[] }>>;
}

/** The victim's ids, filled into path templates and bodies. */
interface World {
  workspaceId: string;
  campaignId: string;
  leadId: string;
  renderId: string;
  assetId: string;
  keyId: string;
  invitationId: string;
  invitationToken: string;
  webhookId: string;
  domainId: string;
  memberUserId: string;
  notificationId: string;
}

interface Row {
  /** `METHOD /path` exactly as in the OpenAPI document. */
  op: string;
  /** The path with the victim's ids in it (and a query string, when the endpoint needs one). */
  url: (w: World) => string;
  /** A valid body, so a 401 or 404 is not pre-empted by validation. */
  body?: (w: World) => unknown;
  /** Raw bytes instead of JSON (uploads). */
  bytes?: boolean;
  /** The body as form fields (application/x-www-form-urlencoded) instead of JSON. */
  form?: boolean;
  /**
   * What another workspace gets when it sends the victim's ids: 404 by default for paths with ids,
   * "leak" for lists (answered, but none of the victim's ids in the answer), null when the endpoint
   * acts on the caller's own account only.
   */
  otherWorkspace?: 404 | 403 | "leak" | null;
  /** Malformed input and the field the 400 must name; null when the endpoint takes no input. */
  malformed: { url?: (w: World) => string; body?: unknown; field: string } | null;
}

const LONG_ID = "x".repeat(65);
const enc = encodeURIComponent;
const leadCsv = "first_name,website\nEve,https://eve.example.com\n";

const ROWS: Row[] = [
  // ---- account ----
  { op: "GET /api/me", url: () => "/api/me", otherWorkspace: null, malformed: null },
  {
    op: "PATCH /api/me",
    url: () => "/api/me",
    body: () => ({ name: "Renamed" }),
    otherWorkspace: null,
    malformed: { body: { email: "not-an-email" }, field: "email" },
  },
  {
    op: "POST /api/me/password",
    url: () => "/api/me/password",
    body: () => ({ currentPassword: "whatever-it-is", newPassword: "a new long password" }),
    otherWorkspace: null,
    malformed: { body: { currentPassword: "x", newPassword: "short" }, field: "newPassword" },
  },
  {
    op: "DELETE /api/me",
    url: () => "/api/me",
    body: () => ({ confirm: "not-the-slug" }),
    otherWorkspace: null,
    malformed: { body: { confirm: 5 }, field: "confirm" },
  },
  { op: "GET /api/me/workspaces", url: () => "/api/me/workspaces", otherWorkspace: "leak", malformed: null },
  {
    op: "POST /api/me/workspaces/{id}/switch",
    url: (w) => `/api/me/workspaces/${w.workspaceId}/switch`,
    malformed: { url: () => `/api/me/workspaces/${LONG_ID}/switch`, field: "id" },
  },
  // ---- API keys ----
  {
    op: "POST /api/keys",
    url: () => "/api/keys",
    body: () => ({ name: "k" }),
    otherWorkspace: null,
    malformed: { body: { name: "" }, field: "name" },
  },
  { op: "GET /api/keys", url: () => "/api/keys", otherWorkspace: "leak", malformed: null },
  {
    op: "DELETE /api/keys/{id}",
    url: (w) => `/api/keys/${w.keyId}`,
    malformed: { url: () => `/api/keys/${LONG_ID}`, field: "id" },
  },
  // ---- workspace and team ----
  { op: "GET /api/workspace", url: () => "/api/workspace", otherWorkspace: "leak", malformed: null },
  {
    op: "PATCH /api/workspace",
    url: () => "/api/workspace",
    body: () => ({ name: "Renamed" }),
    otherWorkspace: null,
    malformed: { body: { name: "" }, field: "name" },
  },
  {
    op: "GET /api/workspace/members",
    url: () => "/api/workspace/members",
    otherWorkspace: "leak",
    malformed: null,
  },
  {
    op: "PATCH /api/workspace/members/{userId}",
    url: (w) => `/api/workspace/members/${w.memberUserId}`,
    body: () => ({ role: "member" }),
    malformed: { body: { role: "boss" }, field: "role" },
  },
  {
    op: "DELETE /api/workspace/members/{userId}",
    url: (w) => `/api/workspace/members/${w.memberUserId}`,
    malformed: { url: () => `/api/workspace/members/${LONG_ID}`, field: "userId" },
  },
  {
    op: "POST /api/workspace/invitations",
    url: () => "/api/workspace/invitations",
    body: () => ({ email: uniqueEmail("invitee") }),
    otherWorkspace: null,
    malformed: { body: { email: "nope" }, field: "email" },
  },
  {
    op: "GET /api/workspace/invitations",
    url: () => "/api/workspace/invitations",
    otherWorkspace: "leak",
    malformed: null,
  },
  {
    op: "DELETE /api/workspace/invitations/{id}",
    url: (w) => `/api/workspace/invitations/${w.invitationId}`,
    malformed: { url: () => `/api/workspace/invitations/${LONG_ID}`, field: "id" },
  },
  {
    // The link is meant for someone outside the workspace; anyone else signed in is refused.
    op: "POST /api/invitations/{token}/accept",
    url: (w) => `/api/invitations/${enc(w.invitationToken)}/accept`,
    otherWorkspace: 403,
    malformed: { url: () => "/api/invitations/short/accept", field: "token" },
  },
  // ---- assets ----
  {
    op: "POST /api/assets",
    url: () => "/api/assets?kind=facecam",
    bytes: true,
    otherWorkspace: null,
    malformed: { url: () => "/api/assets?kind=bogus", field: "kind" },
  },
  {
    op: "GET /api/assets",
    url: () => "/api/assets",
    otherWorkspace: "leak",
    malformed: { url: () => "/api/assets?kind=bogus", field: "kind" },
  },
  {
    op: "GET /api/assets/{id}",
    url: (w) => `/api/assets/${w.assetId}`,
    malformed: { url: () => `/api/assets/${LONG_ID}`, field: "id" },
  },
  {
    op: "GET /api/assets/{id}/content",
    url: (w) => `/api/assets/${w.assetId}/content`,
    malformed: { url: () => `/api/assets/${LONG_ID}/content`, field: "id" },
  },
  // ---- facecam library ----
  { op: "GET /api/facecams", url: () => "/api/facecams", otherWorkspace: "leak", malformed: null },
  {
    op: "PATCH /api/facecams/{id}",
    url: (w) => `/api/facecams/${w.assetId}`,
    body: () => ({ name: "Renamed by another workspace" }),
    malformed: { body: { name: "bad\u0000name" }, field: "name" },
  },
  {
    op: "DELETE /api/facecams/{id}",
    url: (w) => `/api/facecams/${w.assetId}`,
    malformed: { url: () => `/api/facecams/${LONG_ID}`, field: "id" },
  },
  // ---- campaigns ----
  {
    op: "POST /api/campaigns",
    url: () => "/api/campaigns",
    body: (w) => ({ name: "C", spec: { facecam: w.assetId, scenes: [{ url: "{{website}}" }] } }),
    otherWorkspace: null,
    malformed: { body: { name: 5, spec: { scenes: [] } }, field: "name" },
  },
  {
    op: "GET /api/campaigns",
    url: () => "/api/campaigns",
    otherWorkspace: "leak",
    malformed: { url: () => "/api/campaigns?limit=0", field: "limit" },
  },
  {
    op: "GET /api/campaigns/{id}",
    url: (w) => `/api/campaigns/${w.campaignId}`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}`, field: "id" },
  },
  {
    op: "PATCH /api/campaigns/{id}",
    url: (w) => `/api/campaigns/${w.campaignId}`,
    body: () => ({ name: "Taken over" }),
    malformed: { body: { status: "bogus" }, field: "status" },
  },
  {
    op: "POST /api/campaigns/{id}/duplicate",
    url: (w) => `/api/campaigns/${w.campaignId}/duplicate`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}/duplicate`, field: "id" },
  },
  {
    op: "POST /api/campaigns/{id}/landing-preview",
    url: (w) => `/api/campaigns/${w.campaignId}/landing-preview`,
    body: () => ({ headline: "Previewed", repName: "Sam" }),
    form: true,
    malformed: { body: { replyEmail: "not-an-address" }, field: "replyEmail" },
  },
  {
    op: "DELETE /api/campaigns/{id}",
    url: (w) => `/api/campaigns/${w.campaignId}`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}`, field: "id" },
  },
  {
    op: "POST /api/campaigns/example",
    url: () => "/api/campaigns/example",
    // It takes no id and acts on the caller's own workspace: another workspace gets an example of its own
    // (campaigns.test.ts proves it), so the 401 and the untouched victim are what is checked here.
    otherWorkspace: null,
    malformed: null,
  },
  {
    op: "POST /api/campaigns/bulk",
    url: () => "/api/campaigns/bulk",
    body: (w) => ({ action: "archive", ids: [w.campaignId] }),
    otherWorkspace: 404,
    malformed: { body: { action: "nuke", ids: ["cmp_x"] }, field: "action" },
  },
  // ---- leads ----
  {
    op: "POST /api/campaigns/{id}/leads",
    url: (w) => `/api/campaigns/${w.campaignId}/leads`,
    body: () => ({ leads: [{ fields: { website: "https://eve.example.com" } }] }),
    malformed: { body: { leads: "many" }, field: "leads" },
  },
  {
    op: "GET /api/campaigns/{id}/leads",
    url: (w) => `/api/campaigns/${w.campaignId}/leads`,
    malformed: { url: (w) => `/api/campaigns/${w.campaignId}/leads?state=bogus`, field: "state" },
  },
  {
    op: "POST /api/campaigns/{id}/leads/import",
    url: (w) => `/api/campaigns/${w.campaignId}/leads/import`,
    body: () => ({ csv: leadCsv }),
    malformed: { body: { csv: "" }, field: "csv" },
  },
  {
    op: "GET /api/campaigns/{id}/leads/export",
    url: (w) => `/api/campaigns/${w.campaignId}/leads/export`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}/leads/export`, field: "id" },
  },
  {
    op: "GET /api/leads/{id}",
    url: (w) => `/api/leads/${w.leadId}`,
    malformed: { url: () => `/api/leads/${LONG_ID}`, field: "id" },
  },
  {
    op: "PATCH /api/leads/{id}",
    url: (w) => `/api/leads/${w.leadId}`,
    body: () => ({ fields: { first_name: "Mallory" } }),
    malformed: { body: { fields: "x" }, field: "fields" },
  },
  {
    op: "DELETE /api/leads/{id}",
    url: (w) => `/api/leads/${w.leadId}`,
    malformed: { url: () => `/api/leads/${LONG_ID}`, field: "id" },
  },
  // ---- renders ----
  {
    op: "POST /api/campaigns/{id}/renders",
    url: (w) => `/api/campaigns/${w.campaignId}/renders`,
    body: () => ({}),
    malformed: { body: { only: "bogus" }, field: "only" },
  },
  {
    op: "POST /api/campaigns/{id}/renders/cancel",
    url: (w) => `/api/campaigns/${w.campaignId}/renders/cancel`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}/renders/cancel`, field: "id" },
  },
  {
    op: "GET /api/campaigns/{id}/progress",
    url: (w) => `/api/campaigns/${w.campaignId}/progress`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}/progress`, field: "id" },
  },
  {
    op: "GET /api/campaigns/{id}/renders",
    url: (w) => `/api/campaigns/${w.campaignId}/renders`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}/renders`, field: "id" },
  },
  // ---- site checks (the contact sheet) ----
  {
    op: "POST /api/campaigns/{id}/site-checks",
    url: (w) => `/api/campaigns/${w.campaignId}/site-checks`,
    body: (w) => ({ leadIds: [w.leadId] }),
    malformed: { body: { leadIds: "everyone" }, field: "leadIds" },
  },
  {
    op: "GET /api/campaigns/{id}/site-checks",
    url: (w) => `/api/campaigns/${w.campaignId}/site-checks`,
    malformed: { url: (w) => `/api/campaigns/${w.campaignId}/site-checks?limit=0`, field: "limit" },
  },
  {
    op: "GET /api/renders/{id}",
    url: (w) => `/api/renders/${w.renderId}`,
    malformed: { url: () => `/api/renders/${LONG_ID}`, field: "id" },
  },
  {
    op: "POST /api/renders/{id}/cancel",
    url: (w) => `/api/renders/${w.renderId}/cancel`,
    malformed: { url: () => `/api/renders/${LONG_ID}/cancel`, field: "id" },
  },
  {
    op: "GET /api/renders/{id}/artifacts/{name}",
    url: (w) => `/api/renders/${w.renderId}/artifacts/video.mp4`,
    malformed: { url: (w) => `/api/renders/${w.renderId}/artifacts/evil.exe`, field: "name" },
  },
  // ---- analytics ----
  {
    op: "GET /api/campaigns/{id}/funnel",
    url: (w) => `/api/campaigns/${w.campaignId}/funnel`,
    malformed: { url: () => `/api/campaigns/${LONG_ID}/funnel`, field: "id" },
  },
  {
    op: "GET /api/leads/{id}/timeline",
    url: (w) => `/api/leads/${w.leadId}/timeline`,
    malformed: { url: () => `/api/leads/${LONG_ID}/timeline`, field: "id" },
  },
  {
    op: "GET /api/leads/{id}/preview",
    url: (w) => `/api/leads/${w.leadId}/preview`,
    malformed: { url: () => `/api/leads/${LONG_ID}/preview`, field: "id" },
  },
  {
    op: "GET /api/analytics/watchers",
    url: () => "/api/analytics/watchers",
    otherWorkspace: "leak",
    malformed: { url: () => "/api/analytics/watchers?since=yesterday", field: "since" },
  },
  {
    op: "GET /api/analytics/daily",
    url: (w) => `/api/analytics/daily?campaignId=${w.campaignId}`,
    otherWorkspace: 404,
    malformed: { url: () => "/api/analytics/daily?days=0", field: "days" },
  },
  // ---- webhooks ----
  {
    op: "POST /api/webhooks",
    url: () => "/api/webhooks",
    body: () => ({ url: "https://hooks.example.com/in", events: ["render.completed"] }),
    otherWorkspace: null,
    malformed: { body: { url: "ftp://hooks.example.com", events: ["render.completed"] }, field: "url" },
  },
  { op: "GET /api/webhooks", url: () => "/api/webhooks", otherWorkspace: "leak", malformed: null },
  {
    op: "GET /api/webhooks/{id}",
    url: (w) => `/api/webhooks/${w.webhookId}`,
    malformed: { url: () => `/api/webhooks/${LONG_ID}`, field: "id" },
  },
  {
    op: "PATCH /api/webhooks/{id}",
    url: (w) => `/api/webhooks/${w.webhookId}`,
    body: () => ({ url: "https://attacker.example.com/in" }),
    malformed: { body: { url: "nope" }, field: "url" },
  },
  {
    op: "DELETE /api/webhooks/{id}",
    url: (w) => `/api/webhooks/${w.webhookId}`,
    malformed: { url: () => `/api/webhooks/${LONG_ID}`, field: "id" },
  },
  {
    op: "GET /api/webhooks/{id}/deliveries",
    url: (w) => `/api/webhooks/${w.webhookId}/deliveries`,
    malformed: { url: (w) => `/api/webhooks/${w.webhookId}/deliveries?limit=0`, field: "limit" },
  },
  {
    op: "POST /api/webhooks/{id}/test",
    url: (w) => `/api/webhooks/${w.webhookId}/test`,
    malformed: { url: () => `/api/webhooks/${LONG_ID}/test`, field: "id" },
  },
  // ---- custom domains ----
  {
    op: "POST /api/domains",
    url: () => "/api/domains",
    body: () => ({ hostname: "video.intruder-example.com" }),
    otherWorkspace: null,
    malformed: { body: { hostname: "not a host!" }, field: "hostname" },
  },
  { op: "GET /api/domains", url: () => "/api/domains", otherWorkspace: "leak", malformed: null },
  {
    op: "GET /api/domains/{id}",
    url: (w) => `/api/domains/${w.domainId}`,
    malformed: { url: () => `/api/domains/${LONG_ID}`, field: "id" },
  },
  {
    op: "POST /api/domains/{id}/check",
    url: (w) => `/api/domains/${w.domainId}/check`,
    malformed: { url: () => `/api/domains/${LONG_ID}/check`, field: "id" },
  },
  {
    op: "DELETE /api/domains/{id}",
    url: (w) => `/api/domains/${w.domainId}`,
    malformed: { url: () => `/api/domains/${LONG_ID}`, field: "id" },
  },
  // ---- billing ----
  { op: "GET /api/billing", url: () => "/api/billing", otherWorkspace: "leak", malformed: null },
  {
    op: "PATCH /api/billing",
    url: () => "/api/billing",
    body: () => ({ overageEnabled: true, spendingCapCents: 5_000 }),
    otherWorkspace: null,
    malformed: { body: { spendingCapCents: -1 }, field: "spendingCapCents" },
  },
  {
    op: "GET /api/billing/usage",
    url: () => "/api/billing/usage",
    otherWorkspace: "leak",
    malformed: { url: () => "/api/billing/usage?limit=0", field: "limit" },
  },
  // ---- billing: Stripe (the suite runs with billing off: past auth and input checks each answers 404) ----
  {
    op: "POST /api/billing/checkout",
    url: () => "/api/billing/checkout",
    body: () => ({ plan: "growth", interval: "monthly" }),
    // Acts on the caller's own workspace only: no id to point at another's.
    otherWorkspace: null,
    malformed: { body: { plan: "enterprise", interval: "monthly" }, field: "plan" },
  },
  { op: "POST /api/billing/portal", url: () => "/api/billing/portal", otherWorkspace: null, malformed: null },
  {
    op: "GET /api/billing/invoices",
    url: () => "/api/billing/invoices",
    otherWorkspace: null,
    malformed: null,
  },
  // ---- watch alerts (a member's own, in their current workspace) ----
  {
    op: "GET /api/notifications",
    url: () => "/api/notifications",
    otherWorkspace: "leak",
    malformed: { url: () => "/api/notifications?limit=0", field: "limit" },
  },
  {
    op: "POST /api/notifications/{id}/read",
    url: (w) => `/api/notifications/${w.notificationId}/read`,
    malformed: { url: () => `/api/notifications/${LONG_ID}/read`, field: "id" },
  },
  {
    op: "POST /api/notifications/read-all",
    url: () => "/api/notifications/read-all",
    otherWorkspace: null,
    malformed: null,
  },
  {
    op: "GET /api/notifications/preferences",
    url: () => "/api/notifications/preferences",
    otherWorkspace: "leak",
    malformed: null,
  },
  {
    op: "PATCH /api/notifications/preferences",
    url: () => "/api/notifications/preferences",
    body: () => ({ dailyDigest: true }),
    otherWorkspace: null,
    malformed: { body: { dailyDigest: "yes" }, field: "dailyDigest" },
  },
  // ---- email assets ----
  {
    op: "GET /api/leads/{id}/email-snippet",
    url: (w) => `/api/leads/${w.leadId}/email-snippet`,
    malformed: { url: () => `/api/leads/${LONG_ID}/email-snippet`, field: "id" },
  },
];

const docResponse = await anonymous("/api/openapi.json");
const doc = (await docResponse.json()) as OpenApiDoc;

/** Operations a session or API key may call: the workspace-scoped API (operators' routes excluded). */
const scopedOps = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([, op]) => op.security?.some((s) => "sessionCookie" in s) && !op.tags?.includes("Operators"))
    .map(([method]) => `${method.toUpperCase()} ${path}`),
);
const rowsInDocument = ROWS.filter((r) => scopedOps.includes(r.op));

function send(call: AuthedFetch, row: Row, url: string, body: unknown): Promise<Response> {
  const method = row.op.split(" ")[0] as string;
  if (row.bytes) {
    return call(url, { method, headers: { "content-type": "video/mp4" }, body: FAKE_MP4 });
  }
  if (row.form) {
    const fields = new URLSearchParams(body as Record<string, string>);
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    return call(url, { method, headers, body: fields });
  }
  return call(url, { method, json: method === "GET" || body === undefined ? undefined : body });
}

/** Everything of the victim's the API could change: its rows in every tenant table, and its user. */
async function snapshot(victim: TestAccount): Promise<string> {
  const ws = victim.workspaceId;
  return withDb(async (db) => {
    const byWorkspace = async (table: PgTable) =>
      (await db.execute(sql`select * from ${table} where workspace_id = ${ws} order by id`)).rows;
    const state = {
      workspace: await db.select().from(tables.workspaces).where(eq(tables.workspaces.id, ws)),
      memberships: await db
        .select()
        .from(tables.memberships)
        .where(eq(tables.memberships.workspaceId, ws))
        .orderBy(asc(tables.memberships.userId)),
      campaigns: await byWorkspace(tables.campaigns),
      leads: await byWorkspace(tables.leads),
      renders: await byWorkspace(tables.renders),
      assets: await byWorkspace(tables.assets),
      apiKeys: await byWorkspace(tables.apiKeys),
      invitations: await byWorkspace(tables.invitations),
      webhooks: await byWorkspace(tables.webhooks),
      domains: await byWorkspace(tables.customDomains),
      billing: await db
        .select()
        .from(tables.workspaceBilling)
        .where(eq(tables.workspaceBilling.workspaceId, ws)),
      usage: await byWorkspace(tables.usageLedger),
      notifications: await byWorkspace(tables.notifications),
      notificationPreferences: (
        await db.execute(
          sql`select * from ${tables.notificationPreferences} where workspace_id = ${ws} order by user_id`,
        )
      ).rows,
      user: await db.select().from(tables.user).where(eq(tables.user.id, victim.userId)),
      accounts: await db
        .select()
        .from(tables.account)
        .where(inArray(tables.account.userId, [victim.userId])),
    };
    return JSON.stringify(state);
  });
}

describe("tenant isolation and input checks on every workspace endpoint", () => {
  let victim: TestAccount;
  let intruder: TestAccount;
  let world: World;
  const victimIds = () => Object.values(world).filter((v) => v.length > 0 && v !== world.invitationToken);

  beforeAll(async () => {
    [victim, intruder] = await Promise.all([signUp("Victim"), signUp("Intruder")]);
    const call = authed(victim.cookie);
    const seeded = await seedCampaign({ workspaceId: victim.workspaceId, leads: 1 });
    // Far in the future, so no node of another suite claims it while this one runs.
    await withDb((db) =>
      db
        .update(tables.renders)
        .set({ runAfter: new Date(Date.now() + 86_400_000) })
        .where(eq(tables.renders.campaignId, seeded.campaignId)),
    );
    const asset = await uploadAsset(call);
    const keys = (await (await call("/api/keys")).json()) as { keys: Array<{ id: string }> };
    const invited = (await (
      await call("/api/workspace/invitations", { method: "POST", json: { email: uniqueEmail("invitee") } })
    ).json()) as { id: string; acceptUrl: string };
    let webhookId = "";
    if (scopedOps.includes("POST /api/webhooks")) {
      const hook = await call("/api/webhooks", {
        method: "POST",
        json: { url: "https://hooks.example.com/victim", events: ["render.completed"] },
      });
      webhookId = ((await hook.json()) as { id: string }).id;
    }
    let domainId = "";
    if (scopedOps.includes("POST /api/domains")) {
      const domain = await call("/api/domains", {
        method: "POST",
        json: { hostname: `victim-${Date.now().toString(36)}.customer-example.com` },
      });
      domainId = ((await domain.json()) as { id: string }).id;
    }
    // One watch alert of the victim's (as the landing beacon would raise it), for the feed's rows.
    const notificationId = await withDb(async (db) => {
      const [event] = await db
        .insert(tables.leadEvents)
        .values({
          workspaceId: victim.workspaceId,
          campaignId: seeded.campaignId,
          leadId: seeded.leadIds[0] as string,
          type: "view",
          visitId: "isolation",
          dedupeKey: "view:isolation",
        })
        .returning({ id: tables.leadEvents.id });
      const [alert] = await db
        .insert(tables.notifications)
        .values({
          workspaceId: victim.workspaceId,
          userId: victim.userId,
          campaignId: seeded.campaignId,
          leadId: seeded.leadIds[0] as string,
          kind: "opened",
          leadEventId: event?.id ?? 0,
        })
        .returning({ id: tables.notifications.id });
      return alert ? `ntf_${alert.id}` : "";
    });
    world = {
      workspaceId: victim.workspaceId,
      campaignId: seeded.campaignId,
      leadId: seeded.leadIds[0] as string,
      renderId: seeded.renderIds[0] as string,
      assetId: asset.id,
      keyId: keys.keys[0]?.id ?? "",
      invitationId: invited.id,
      invitationToken: invited.acceptUrl.split("#/invite/")[1] ?? "",
      webhookId,
      domainId,
      memberUserId: victim.userId,
      notificationId,
    };
    for (const [name, value] of Object.entries(world)) expect(value, `fixture ${name}`).not.toBe("");
  });

  it("has a row for every workspace-scoped operation in the OpenAPI document", () => {
    const covered = new Set(ROWS.map((r) => r.op));
    expect(scopedOps.filter((op) => !covered.has(op))).toEqual([]);
    expect(rowsInDocument.length).toBeGreaterThan(40);
  });

  it("leaves the Stripe webhook out of the table: Stripe calls it, not a tenant", async () => {
    // POST /api/stripe/webhook takes no session or API key: its credential is the signature made with
    // the endpoint's secret, and the workspace it changes is the one that owns the Stripe customer the
    // re-read subscription names (customer ids are recorded by the platform, never taken from a
    // tenant). Its own tests (bad signature, replays) are in billing-stripe.test.ts.
    expect(scopedOps).not.toContain("POST /api/stripe/webhook");
    expect(Object.keys(doc.paths)).toContain("/api/stripe/webhook");
    const before = await snapshot(victim);
    const res = await anonymous("/api/stripe/webhook", { method: "POST", json: { type: "x" } });
    expect(res.status).toBe(400);
    expect(await snapshot(victim)).toBe(before);
  });

  it("leaves the storefront's try-it out of the table, and its reads never reach a workspace's render", async () => {
    // The try-it operations are public (a visitor without an account): they create samples only in the
    // platform's own workspace and read only that workspace's samples, so a tenant's render id is 404
    // on each of them. Their own tests (SSRF, rate limit, cap) are in try-it.test.ts and attacks/.
    const tryOps = ["POST /api/try", "GET /api/try/{id}", "GET /api/try/{id}/{name}"];
    for (const op of tryOps) {
      const [method = "", path = ""] = op.split(" ");
      expect(Object.keys(doc.paths[path] ?? {}), op).toContain(method.toLowerCase());
      expect(scopedOps).not.toContain(op);
    }
    const before = await snapshot(victim);
    for (const path of [`/api/try/${world.renderId}`, `/api/try/${world.renderId}/video.mp4`]) {
      for (const call of [anonymous, authed(intruder.cookie), authed(victim.cookie)]) {
        const res = await call(path);
        expect(res.status, `${path}: ${await res.clone().text()}`).toBe(404);
      }
    }
    expect(await snapshot(victim)).toBe(before);
  });

  it.each(rowsInDocument.map((row) => [row.op, row] as const))("%s", async (_op, row) => {
    const before = await snapshot(victim);
    const url = row.url(world);
    const body = row.body?.(world);

    const anon = await send(anonymous, row, url, body);
    const anonBody = (await anon.json()) as { error?: { code: string } };
    expect(anon.status, `no credentials: ${JSON.stringify(anonBody)}`).toBe(401);
    expect(anonBody.error?.code).toBe("UNAUTHORIZED");

    const other = row.otherWorkspace === undefined ? 404 : row.otherWorkspace;
    if (other !== null) {
      const res = await send(authed(intruder.cookie), row, url, body);
      const text = await res.text();
      if (other === "leak") {
        expect(res.status, `another workspace's list: ${text.slice(0, 300)}`).toBe(200);
        for (const id of victimIds()) expect(text, `the victim's ${id} leaked`).not.toContain(id);
      } else {
        expect(res.status, `another workspace's ids: ${text.slice(0, 300)}`).toBe(other);
        expect(JSON.parse(text).error.code).toBe(other === 404 ? "NOT_FOUND" : "FORBIDDEN");
      }
    }

    if (row.malformed) {
      const bad = row.malformed;
      const res = await send(authed(victim.cookie), row, bad.url?.(world) ?? url, bad.body ?? body);
      const answer = (await res.json()) as { error?: { code: string; message: string } };
      expect(res.status, `malformed: ${JSON.stringify(answer)}`).toBe(400);
      expect(answer.error?.code).toBe("BAD_REQUEST");
      expect(answer.error?.message, "the 400 names the field").toContain(`${bad.field}:`);
    }

    expect(await snapshot(victim), "the victim's data changed").toBe(before);
  });
});
