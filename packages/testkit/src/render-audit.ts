/** One row of `render_events`, as the audits read it. */
export interface RenderEventRow {
  render_id: string;
  kind: string;
  fence: number | null;
  at: Date;
}

const FINISHING = new Set(["done", "failed", "cancelled", "retry_scheduled", "lease_expired"]);

/** The query that gives `auditRenderEvents` its rows, in order. */
export const RENDER_EVENTS_SQL =
  "select render_id, kind, fence, at from render_events where render_id = any($1) order by at, id";

/**
 * Every attempt as [claimed, finished] from a render_events log, the most attempts that were ever
 * running at the same instant, and the attempts never finished.
 */
export function auditRenderEvents(events: readonly RenderEventRow[]) {
  const open = new Map<string, number>();
  const intervals: { renderId: string; fence: number | null; start: number; end: number }[] = [];
  for (const e of events) {
    const key = `${e.render_id}#${e.fence}`;
    if (e.kind === "claimed") open.set(key, e.at.getTime());
    else if (FINISHING.has(e.kind) && open.has(key)) {
      intervals.push({
        renderId: e.render_id,
        fence: e.fence,
        start: open.get(key) as number,
        end: e.at.getTime(),
      });
      open.delete(key);
    }
  }
  // Sweep: +1 at each start, -1 at each end; ends sort before starts at the same millisecond.
  const points = intervals.flatMap((i) => [
    { t: i.start, d: 1 },
    { t: i.end, d: -1 },
  ]);
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let running = 0;
  let maxRunning = 0;
  for (const p of points) {
    running += p.d;
    maxRunning = Math.max(maxRunning, running);
  }
  return { events, intervals, maxRunning, unfinished: [...open.keys()] };
}

/** How many `done` events each render has: exactly one per finished render, or it was announced twice. */
export function doneCounts(events: readonly RenderEventRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) if (e.kind === "done") counts.set(e.render_id, (counts.get(e.render_id) ?? 0) + 1);
  return counts;
}
