import { planSceneDurations, type SceneSpec } from "@loom-lite/schema";
import { assets } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../lib/db";

/**
 * How long each video of the campaign will last, in milliseconds: the scenes planned against the
 * facecam exactly as the render node plans them (the spec's length choice included). A facecam whose length is unknown reserves `fallbackMs`
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
  // The facecam's length counts when scenes share it or when the scenes are fitted to it.
  const facecamDecides =
    spec.length === "facecam" || spec.scenes.some((scene) => scene.seconds === undefined);
  if (facecamMs == null && facecamDecides) return fallbackMs;
  const { totalSeconds } = planSceneDurations(
    spec.scenes,
    (facecamMs ?? 0) / 1000,
    spec.output.fps,
    spec.length,
  );
  return Math.ceil(totalSeconds * 1000);
}
