import { createRoute, z } from "@hono/zod-openapi";
import { JOB_KINDS } from "@loom-lite/schema";
import type { Context } from "hono";
import type { App, AppEnv } from "../context";
import { ErrorBodySchema } from "../errors";
import { requireMetricsToken } from "../middleware/metrics-auth";
import { prometheusText, readFleetMetrics } from "../services/fleet-metrics";

const tags = ["Metrics"];
const METRICS_SECURITY: Array<Record<string, string[]>> = [{ metricsToken: [] }];
const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBodySchema } },
});
const errors = {
  401: error("No metrics token, or a wrong one (the admin token is not accepted)"),
  404: error("METRICS_TOKEN is not set on this deployment"),
} as const;

const byKind = z
  .object(
    Object.fromEntries(JOB_KINDS.map((k) => [k, z.number().int()])) as Record<
      (typeof JOB_KINDS)[number],
      z.ZodNumber
    >,
  )
  .openapi({ description: "By job kind" });

const FleetMetricsSchema = z
  .object({
    queued: byKind,
    queuedTotal: z.number().int(),
    running: byKind,
    runningTotal: z.number().int(),
    oldestQueuedAgeSeconds: z.number().int().openapi({
      description: "Seconds the longest-waiting claimable render has waited; 0 when none waits",
    }),
    nodesAlive: z.number().int().openapi({ description: "Render nodes seen within the lease window" }),
  })
  .openapi("FleetMetrics");

const description =
  "Aggregate counts of the render queue for autoscalers (scale the render fleet on queued and the " +
  "oldest queued age); no workspace, lead or URL appears. Only `Authorization: Bearer <METRICS_TOKEN>` " +
  "opens it: neither the admin token nor a session does, and the token opens nothing else.";

const prometheusRoute = createRoute({
  method: "get",
  path: "/api/metrics",
  operationId: "metrics.prometheus",
  tags,
  summary: "The render queue's metrics in the Prometheus text exposition format (0.0.4)",
  description,
  security: METRICS_SECURITY,
  middleware: requireMetricsToken,
  responses: {
    200: {
      description: "Gauges with HELP and TYPE lines",
      content: { "text/plain": { schema: z.string() } },
    },
    ...errors,
  },
});

const jsonRoute = createRoute({
  method: "get",
  path: "/api/metrics.json",
  operationId: "metrics.json",
  tags,
  summary: "The render queue's metrics as JSON (the same numbers as the Prometheus text)",
  description,
  security: METRICS_SECURITY,
  middleware: requireMetricsToken,
  responses: {
    200: { description: "Metrics", content: { "application/json": { schema: FleetMetricsSchema } } },
    ...errors,
  },
});

const readNow = (c: Context<AppEnv>) => readFleetMetrics(c.get("db"), c.get("env").LEASE_TTL_MS);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export function registerMetrics(app: App) {
  app.openAPIRegistry.registerComponent("securitySchemes", "metricsToken", {
    type: "http",
    scheme: "bearer",
    description: "The platform's METRICS_TOKEN (read-only queue metrics)",
  });

  app.openapi(prometheusRoute, async (c) => {
    const text = prometheusText(await readNow(c));
    return c.text(text, 200, { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" });
  });

  app.openapi(jsonRoute, async (c) => {
    const m = await readNow(c);
    c.header("cache-control", "no-store");
    return c.json({ ...m, queuedTotal: sum(m.queued), runningTotal: sum(m.running) }, 200);
  });
}
