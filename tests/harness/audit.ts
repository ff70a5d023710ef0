import { auditRenderEvents, RENDER_EVENTS_SQL, type RenderEventRow } from "@loom-lite/testkit/render-audit";
import { query } from "./world";

/**
 * Every attempt as [claimed, finished] from the render_events log, and the most attempts that were
 * ever running at the same instant.
 */
export async function auditConcurrency(renderIds: string[]) {
  return auditRenderEvents(await query<RenderEventRow>(RENDER_EVENTS_SQL, [renderIds]));
}
