import { ACTIVE_RENDER_STATES, JOB_KINDS, type JobKind } from "@loom-lite/schema";
import { renderNodes, renders } from "@loom-lite/schema/db";
import { and, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../lib/db";

/**
 * The render queue as a fleet autoscaler sees it: aggregate counts only, never a workspace, lead or URL.
 * The Prometheus text and the JSON of GET /api/metrics are both written from this one reading.
 */
export interface FleetMetrics {
  /** Renders waiting for a node, by job kind (every kind listed, 0 when none). */
  queued: Record<JobKind, number>;
  /** Renders a node holds under a lease (claimed, capturing, composing, uploading), by job kind. */
  running: Record<JobKind, number>;
  /**
   * Seconds the longest-waiting claimable render has waited (since it was queued or its retry came due);
   * 0 when nothing is waiting. Renders still in a retry backoff are not waiting yet.
   */
  oldestQueuedAgeSeconds: number;
  /** Nodes (not revoked) whose last call reached the edge within the lease window. */
  nodesAlive: number;
}

const zeroByKind = (): Record<JobKind, number> =>
  Object.fromEntries(JOB_KINDS.map((k) => [k, 0])) as Record<JobKind, number>;

const isJobKind = (kind: string): kind is JobKind => (JOB_KINDS as readonly string[]).includes(kind);

/** `aliveWindowMs`: how recently a node must have been seen to count as alive (the lease TTL). */
export async function readFleetMetrics(db: Db, aliveWindowMs: number): Promise<FleetMetrics> {
  const now = new Date();
  const [byKind, [nodes]] = await Promise.all([
    db
      .select({
        kind: renders.kind,
        queued: sql<number>`count(*) filter (where ${renders.state} = 'queued')`.mapWith(Number),
        running: sql<number>`count(*) filter (where ${renders.state} <> 'queued')`.mapWith(Number),
        oldestWaitingSince: sql<string | null>`min(greatest(${renders.createdAt}, ${renders.runAfter}))
          filter (where ${renders.state} = 'queued' and ${renders.runAfter} <= ${now.toISOString()})`,
      })
      .from(renders)
      .where(inArray(renders.state, ["queued", ...ACTIVE_RENDER_STATES]))
      .groupBy(renders.kind),
    db
      .select({ alive: sql<number>`count(*)`.mapWith(Number) })
      .from(renderNodes)
      .where(
        and(
          isNull(renderNodes.revokedAt),
          gt(renderNodes.lastSeenAt, new Date(now.getTime() - aliveWindowMs)),
        ),
      ),
  ]);

  const metrics: FleetMetrics = {
    queued: zeroByKind(),
    running: zeroByKind(),
    oldestQueuedAgeSeconds: 0,
    nodesAlive: nodes?.alive ?? 0,
  };
  let oldest = Number.POSITIVE_INFINITY;
  for (const row of byKind) {
    if (!isJobKind(row.kind)) continue;
    metrics.queued[row.kind] = row.queued;
    metrics.running[row.kind] = row.running;
    if (row.oldestWaitingSince) oldest = Math.min(oldest, new Date(row.oldestWaitingSince).getTime());
  }
  if (Number.isFinite(oldest)) {
    metrics.oldestQueuedAgeSeconds = Math.max(0, Math.floor((now.getTime() - oldest) / 1000));
  }
  return metrics;
}

/** One metric of the Prometheus text exposition format (version 0.0.4). */
interface Family {
  name: string;
  help: string;
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

function formatFamily({ name, help, samples }: Family): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const { labels, value } of samples) {
    const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}="${v}"`);
    lines.push(`${name}${pairs.length ? `{${pairs.join(",")}}` : ""} ${value}`);
  }
  return lines.join("\n");
}

const perKind = (byKind: Record<JobKind, number>) =>
  JOB_KINDS.map((kind) => ({ labels: { kind }, value: byKind[kind] }));

/** The same numbers as the JSON, as Prometheus gauges; label values are job kinds (a fixed set). */
export function prometheusText(m: FleetMetrics): string {
  const families: Family[] = [
    {
      name: "loomlite_renders_queued",
      help: "Renders waiting for a render node, by job kind.",
      samples: perKind(m.queued),
    },
    {
      name: "loomlite_renders_running",
      help: "Renders a render node holds under a lease, by job kind.",
      samples: perKind(m.running),
    },
    {
      name: "loomlite_render_queue_oldest_age_seconds",
      help: "Seconds the longest-waiting claimable render has waited; 0 when none waits.",
      samples: [{ value: m.oldestQueuedAgeSeconds }],
    },
    {
      name: "loomlite_render_nodes_alive",
      help: "Render nodes seen within the lease window.",
      samples: [{ value: m.nodesAlive }],
    },
  ];
  return `${families.map(formatFamily).join("\n")}\n`;
}
