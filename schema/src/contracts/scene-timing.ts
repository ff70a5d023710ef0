/**
 * How long a render's video lasts, from its scenes and its facecam: the render node plans its frames with
 * it, and the edge reserves that length against the workspace's minutes when queueing.
 */

/** Shortest scene we will render when the facecam leaves no time for scenes without `seconds`. */
export const MIN_SCENE_SECONDS = 2;

export interface SceneTiming {
  seconds: number;
  frames: number;
}

/**
 * A scene lasts its `seconds`; scenes without one share what is left of the facecam evenly. Lengths are
 * rounded to whole frames so the scroll, the concat and the final duration agree exactly.
 */
export function planSceneDurations(
  scenes: readonly { seconds?: number | undefined }[],
  facecamSeconds: number,
  fps: number,
): { scenes: SceneTiming[]; totalSeconds: number; warnings: string[] } {
  const warnings: string[] = [];
  const fixed = scenes.reduce((sum, s) => sum + (s.seconds ?? 0), 0);
  const open = scenes.filter((s) => s.seconds === undefined).length;
  let share = open > 0 ? (facecamSeconds - fixed) / open : 0;
  if (open > 0 && share < MIN_SCENE_SECONDS) {
    warnings.push(
      `The facecam (${facecamSeconds.toFixed(1)} s) leaves ${Math.max(0, facecamSeconds - fixed).toFixed(1)} s ` +
        `for ${open} scene(s) without seconds; each gets ${MIN_SCENE_SECONDS} s.`,
    );
    share = MIN_SCENE_SECONDS;
  }
  const planned = scenes.map((s) => {
    const frames = Math.max(1, Math.round((s.seconds ?? share) * fps));
    return { frames, seconds: frames / fps };
  });
  const totalFrames = planned.reduce((sum, s) => sum + s.frames, 0);
  const totalSeconds = totalFrames / fps;
  if (totalSeconds > facecamSeconds + 0.5) {
    warnings.push(
      `The scenes last ${totalSeconds.toFixed(1)} s but the facecam only ${facecamSeconds.toFixed(1)} s; ` +
        "the bubble disappears and the audio is silent after the facecam ends.",
    );
  }
  return { scenes: planned, totalSeconds, warnings };
}
