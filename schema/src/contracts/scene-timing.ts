/**
 * How long a render's video lasts and when its actions run, from its scenes and its facecam: the render
 * node plans its frames with it, the edge reserves that length against the workspace's minutes when
 * queueing, and the dashboard previews it. One set of rules for all three.
 */
import type { SceneAction, VideoLength } from "./scene";

/** Shortest scene we will render when the facecam leaves no time for scenes without `seconds`. */
export const MIN_SCENE_SECONDS = 2;

/** How long a pointer action rests on its target when it gives no `seconds` of its own. */
export const ACTION_DWELL_SECONDS = { hover: 1.2, click: 0.9, highlight: 2 } as const;

export interface SceneTiming {
  seconds: number;
  frames: number;
  /**
   * Planned length over the length the scene asked for, set only when the scenes were fitted to the
   * facecam (`length: "facecam"`); the scene's actions' seconds are scaled by it too. Absent: 1.
   */
  scale?: number;
}

/** Seconds as whole frames, at least one. */
export function secondsToFrames(seconds: number, fps: number): number {
  return Math.max(1, Math.round(seconds * fps));
}

/**
 * Frames an action takes by the rules that do not depend on the page: its own `seconds`, else a pointer
 * action's default dwell; undefined for a scroll without `seconds` (its speed follows the distance).
 */
export function actionFrames(action: SceneAction, fps: number): number | undefined {
  if (action.seconds !== undefined) return secondsToFrames(action.seconds, fps);
  if (action.type === "scroll" || action.type === "wait") return undefined;
  return secondsToFrames(ACTION_DWELL_SECONDS[action.type], fps);
}

/** The scene's actions with their seconds scaled like the scene (a fitted video). */
export function scaleActions<A extends SceneAction>(actions: readonly A[], scale: number): A[] {
  if (scale === 1) return [...actions];
  return actions.map((a) => (a.seconds === undefined ? a : { ...a, seconds: a.seconds * scale }));
}

/**
 * A scene lasts its `seconds`; scenes without one share what is left of the facecam evenly. With
 * `length: "facecam"` the result is then scaled so the video lasts exactly as long as the facecam.
 * Lengths are whole frames so the scroll, the concat and the final duration agree exactly.
 */
export function planSceneDurations(
  scenes: readonly { seconds?: number | undefined }[],
  facecamSeconds: number,
  fps: number,
  length: VideoLength = "scenes",
): { scenes: SceneTiming[]; totalSeconds: number; warnings: string[] } {
  const warnings: string[] = [];
  const fixed = scenes.reduce((sum, s) => sum + (s.seconds ?? 0), 0);
  const open = scenes.filter((s) => s.seconds === undefined).length;
  let share = open > 0 ? (facecamSeconds - fixed) / open : 0;
  if (open > 0 && share < MIN_SCENE_SECONDS) {
    if (length === "scenes") {
      warnings.push(
        `The facecam (${facecamSeconds.toFixed(1)} s) leaves ${Math.max(0, facecamSeconds - fixed).toFixed(1)} s ` +
          `for ${open} scene(s) without seconds; each gets ${MIN_SCENE_SECONDS} s.`,
      );
    }
    share = MIN_SCENE_SECONDS;
  }
  const asked = scenes.map((s) => secondsToFrames(s.seconds ?? share, fps));
  const frames = length === "facecam" ? fitFrames(asked, secondsToFrames(facecamSeconds, fps)) : asked;
  const planned = frames.map((f, i): SceneTiming => {
    const scale = f / (asked[i] as number);
    return { frames: f, seconds: f / fps, ...(scale !== 1 ? { scale } : {}) };
  });
  const totalFrames = frames.reduce((sum, f) => sum + f, 0);
  const totalSeconds = totalFrames / fps;
  if (totalSeconds > facecamSeconds + 0.5) {
    warnings.push(
      `The scenes last ${totalSeconds.toFixed(1)} s but the facecam only ${facecamSeconds.toFixed(1)} s; ` +
        `its last frame stays in the bubble, silent, for the last ${(totalSeconds - facecamSeconds).toFixed(1)} s.`,
    );
  }
  return { scenes: planned, totalSeconds, warnings };
}

/** Frames shared out in proportion to `asked` so they add up to `total` (largest remainder, ≥ 1 each). */
function fitFrames(asked: readonly number[], total: number): number[] {
  const sum = asked.reduce((s, f) => s + f, 0);
  const target = Math.max(total, asked.length);
  const exact = asked.map((f) => (f * target) / sum);
  const frames = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = target - frames.reduce((s, f) => s + f, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const at = (order[k] as { i: number }).i;
    frames[at] = (frames[at] as number) + 1;
  }
  // Only when scenes were raised to one frame: take the excess back from the longest.
  for (; left < 0; left++) {
    const longest = frames.indexOf(Math.max(...frames));
    frames[longest] = (frames[longest] as number) - 1;
  }
  return frames;
}

/** One action of the preview: where the cursor goes and when. */
export interface PlannedAction {
  type: SceneAction["type"];
  /** The selector, "bottom"/"top", a distance ("+400 px"), or "" for a wait. */
  target: string;
  /** Video seconds at which the action starts. */
  at: number;
  /** Seconds it lasts; undefined when the page decides (a scroll's speed follows the distance). */
  seconds: number | undefined;
  /** True once an earlier action of the scene takes as long as the page needs: `at` is the earliest. */
  approximate: boolean;
  /** The scene ends before the action starts: the render leaves it out. */
  cut: boolean;
}

export interface PlannedScene {
  /** Video seconds at which the scene starts. */
  start: number;
  seconds: number;
  actions: PlannedAction[];
}

/**
 * When each scene starts and when each of its actions runs, before any page is seen: the scene lengths
 * the node uses and each action's own length. The node's motion adds what depends on the page (the
 * cursor's reach, scrolling a target into view, a first look at the page), so times are the earliest.
 */
export function planVideoTimeline(
  spec: {
    scenes: readonly { seconds?: number | undefined; actions: readonly SceneAction[] }[];
    output: { fps: number };
    length?: VideoLength | undefined;
  },
  facecamSeconds: number,
): { scenes: PlannedScene[]; totalSeconds: number; warnings: string[] } {
  const { fps } = spec.output;
  const plan = planSceneDurations(spec.scenes, facecamSeconds, fps, spec.length);
  let start = 0;
  const scenes = spec.scenes.map((scene, i) => {
    const timing = plan.scenes[i] as SceneTiming;
    let frame = 0;
    let approximate = false;
    const actions = scaleActions(scene.actions, timing.scale ?? 1).map((action): PlannedAction => {
      const frames = actionFrames(action, fps);
      const planned = {
        type: action.type,
        target: actionTarget(action),
        at: start + frame / fps,
        seconds: frames === undefined ? undefined : frames / fps,
        approximate,
        cut: frame >= timing.frames,
      };
      if (frames === undefined) approximate = true;
      frame += frames ?? 0;
      return planned;
    });
    const planned = { start, seconds: timing.seconds, actions };
    start += timing.seconds;
    return planned;
  });
  return { scenes, totalSeconds: plan.totalSeconds, warnings: plan.warnings };
}

function actionTarget(action: SceneAction): string {
  if ("selector" in action) return action.selector;
  if (action.type !== "scroll") return "";
  if (action.to !== undefined) return action.to;
  return `${(action.by ?? 0) >= 0 ? "+" : ""}${action.by ?? 0} px`;
}
