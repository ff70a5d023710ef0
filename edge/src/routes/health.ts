import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { App } from "../context";
import { rateLimit } from "../middleware/rate-limit";
import { checkDeepHealth } from "../services/deep-health";
import { rateLimitedResponse } from "./openapi-common";

const DeepHealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({
      database: z.enum(["ok", "unreachable"]),
      gate: z.enum(["ok", "unreachable"]),
      queue: z.enum(["ok", "stalled", "unknown"]),
      nodes: z.enum(["ok", "none", "unknown"]),
    }),
  })
  .openapi("DeepHealth");

const deepHealthRoute = createRoute({
  method: "get",
  path: "/api/health/deep",
  operationId: "health.deep",
  tags: ["Metrics"],
  summary: "For uptime monitors: the database, the render gate, the queue and the render nodes",
  description:
    "503 when the database or the render gate does not answer (the gate within HEALTH_GATE_TIMEOUT_MS), " +
    "or when a claimable render has waited longer than HEALTH_MAX_QUEUE_AGE_S while no render node was " +
    "seen within the lease window; 200 otherwise. Public on purpose, so any uptime monitor can call it: " +
    "it answers only a verdict per check, never a count, an age or a name; the numbers are behind the " +
    "metrics token (GET /api/metrics). Limited per client address (deep_health_ip, 60 a minute).",
  security: [],
  middleware: rateLimit("deep_health_ip"),
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: DeepHealthSchema } } },
    429: rateLimitedResponse,
    503: { description: "Degraded", content: { "application/json": { schema: DeepHealthSchema } } },
  },
});

export function registerHealth(app: App) {
  app.get("/api/health", async (c) => {
    const result = await c.get("db").execute(sql`select 1 as ok`);
    return c.json({ ok: result.rows[0]?.ok === 1 });
  });

  app.openapi(deepHealthRoute, async (c) => {
    const env = c.get("env");
    const { problems, ...health } = await checkDeepHealth(
      { db: c.get("db"), gate: c.get("gate") },
      {
        maxQueueAgeSeconds: env.HEALTH_MAX_QUEUE_AGE_S,
        gateTimeoutMs: env.HEALTH_GATE_TIMEOUT_MS,
        aliveWindowMs: env.LEASE_TTL_MS,
      },
    );
    c.header("cache-control", "no-store");
    if (health.status === "ok") return c.json(health, 200);
    c.get("log").warn("deep health degraded", { problems });
    return c.json(health, 503);
  });
}
