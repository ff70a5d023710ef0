import type { ComposePlan, PlannedLayer, PlannedScene, PlannedSheet } from "./plan";

/** A part of the video, in output frames: `from` included, `to` not. */
export interface FrameRange {
  from: number;
  to: number;
}

/** Shorter parts are not worth a process of their own (and the first must hold the poster and GIF). */
const MIN_PART_SECONDS = 8;
/** A cut this close to a scene's start is moved onto it: then no scene is decoded by two parts. */
const SNAP_TO_SCENE = 0.25;

/**
 * Where to cut a video of `totalFrames` into at most `parts` pieces of about equal length, each at
 * least MIN_PART_SECONDS long. Cuts fall on keyframe-interval multiples (`gop`), so the joined video
 * keeps its regular keyframes, or on a scene boundary when one is near.
 */
export function splitFrames(input: {
  totalFrames: number;
  sceneFrames: readonly number[];
  fps: number;
  gop: number;
  parts: number;
}): FrameRange[] {
  const { totalFrames, fps, gop } = input;
  const count = Math.max(1, Math.min(input.parts, Math.floor(totalFrames / (MIN_PART_SECONDS * fps))));
  const starts: number[] = [];
  let at = 0;
  for (const frames of input.sceneFrames.slice(0, -1)) {
    at += frames;
    starts.push(at);
  }
  const cuts: number[] = [];
  const length = totalFrames / count;
  for (let k = 1; k < count; k++) {
    const ideal = k * length;
    const scene = starts.find((s) => Math.abs(s - ideal) <= SNAP_TO_SCENE * length);
    const cut = scene ?? Math.round(ideal / gop) * gop;
    const previous = cuts.at(-1) ?? 0;
    if (cut - previous >= MIN_PART_SECONDS * fps && totalFrames - cut >= MIN_PART_SECONDS * fps) {
      cuts.push(cut);
    }
  }
  return [0, ...cuts].map((from, k) => ({ from, to: cuts[k] ?? totalFrames }));
}

/**
 * The plan of frames `range` only: what moves is cut to the range, motion loops keep their phase, text
 * keeps its timing, and the facecam starts where the range does. Encoding every range's plan and
 * joining the results gives the frames the whole plan gives.
 */
export function slicePlan(plan: ComposePlan, range: FrameRange): ComposePlan {
  const { fps } = plan.output;
  const scenes: PlannedScene[] = [];
  let start = 0;
  for (const scene of plan.scenes) {
    const from = Math.max(range.from, start) - start;
    const to = Math.min(range.to, start + scene.frames) - start;
    if (to > from) scenes.push(sliceScene(scene, from, to, fps));
    start += scene.frames;
  }
  const { cursor } = plan;
  return {
    ...plan,
    totalFrames: range.to - range.from,
    scenes,
    cursor: {
      ...cursor,
      x: cursor.x.subarray(range.from, range.to),
      y: cursor.y.subarray(range.from, range.to),
      cell: cursor.cell.subarray(range.from, range.to),
    },
    facecam: { ...plan.facecam, startSeconds: (plan.facecam.startSeconds ?? 0) + range.from / fps },
  };
}

function sliceScene(scene: PlannedScene, from: number, to: number, fps: number): PlannedScene {
  return {
    background: scene.background,
    frames: to - from,
    scrollY: scene.scrollY.subarray(from, to),
    layers: scene.layers.map((entry) =>
      entry.kind === "layer"
        ? { kind: "layer", layer: sliceLayer(entry.layer, from, to) }
        : { kind: "sheet", sheet: sliceSheet(entry.sheet, from, to) },
    ),
    texts: scene.texts.flatMap((text) => {
      const skipped = (text.skippedFrames ?? 0) + from;
      const shown = text.until * fps > skipped && text.at * fps < skipped + (to - from);
      return shown ? [{ ...text, skippedFrames: skipped }] : [];
    }),
  };
}

function sliceLayer(layer: PlannedLayer, from: number, to: number): PlannedLayer {
  const slice = (v: number | Int32Array) => (typeof v === "number" ? v : v.subarray(from, to));
  return {
    ...layer,
    y: slice(layer.y),
    ...(layer.mask ? { mask: { ...layer.mask, x: slice(layer.mask.x), y: slice(layer.mask.y) } } : {}),
    ...(layer.loop ? { loop: { ...layer.loop, startFrame: (layer.loop.startFrame ?? 0) + from } } : {}),
  };
}

function sliceSheet(sheet: PlannedSheet, from: number, to: number): PlannedSheet {
  return {
    ...sheet,
    x: sheet.x.subarray(from, to),
    y: sheet.y.subarray(from, to),
    cell: sheet.cell.subarray(from, to),
  };
}
