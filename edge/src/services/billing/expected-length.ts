import { planSceneDurations, type SceneSpec } from "@loom-lite/schema";
import { assets } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../lib/db";

/**
 * How long each video of the campaign will last, in milliseconds: the scenes planned against the
 * facecam exactly as the render node plans them. A facecam whose length is unknown reserves `fallbackMs`
 * (the plan's longest video), so a render is never admitted for less than it may use.
 */
export async function expectedVideoMs(
  tx: Tx,
  workspaceId: string,
  spec: SceneSpec,
  fallbackMs: number,
): Promise<number> {
  const [facecam] = await tx
    .select({ durationMs: assets.durationMs })
    .from(assets)
    .where(and(eq(assets.id, spec.facecam), eq(assets.workspaceId, workspaceId)));
  const facecamMs = facecam?.durationMs;
  const openScenes = spec.scenes.some((scene) => scene.seconds === undefined);
  if (facecamMs == null && openScenes) return fallbackMs;
  const { totalSeconds } = planSceneDurations(spec.scenes, (facecamMs ?? 0) / 1000, spec.output.fps);
  return Math.ceil(totalSeconds * 1000);
}
