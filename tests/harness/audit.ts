import { query } from "./world";

interface EventRow {
  render_id: string;
  kind: string;
  fence: number | null;
  at: Date;
}

const FINISHING = new Set(["done", "failed", "cancelled", "retry_scheduled", "lease_expired"]);

/**
 * Every attempt as [claimed, finished] from the render_events log, and the most attempts that were
 * ever running at the same instant.
 */
export async function auditConcurrency(renderIds: string[]) {
  const events = await query<EventRow>(
    "select render_id, kind, fence, at from render_events where render_id = any($1) order by at, id",
    [renderIds],
  );
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
