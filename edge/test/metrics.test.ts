import { env, SELF } from "cloudflare:test";
import { renderNodes, renders, workspaces } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "./helpers/db";
import { ADMIN_AUTH, ORIGIN, registerNode, type SeededCampaign, seedCampaign } from "./helpers/render-world";
import { freshAddress, type WorkerFetch, workerWith } from "./helpers/worker-with";

/**
 * GET /api/metrics (Prometheus text) and /api/metrics.json behind METRICS_TOKEN, and the public
 * GET /api/health/deep. The file's database is its own copy, so the counts are exactly what it seeds.
 */

const METRICS_TOKEN = "test-metrics-token-9876543210";
const ADMIN_TOKEN = env.ADMIN_TOKEN as string;
const LEASE_TTL_MS = Number(env.LEASE_TTL_MS);
const withMetrics: WorkerFetch = workerWith({ METRICS_TOKEN });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface MetricsJson {
  queued: Record<string, number>;
  queuedTotal: number;
  running: Record<string, number>;
  runningTotal: number;
  oldestQueuedAgeSeconds: number;
  nodesAlive: number;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format 0.0.4, as far as gauges go: HELP and TYPE per family, then its samples. */
function parsePrometheus(text: string) {
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment as unknown as [string, string, string, string];
      (kind === "HELP" ? help : type).set(name, rest);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a line of the exposition format: ${JSON.stringify(line)}`);
    const [, name, labelText, value] = sample as unknown as [string, string, string | undefined, string];
    if (!help.has(name) || !type.has(name)) throw new Error(`${name} has a sample before its HELP and TYPE`);
    const labels: Record<string, string> = {};
    for (const pair of (labelText ?? "").split(",").filter(Boolean)) {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/.exec(pair);
      if (!m) throw new Error(`malformed label ${JSON.stringify(pair)} in ${JSON.stringify(line)}`);
      labels[m[1] as string] = m[2] as string;
    }
    const number = Number(value);
    if (!Number.isFinite(number)) throw new Error(`${name} has a value that is not a number: ${value}`);
    samples.push({ name, labels, value: number });
  }
  const one = (name: string, labels: Record<string, string> = {}) => {
    const found = samples.filter(
      (s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels),
    );
    expect(found, `${name}${JSON.stringify(labels)} in\n${text}`).toHaveLength(1);
    return (found[0] as Sample).value;
  };
  return { help, type, samples, one };
}

const ago = (ms: number) => new Date(Date.now() - ms);

let world: SeededCampaign;
let tenantStrings: string[];
let aliveNodeId: string;

beforeAll(async () => {
  // Six renders of one tenant, rearranged into every state the metrics distinguish.
  world = await seedCampaign({ leads: 6 });
  // The first two stay queued videos, due at once.
  const [, , inBackoff, oldPreflight, capturing, done] = world.renderIds as string[];
  if (!inBackoff || !oldPreflight || !capturing || !done)
    throw new Error("seedCampaign made too few renders");
  await withDb(async (db) => {
    const set = (id: string, values: Partial<typeof renders.$inferInsert>) =>
      db.update(renders).set(values).where(eq(renders.id, id));
    // Queued an hour ago but waiting out a retry backoff: queued, yet not waiting for a node.
    await set(inBackoff, { createdAt: ago(3_600_000), runAfter: new Date(Date.now() + 3_600_000) });
    // The longest-waiting claimable render: a preflight queued ten minutes ago.
    await set(oldPreflight, { kind: "preflight", createdAt: ago(600_000) });
    await set(capturing, { state: "capturing", leaseExpiresAt: new Date(Date.now() + 60_000) });
    await set(done, { state: "done", progress: 1 });
  });

  const alive = await registerNode();
  const stale = await registerNode();
  const revoked = await registerNode();
  aliveNodeId = alive.id;
  await withDb(async (db) => {
    const seen = (id: string, values: Partial<typeof renderNodes.$inferInsert>) =>
      db.update(renderNodes).set(values).where(eq(renderNodes.id, id));
    await seen(alive.id, { lastSeenAt: ago(1_000) });
    // Silent for longer than the lease window: not alive.
    await seen(stale.id, { lastSeenAt: ago(LEASE_TTL_MS + 5_000) });
    // Seen just now, but its token is revoked: it can no longer work.
    await seen(revoked.id, { lastSeenAt: ago(1_000), revokedAt: new Date() });
  });

  const [ws] = await withDb((db) => db.select().from(workspaces).where(eq(workspaces.id, world.workspaceId)));
  tenantStrings = [
    world.workspaceId,
    world.campaignId,
    ...world.leadIds,
    ...world.renderIds,
    ws?.name as string,
    ws?.slug as string,
    "lead0.example.com",
    "Lead0",
    alive.id,
  ];
});

describe("queue metrics", () => {
  it("count queued renders by kind, running renders, the oldest wait and the nodes alive, in JSON", async () => {
    const res = await withMetrics("/api/metrics.json", { headers: bearer(METRICS_TOKEN) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as MetricsJson;
    expect(body).toMatchObject({
      queued: { video: 3, preflight: 1, sample: 0 },
      queuedTotal: 4,
      running: { video: 1, preflight: 0, sample: 0 },
      runningTotal: 1,
      nodesAlive: 1,
    });
    // Ten minutes, from the preflight (the render in backoff, queued earlier, is not waiting yet).
    expect(body.oldestQueuedAgeSeconds).toBeGreaterThanOrEqual(600);
    expect(body.oldestQueuedAgeSeconds).toBeLessThan(660);
  });

  it("give the same numbers as Prometheus gauges with HELP and TYPE lines", async () => {
    const [textRes, jsonRes] = await Promise.all([
      withMetrics("/api/metrics", { headers: bearer(METRICS_TOKEN) }),
      withMetrics("/api/metrics.json", { headers: bearer(METRICS_TOKEN) }),
    ]);
    expect(textRes.status).toBe(200);
    expect(textRes.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await textRes.text();
    const json = (await jsonRes.json()) as MetricsJson;
    const parsed = parsePrometheus(text);
    for (const name of [
      "loomlite_renders_queued",
      "loomlite_renders_running",
      "loomlite_render_queue_oldest_age_seconds",
      "loomlite_render_nodes_alive",
    ]) {
      expect(parsed.type.get(name), name).toBe("gauge");
      expect(parsed.help.get(name), name).toMatch(/\w+/);
    }
    for (const kind of ["video", "preflight", "sample"]) {
      expect(parsed.one("loomlite_renders_queued", { kind })).toBe(json.queued[kind]);
      expect(parsed.one("loomlite_renders_running", { kind })).toBe(json.running[kind]);
    }
    expect(parsed.one("loomlite_render_nodes_alive")).toBe(1);
    const age = parsed.one("loomlite_render_queue_oldest_age_seconds");
    expect(Math.abs(age - json.oldestQueuedAgeSeconds)).toBeLessThanOrEqual(1);
  });

  it("show no tenant's ids, names, slugs or URLs in either format", async () => {
    const answers = await Promise.all(
      ["/api/metrics", "/api/metrics.json"].map(async (path) => {
        const res = await withMetrics(path, { headers: bearer(METRICS_TOKEN) });
        expect(res.status).toBe(200);
        return res.text();
      }),
    );
    expect(tenantStrings.every(Boolean)).toBe(true);
    for (const answer of answers) {
      for (const secret of tenantStrings) expect(answer).not.toContain(secret);
      expect(answer).not.toMatch(/ws_|cmp_|ld_|rnd_|nd_|https?:/);
    }
  });

  it.each([
    ["no credentials", "/api/metrics", {}],
    ["a wrong token", "/api/metrics", bearer("test-metrics-token-0000000000")],
    ["the admin token", "/api/metrics", bearer(ADMIN_TOKEN)],
    ["the admin token (JSON)", "/api/metrics.json", bearer(ADMIN_TOKEN)],
    ["the token in the query string", `/api/metrics?token=${METRICS_TOKEN}`, {}],
    ["the token as access_token", `/api/metrics.json?access_token=${METRICS_TOKEN}`, {}],
    ["the token under another scheme", "/api/metrics", { authorization: `Basic ${METRICS_TOKEN}` }],
  ])("refuse %s with 401 and no numbers", async (_, path, headers) => {
    const res = await withMetrics(path, { headers });
    expect(res.status).toBe(401);
    const text = await res.text();
    expect(text).not.toContain("loomlite_");
    expect(text).not.toContain("queued");
    expect(JSON.parse(text)).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });

  it("are not served (404) while METRICS_TOKEN is unset, whatever token is sent", async () => {
    for (const headers of [bearer(METRICS_TOKEN), bearer(ADMIN_TOKEN), {}]) {
      const res = await SELF.fetch(`${ORIGIN}/api/metrics.json`, { headers });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: { code: "NOT_FOUND", message: expect.stringContaining("METRICS_TOKEN") },
      });
    }
  });

  it("the metrics token opens no operator route, and changes nothing there", async () => {
    const before = await (await SELF.fetch(`${ORIGIN}/api/admin/settings`, { headers: ADMIN_AUTH })).json();
    const list = await withMetrics("/api/admin/nodes", { headers: bearer(METRICS_TOKEN) });
    expect(list.status).toBe(401);
    expect(await list.text()).not.toContain(aliveNodeId);
    const put = await withMetrics("/api/admin/settings", {
      method: "PUT",
      headers: bearer(METRICS_TOKEN),
      json: { globalRenderCap: 0 },
    });
    expect(put.status).toBe(401);
    const after = await (await SELF.fetch(`${ORIGIN}/api/admin/settings`, { headers: ADMIN_AUTH })).json();
    expect(after).toEqual(before);
  });

  it("refuse a deployment whose METRICS_TOKEN is its ADMIN_TOKEN, naming the variable", async () => {
    const res = await workerWith({ METRICS_TOKEN: ADMIN_TOKEN })("/api/metrics.json", {
      headers: bearer(ADMIN_TOKEN),
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("METRICS_TOKEN: must differ from ADMIN_TOKEN");
  });
});

describe("deep health", () => {
  interface Health {
    status: string;
    checks: Record<string, string>;
  }
  const deep = async (vars: Record<string, unknown> = {}) => {
    const res = await workerWith(vars)("/api/health/deep");
    const text = await res.text();
    // Public: a verdict per check, never a count or an age.
    expect(text).not.toMatch(/\d/);
    return { status: res.status, body: JSON.parse(text) as Health };
  };

  it("answers 200 while a node is alive, even with a render waiting past the threshold", async () => {
    const { status, body } = await deep({ HEALTH_MAX_QUEUE_AGE_S: "300" });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      checks: { database: "ok", gate: "ok", queue: "ok", nodes: "ok" },
    });
  });

  it("answers 503 when the oldest queued render is past the threshold and no node is alive, 200 below it", async () => {
    await withDb((db) =>
      db
        .update(renderNodes)
        .set({ lastSeenAt: ago(LEASE_TTL_MS + 5_000) })
        .where(eq(renderNodes.id, aliveNodeId)),
    );
    try {
      const stalled = await deep({ HEALTH_MAX_QUEUE_AGE_S: "300" });
      expect(stalled.status).toBe(503);
      expect(stalled.body).toEqual({
        status: "degraded",
        checks: { database: "ok", gate: "ok", queue: "stalled", nodes: "none" },
      });
      // The same queue under a threshold of an hour: no node, but nothing has waited too long yet.
      const patient = await deep({ HEALTH_MAX_QUEUE_AGE_S: "3600" });
      expect(patient.status).toBe(200);
      expect(patient.body.checks).toMatchObject({ queue: "ok", nodes: "none" });
    } finally {
      await withDb((db) =>
        db
          .update(renderNodes)
          .set({ lastSeenAt: ago(1_000) })
          .where(eq(renderNodes.id, aliveNodeId)),
      );
    }
  });

  it("answers 503 when the database does not answer", async () => {
    // Nothing listens on port 9 of the loopback address: the connection is refused at once.
    const { status, body } = await deep({ DATABASE_URL: "postgres://nobody:none@127.0.0.1:9/none" });
    expect(status).toBe(503);
    expect(body).toEqual({
      status: "degraded",
      checks: { database: "unreachable", gate: "ok", queue: "unknown", nodes: "unknown" },
    });
  });

  it("answers 503 when the render gate does not answer within HEALTH_GATE_TIMEOUT_MS", async () => {
    // A gate namespace whose object never answers, as an overloaded or unreachable Durable Object.
    const hangingGate = {
      idFromName: (name: string) => name,
      get: () => ({ snapshot: () => new Promise(() => {}) }),
    };
    const { status, body } = await deep({ RENDER_GATE: hangingGate, HEALTH_GATE_TIMEOUT_MS: "50" });
    expect(status).toBe(503);
    expect(body.checks).toMatchObject({ database: "ok", gate: "unreachable" });
  });

  it("is rate limited per client address (it is public and costs queries)", async () => {
    const limited = workerWith({ RATE_LIMITS: "deep_health_ip=1/1m" });
    const ip = freshAddress();
    expect((await limited("/api/health/deep", { ip })).status).toBe(200);
    const refused = await limited("/api/health/deep", { ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
  });

  it("leaves GET /api/health as it was", async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
