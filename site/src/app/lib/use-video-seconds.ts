import { planSceneDurations } from "@loom-lite/schema";
import { useAsset } from "../api/queries";
import type { Campaign } from "../api/schema";

/**
 * How long each of the campaign's videos lasts, by the node's own timing rules (scene-timing.ts) and the
 * spec's length choice: what billing reserves per render. Null while the facecam's length is unknown and
 * it decides (scenes without seconds, or scenes fitted to the facecam).
 */
export function useVideoSeconds(campaign: Campaign | undefined): number | null {
  const facecam = useAsset(campaign?.spec.facecam);
  if (!campaign) return null;
  const { scenes, output, length } = campaign.spec;
  const durationMs = facecam.data?.durationMs;
  if (durationMs != null)
    return planSceneDurations(scenes, durationMs / 1000, output.fps, length).totalSeconds;
  const facecamDecides = length === "facecam" || scenes.some((s) => s.seconds === undefined);
  return facecamDecides ? null : planSceneDurations(scenes, 0, output.fps, length).totalSeconds;
}
