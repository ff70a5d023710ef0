import type { GateClient } from "../gate/client";
import type { Db } from "../lib/db";
import { type FleetMetrics, readFleetMetrics } from "./fleet-metrics";

export interface HealthThresholds {
  /** A claimable render waiting longer than this with no node alive makes the platform degraded. */
  maxQueueAgeSeconds: number;
  gateTimeoutMs: number;
  /** How recently a node must have been seen to count as alive (the lease TTL). */
  aliveWindowMs: number;
}

/**
 * What an uptime monitor reads: each check's verdict as a word, never a count, an age or a name (the
 * endpoint is public; the numbers are behind the metrics token).
 */
export interface DeepHealth {
  status: "ok" | "degraded";
  checks: {
    database: "ok" | "unreachable";
    gate: "ok" | "unreachable";
    /** `stalled`: a render has waited past the threshold while no node is alive. */
    queue: "ok" | "stalled" | "unknown";
    /** `none`: no node seen within the lease window (fine while nothing waits). */
    nodes: "ok" | "none" | "unknown";
  };
}

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function succeeds(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch {
    return false;
  }
}

export async function checkDeepHealth(
  deps: { db: Db; gate: GateClient },
  thresholds: HealthThresholds,
): Promise<DeepHealth & { problems: string[] }> {
  let metrics: FleetMetrics | null = null;
  const [databaseOk, gateOk] = await Promise.all([
    // The database check is the queue reading itself: one round of queries that must answer.
    succeeds(async () => {
      metrics = await readFleetMetrics(deps.db, thresholds.aliveWindowMs);
    }),
    succeeds(() => within(deps.gate.snapshot(), thresholds.gateTimeoutMs)),
  ]);
  const m = metrics as FleetMetrics | null;
  const stalled =
    m !== null && m.nodesAlive === 0 && m.oldestQueuedAgeSeconds > thresholds.maxQueueAgeSeconds;
  const checks: DeepHealth["checks"] = {
    database: databaseOk ? "ok" : "unreachable",
    gate: gateOk ? "ok" : "unreachable",
    queue: m === null ? "unknown" : stalled ? "stalled" : "ok",
    nodes: m === null ? "unknown" : m.nodesAlive > 0 ? "ok" : "none",
  };
  const problems = [
    ...(databaseOk ? [] : ["database unreachable"]),
    ...(gateOk ? [] : ["render gate unreachable"]),
    ...(stalled ? ["a render waits past the threshold and no render node is alive"] : []),
  ];
  return { status: problems.length === 0 ? "ok" : "degraded", checks, problems };
}
