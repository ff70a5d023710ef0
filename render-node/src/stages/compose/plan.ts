import type { SceneCapture, SceneLayer } from "../../core/types";
import type { BubbleFrame } from "./bubble";
import { RIPPLE_FRAMES, type SceneMotion, viewportY } from "./motion";
import { type CursorSheet, cursorCell, drawHighlightSheet, HIGHLIGHT_CELLS } from "./sprites";

/** Off-frame position that makes an overlay draw nothing. */
export const HIDDEN = -10000;
/** Frames per step of a highlight's fade or draw-on. */
const HIGHLIGHT_STEP_FRAMES = 2;

/**
 * A gray picture the layer is seen through, placed at (x, y) in the layer's own px: fixed, or per
 * frame for a window that moves. It becomes the layer's alpha (white: opaque); outside it nothing of
 * the layer shows.
 */
export interface PlannedMask {
  file: string;
  width: number;
  height: number;
  x: number | Int32Array;
  y: number | Int32Array;
}

export interface PlannedLayer {
  file: string;
  mask?: PlannedMask;
  /** A motion loop: its frames play at `fps` from the scene's first frame (or from `startFrame` of it). */
  loop?: { files: readonly string[]; fps: number; startFrame?: number };
  /** Size as drawn; differs from the PNG when the page was captured at another width. */
  width: number;
  height: number;
  x: number;
  /** Viewport y: fixed, or per frame for layers that move with the page. */
  y: number | Int32Array;
}

export interface PlannedSheet {
  /** Name of the PNG the plan's caller writes. */
  name: string;
  png: Buffer;
  width: number;
  cellHeight: number;
  x: Int32Array;
  y: Int32Array;
  /** Cell shown per frame (top of the sheet = 0). */
  cell: Uint8Array;
}

export interface PlannedText {
  text: string;
  /** Scene seconds. */
  at: number;
  until: number;
  /** Frames of the scene before the plan's first (a part of the video: parts.ts). */
  skippedFrames?: number;
}

export interface PlannedScene {
  background: { file: string; width: number; height: number };
  frames: number;
  /** Scroll offset per frame in output px. */
  scrollY: Int32Array;
  /** Paint order: motion loops, page highlights, fixed/sticky layers, highlights inside fixed layers. */
  layers: Array<{ kind: "layer"; layer: PlannedLayer } | { kind: "sheet"; sheet: PlannedSheet }>;
  texts: PlannedText[];
}

export interface PlannedCursor {
  sheetFile: string;
  sheet: Omit<CursorSheet, "png">;
  /** Overlay position (top-left of a cell) per frame over the whole video. */
  x: Int32Array;
  y: Int32Array;
  cell: Uint8Array;
}

export interface ComposePlan {
  output: { width: number; height: number; fps: number };
  totalFrames: number;
  scenes: PlannedScene[];
  cursor: PlannedCursor;
  facecam: {
    file: string;
    maskFile: string;
    frame: BubbleFrame;
    hasAudio: boolean;
    seconds: number;
    /** Where in the clip this plan's first frame is (a part of the video: parts.ts). */
    startSeconds?: number;
  };
  fontFile?: string | undefined;
}

export interface SceneToPlan {
  capture: SceneCapture;
  frames: number;
  /** Motion in output px (document height and targets already scaled). */
  motion: SceneMotion;
  texts: PlannedText[];
}

/** Output px per CSS px of the capture: 1 unless the page was captured at another width. */
export function captureScale(capture: SceneCapture, outputWidth: number): number {
  return outputWidth / capture.background.width;
}

/** Per-frame positions of everything that moves with the page, from its capture and its motion. */
export function planScene(
  index: number,
  scene: SceneToPlan,
  output: { width: number; height: number },
): PlannedScene {
  const { capture, motion, frames } = scene;
  const k = captureScale(capture, output.width);
  const layers: PlannedScene["layers"] = [];
  capture.animatedLayers.forEach((layer) => {
    layers.push({ kind: "layer", layer: planLayer(layer, k, motion.scrollY) });
  });
  motion.highlights.forEach((h, j) => {
    if (!h.viewport)
      layers.push({ kind: "sheet", sheet: planHighlight(`highlight-${index}-${j}.png`, h, motion, output) });
  });
  capture.fixedLayers.forEach((layer) => {
    layers.push({ kind: "layer", layer: planLayer(layer, k, motion.scrollY) });
  });
  motion.highlights.forEach((h, j) => {
    if (h.viewport)
      layers.push({ kind: "sheet", sheet: planHighlight(`highlight-${index}-${j}.png`, h, motion, output) });
  });
  return {
    background: capture.background,
    frames,
    scrollY: motion.scrollY,
    layers,
    texts: scene.texts,
  };
}

function planLayer(layer: SceneLayer, k: number, scrollY: Int32Array): PlannedLayer {
  const s = (v: number) => Math.round(v * k);
  const base = {
    file: layer.file,
    ...(layer.frames && layer.frames.length > 1
      ? { loop: { files: layer.frames, fps: layer.fps ?? 30 } }
      : {}),
    width: s(layer.width),
    height: s(layer.height),
    x: s(layer.x),
  };
  if (layer.pageWindow) return planWindowedLayer(layer, layer.pageWindow, base, s, scrollY);
  if (layer.growth) return planGrowingLayer(layer, layer.growth, base, s, scrollY);
  const range = layer.scrollRange;
  if (layer.mode === "viewport" && !range) return { ...base, y: s(layer.y) };
  const from = range?.from === undefined ? Number.NEGATIVE_INFINITY : s(range.from);
  const until = range?.until === undefined ? Number.POSITIVE_INFINITY : s(range.until);
  const y = new Int32Array(scrollY.length);
  for (let f = 0; f < scrollY.length; f++) {
    const scroll = scrollY[f] as number;
    const inPage = s(layer.y) - scroll;
    y[f] =
      scroll < from || scroll >= until
        ? HIDDEN
        : layer.mode === "viewport"
          ? s(layer.y)
          : layer.mode === "sticky" && layer.sticky
            ? Math.min(
                Math.max(inPage, s(layer.sticky.top)),
                s(layer.sticky.bottom) - s(layer.height) - scroll,
              )
            : inPage;
  }
  return { ...base, y };
}

/**
 * A viewport layer seen through a window that moves with the page; drawn only in the frames where the
 * window is on the screen.
 */
function planWindowedLayer(
  layer: SceneLayer,
  window: NonNullable<SceneLayer["pageWindow"]>,
  base: Omit<PlannedLayer, "y">,
  s: (v: number) => number,
  scrollY: Int32Array,
): PlannedLayer {
  const layerY = s(layer.y);
  const mask = { file: window.file, width: s(window.width), height: s(window.height) };
  const maskY = new Int32Array(scrollY.length);
  const y = new Int32Array(scrollY.length);
  for (let f = 0; f < scrollY.length; f++) {
    const top = s(window.y) - (scrollY[f] as number) - layerY;
    maskY[f] = top;
    y[f] = top < base.height && top + mask.height > 0 ? layerY : HIDDEN;
  }
  return { ...base, y, mask: { ...mask, x: s(window.x) - base.x, y: maskY } };
}

/** A layer drawn as long as it is at each frame's scroll offset, by a mask that slides along it. */
function planGrowingLayer(
  layer: SceneLayer,
  growth: NonNullable<SceneLayer["growth"]>,
  base: Omit<PlannedLayer, "y">,
  s: (v: number) => number,
  scrollY: Int32Array,
): PlannedLayer {
  const size = growth.axis === "x" ? base.width : base.height;
  const at = growth.at.map((p) => ({ scrollY: s(p.scrollY), length: s(p.length) }));
  const offsets = new Int32Array(scrollY.length);
  const y = new Int32Array(scrollY.length);
  for (let f = 0; f < scrollY.length; f++) {
    const length = Math.round(interpolate(at, scrollY[f] as number));
    offsets[f] = length - size;
    y[f] = length > 0 ? s(layer.y) : HIDDEN;
  }
  const mask = { file: growth.mask, width: base.width, height: base.height };
  return {
    ...base,
    y,
    mask: growth.axis === "x" ? { ...mask, x: offsets, y: 0 } : { ...mask, x: 0, y: offsets },
  };
}

/** The length at `scroll`, linear between the points around it, the end points' outside them. */
function interpolate(points: ReadonlyArray<{ scrollY: number; length: number }>, scroll: number): number {
  const after = points.findIndex((p) => p.scrollY >= scroll);
  if (after === 0) return points[0]?.length ?? 0;
  if (after < 0) return points.at(-1)?.length ?? 0;
  const a = points[after - 1] as { scrollY: number; length: number };
  const b = points[after] as { scrollY: number; length: number };
  return a.length + ((b.length - a.length) * (scroll - a.scrollY)) / (b.scrollY - a.scrollY || 1);
}

function planHighlight(
  name: string,
  highlight: SceneMotion["highlights"][number],
  motion: SceneMotion,
  output: { width: number; height: number },
): PlannedSheet {
  const rect = {
    ...highlight.rect,
    width: Math.min(highlight.rect.width, output.width),
    height: Math.min(highlight.rect.height, output.height),
  };
  const sheet = drawHighlightSheet(highlight.kind, rect, output.height);
  const frames = motion.frames;
  const x = new Int32Array(frames).fill(HIDDEN);
  const y = new Int32Array(frames).fill(HIDDEN);
  const cell = new Uint8Array(frames);
  for (let f = highlight.from; f < Math.min(highlight.to, frames); f++) {
    const top = highlight.viewport
      ? rect.y
      : viewportY(rect.y, motion.scrollY[f] as number, highlight.sticky);
    x[f] = rect.x + sheet.offsetX;
    y[f] = Math.round(top) + sheet.offsetY;
    const shown = Math.floor((f - highlight.from) / HIGHLIGHT_STEP_FRAMES);
    const left =
      highlight.kind === "box" ? Math.floor((highlight.to - 1 - f) / HIGHLIGHT_STEP_FRAMES) : shown;
    cell[f] = Math.min(HIGHLIGHT_CELLS - 1, shown, left);
  }
  return { name, png: sheet.png, width: sheet.width, cellHeight: sheet.cellHeight, x, y, cell };
}

/** The cursor over the whole video: position and picture (arrow, hand, click ripple) per frame. */
export function planCursor(
  motions: readonly SceneMotion[],
  sheet: Omit<CursorSheet, "png">,
  sheetFile: string,
): PlannedCursor {
  const total = motions.reduce((sum, m) => sum + m.frames, 0);
  const x = new Int32Array(total);
  const y = new Int32Array(total);
  const cell = new Uint8Array(total);
  let offset = 0;
  for (const motion of motions) {
    for (let f = 0; f < motion.frames; f++) {
      x[offset + f] = (motion.cursorX[f] as number) - sheet.hotspot;
      y[offset + f] = (motion.cursorY[f] as number) - sheet.hotspot;
      cell[offset + f] = cursorCell.look(motion.cursorLook[f] as number);
    }
    for (const click of motion.clicks) {
      for (let k = 0; k < RIPPLE_FRAMES && click.frame + k < motion.frames; k++) {
        cell[offset + click.frame + k] = cursorCell.ripple(k);
      }
    }
    offset += motion.frames;
  }
  return { sheetFile, sheet, x, y, cell };
}
