import { env, runInDurableObject, SELF } from "cloudflare:test";
import { SceneSpecSchema } from "@loom-lite/schema";
import { assets, campaigns, leads, renderEvents, renders, workspaces } from "@loom-lite/schema/db";
import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import { expect } from "vitest";
import { newId, unguessableToken } from "../../src/lib/ids";
import { mediaKeys } from "../../src/lib/media";
import { withDb } from "./db";
import { drainGate, globalGate } from "./gate";

export const ORIGIN = "http://localhost";
export const ADMIN_AUTH = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
export const RETRY_BASE_MS = Number(env.RETRY_BASE_MS);
/** The smallest JPEG a node uploads as a first frame (SOI, a JFIF marker, EOI). */
export const FIRST_FRAME_JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 4, 0xff, 0xd9]);
export const FACECAM_BYTES = new Uint8Array(Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256));

let sequence = 0;

/**
 * Seeded renders are due since 2001, so a claim takes them before anything another test file queues
 * (queued "now"), and in the order they were seeded.
 */
function longAgo(): Date {
  sequence += 1;
  return new Date(Date.UTC(2001, 0, 1) + sequence * 10);
}

export interface SeededCampaign {
  workspaceId: string;
  campaignId: string;
  assetId: string;
  leadIds: string[];
  renderIds: string[];
}

/**
 * A campaign with a facecam in R2, `leads` leads and one queued render per lead, written straight to
 * the database. `workspaceId` adds it to an existing workspace (a signed-up account's).
 */
export async function seedCampaign(
  opts: { leads?: number; renderConcurrency?: number; maxAttempts?: number; workspaceId?: string } = {},
): Promise<SeededCampaign> {
  const tag = unguessableToken(10).toLowerCase();
  const workspaceId = opts.workspaceId ?? `ws_t${tag}`;
  const assetId = newId("ast");
  const campaignId = newId("cmp");
  const spec = SceneSpecSchema.parse({ facecam: assetId, scenes: [{ url: "{{website}}", seconds: 2 }] });
  const storageKey = mediaKeys.asset(workspaceId, assetId);
  await env.MEDIA.put(storageKey, FACECAM_BYTES, { httpMetadata: { contentType: "video/mp4" } });

  return withDb(async (db) => {
    if (!opts.workspaceId) {
      await db.insert(workspaces).values({
        id: workspaceId,
        name: `Test ${tag}`,
        slug: `t-${tag}`,
        renderConcurrency: opts.renderConcurrency ?? 2,
      });
    } else if (opts.renderConcurrency !== undefined) {
      await db
        .update(workspaces)
        .set({ renderConcurrency: opts.renderConcurrency })
        .where(eq(workspaces.id, workspaceId));
    }
    await db.insert(assets).values({
      id: assetId,
      workspaceId,
      kind: "facecam",
      storageKey,
      contentType: "video/mp4",
      bytes: FACECAM_BYTES.byteLength,
    });
    await db.insert(campaigns).values({ id: campaignId, workspaceId, name: "Seeded", spec });
    const leadRows = Array.from({ length: opts.leads ?? 1 }, (_, i) => ({
      id: newId("ld"),
      workspaceId,
      campaignId,
      fields: { first_name: `Lead${i}`, website: `https://lead${i}.example.com` },
      slug: unguessableToken(),
    }));
    if (leadRows.length) await db.insert(leads).values(leadRows);
    const renderRows = leadRows.map((l) => ({
      id: newId("rnd"),
      workspaceId,
      campaignId,
      leadId: l.id,
      maxAttempts: opts.maxAttempts ?? 3,
      runAfter: longAgo(),
    }));
    if (renderRows.length) await db.insert(renders).values(renderRows);
    return {
      workspaceId,
      campaignId,
      assetId,
      leadIds: leadRows.map((l) => l.id),
      renderIds: renderRows.map((r) => r.id),
    };
  });
}

/** Ends every unfinished render of the given workspaces and empties the gate, so tests stay apart. */
export async function retire(workspaceIds: string[]): Promise<void> {
  if (workspaceIds.length > 0) {
    await withDb((db) =>
      db
        .update(renders)
        .set({ state: "cancelled", leaseExpiresAt: null })
        .where(
          and(
            inArray(renders.workspaceId, workspaceIds),
            notInArray(renders.state, ["done", "failed", "cancelled"]),
          ),
        ),
    );
  }
  await drainGate(globalGate());
}

export async function renderRow(id: string) {
  const row = await withDb(async (db) => (await db.select().from(renders).where(eq(renders.id, id)))[0]);
  if (!row) throw new Error(`render ${id} is not in the database`);
  return row;
}

export async function renderEventsOf(id: string) {
  return withDb((db) =>
    db
      .select()
      .from(renderEvents)
      .where(eq(renderEvents.renderId, id))
      .orderBy(asc(renderEvents.at), asc(renderEvents.id)),
  );
}

/**
 * Ends a render's lease now, as if its node had stopped heartbeating just now: the gate's permit and
 * the row's lease expire at the same past instant, which is returned.
 */
export async function expireLease(renderId: string): Promise<Date> {
  const { leaseId } = await renderRow(renderId);
  if (!leaseId) throw new Error(`render ${renderId} holds no lease`);
  const past = new Date(Date.now() - 5);
  await runInDurableObject(globalGate(), (_gate, state) => {
    state.storage.sql.exec("UPDATE permits SET expires_at = ? WHERE lease_id = ?", past.getTime(), leaseId);
  });
  await withDb((db) => db.update(renders).set({ leaseExpiresAt: past }).where(eq(renders.id, renderId)));
  return past;
}

/** Lets a render that waits out a retry backoff be claimed now (and before anything queued elsewhere). */
export async function makeDue(renderId: string): Promise<void> {
  await withDb((db) => db.update(renders).set({ runAfter: longAgo() }).where(eq(renders.id, renderId)));
}

export async function setWorkspaceCap(workspaceId: string, cap: number) {
  await withDb((db) =>
    db.update(workspaces).set({ renderConcurrency: cap }).where(eq(workspaces.id, workspaceId)),
  );
}

export async function adminCall(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  for (const [k, v] of Object.entries(ADMIN_AUTH)) if (!headers.has(k)) headers.set(k, v);
  if (json !== undefined) {
    headers.set("content-type", "application/json");
    rest.body = JSON.stringify(json);
  }
  return SELF.fetch(`${ORIGIN}${path}`, { ...rest, headers });
}

export async function setGlobalCap(globalRenderCap: number) {
  const res = await adminCall("/api/admin/settings", { method: "PUT", json: { globalRenderCap } });
  expect(res.status, `PUT /api/admin/settings answered ${await res.clone().text()}`).toBe(200);
}

export async function registerNode(
  name = `node-${unguessableToken(8)}`,
): Promise<{ id: string; token: string }> {
  const res = await adminCall("/api/admin/nodes", { method: "POST", json: { name, capacity: 2 } });
  const body = (await res.json()) as { id: string; token: string };
  expect(res.status, `POST /api/admin/nodes answered ${JSON.stringify(body)}`).toBe(201);
  return body;
}

export interface ClaimedJob {
  renderId: string;
  fence: number;
  leaseId: string;
  leaseExpiresAt: string;
  job: {
    renderId: string;
    workspaceId: string;
    campaignId: string;
    leadId: string;
    attempt: number;
    fields: Record<string, string>;
    facecamPath: string;
    spec: { facecam: string };
  };
}

/**
 * The node side of /nodes/v1, speaking raw HTTP to the Worker like a render node does; `send` reaches a
 * Worker with other variables (workerWith) instead of the suite's own.
 */
export function nodeClient(
  token: string,
  send: (url: string, init: RequestInit) => Promise<Response> = (url, init) => SELF.fetch(url, init),
) {
  const call = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    // An empty authorization header given by the caller means "send none".
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
    else if (headers.get("authorization") === "") headers.delete("authorization");
    if (json !== undefined) {
      headers.set("content-type", "application/json");
      rest.body = JSON.stringify(json);
    }
    return send(`${ORIGIN}${path}`, { ...rest, headers });
  };
  const post = (path: string, json: unknown) => call(path, { method: "POST", json });
  const render = (id: string) => `/nodes/v1/renders/${id}`;
  return {
    call,
    claim: (body: unknown = { freeSlots: 1, version: "test-1" }) => post("/nodes/v1/claim", body),
    heartbeat: (id: string, body: unknown) => post(`${render(id)}/heartbeat`, body),
    upload: (
      id: string,
      name: string,
      fence: number | null,
      bytes: Uint8Array,
      headers: Record<string, string> = {},
    ) =>
      call(`${render(id)}/artifacts/${name}`, {
        method: "PUT",
        headers: { ...(fence === null ? {} : { "x-lease-fence": String(fence) }), ...headers },
        body: bytes,
      }),
    complete: (id: string, body: unknown) => post(`${render(id)}/complete`, body),
    fail: (id: string, body: unknown) => post(`${render(id)}/fail`, body),

    /** Claims and expects a job. */
    async claimJob(): Promise<ClaimedJob> {
      const res = await post("/nodes/v1/claim", { freeSlots: 1, version: "test-1" });
      const body = (await res.json()) as {
        job: ClaimedJob["job"] | null;
        lease: { id: string; fence: number; expiresAt: string } | null;
      };
      expect(res.status, JSON.stringify(body)).toBe(200);
      if (!body.job || !body.lease)
        throw new Error(`expected a job, the claim answered ${JSON.stringify(body)}`);
      return {
        renderId: body.job.renderId,
        fence: body.lease.fence,
        leaseId: body.lease.id,
        leaseExpiresAt: body.lease.expiresAt,
        job: body.job,
      };
    },

    /** Claims and expects nothing. */
    async claimNothing(): Promise<void> {
      const res = await post("/nodes/v1/claim", { freeSlots: 1 });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body).toEqual({ job: null, lease: null });
    },
  };
}

export type NodeClient = ReturnType<typeof nodeClient>;

/** Uploads the two artifacts `complete` requires. */
export async function uploadRequired(
  node: NodeClient,
  claimed: ClaimedJob,
  video = new Uint8Array(50_000).fill(7),
) {
  for (const [name, bytes] of [
    ["video.mp4", video],
    ["poster.jpg", new Uint8Array(2_000).fill(9)],
  ] as const) {
    const res = await node.upload(claimed.renderId, name, claimed.fence, bytes);
    expect(res.status, `upload ${name}: ${await res.clone().text()}`).toBe(204);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
