import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export const JOB_OUTCOMES = ["done", "failed", "cancelled"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

export interface NodeMetrics {
  registry: Registry;
  jobs: Counter<"outcome">;
  stageSeconds: Histogram<"stage">;
  slotsBusy: Gauge;
}

/** A registry per node, so several nodes in one process (tests) keep separate numbers. */
export function createMetrics(options: { slots: number; freeBytes: () => Promise<number> }): NodeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "loom_render_node_" });
  const jobs = new Counter({
    name: "loom_render_jobs_total",
    help: "Renders this node finished, by outcome.",
    labelNames: ["outcome"],
    registers: [registry],
  });
  for (const outcome of JOB_OUTCOMES) jobs.inc({ outcome }, 0);
  const stageSeconds = new Histogram({
    name: "loom_render_stage_duration_seconds",
    help: "Time spent in each pipeline stage.",
    labelNames: ["stage"],
    buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const slotsBusy = new Gauge({
    name: "loom_render_slots_busy",
    help: "Slots running a render right now.",
    registers: [registry],
  });
  new Gauge({
    name: "loom_render_slots_total",
    help: "Slots this node offers.",
    registers: [registry],
  }).set(options.slots);
  new Gauge({
    name: "loom_render_disk_free_bytes",
    help: "Free bytes on the file system of the work folder.",
    registers: [registry],
    async collect() {
      this.set(await options.freeBytes().catch(() => 0));
    },
  });
  return { registry, jobs, stageSeconds, slotsBusy };
}
