import type { SceneAction } from "@loom-lite/schema";

export interface Point {
  x: number;
  y: number;
}

/** A rectangle in CSS px. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A sticky element holding a target: it scrolls with the page until its top reaches `top` (viewport
 * px), stays there, and leaves with its container whose bottom edge is `bottom` (document px).
 */
export interface StickyHolder {
  /** The sticky element's document y and height when the page is at the top. */
  y: number;
  height: number;
  top: number;
  bottom: number;
}

/**
 * Where an action's selector is: document px, or viewport px when it sits in a fixed layer
 * (`viewport`), or document px at scroll 0 inside a sticky element (`sticky`).
 */
export type MotionTarget = (Rect & { viewport?: true; sticky?: StickyHolder }) | null;

/** The viewport y of a document-y `y` at scroll offset `scrollY`, following a sticky holder if any. */
export function viewportY(y: number, scrollY: number, sticky?: StickyHolder): number {
  if (!sticky) return y - scrollY;
  const holder = Math.min(Math.max(sticky.y - scrollY, sticky.top), sticky.bottom - sticky.height - scrollY);
  return holder + (y - sticky.y);
}

export interface SceneMotionInput {
  /** Length of the scene in frames. */
  frames: number;
  fps: number;
  viewport: { width: number; height: number };
  /** Height of the scene's background (the scrollable document). */
  documentHeight: number;
  /** The scene's actions with merge fields already filled into selectors. */
  actions: readonly SceneAction[];
  /** Boxes of the actions' selectors, keyed by the filled selector. */
  targets: Readonly<Record<string, MotionTarget>>;
  seed: number;
  /** Where the cursor is when the scene starts (the previous scene's end); random when absent. */
  cursorStart?: Point;
  /** Viewport px covered at the top by a fixed header: a target scrolled to lands below it. */
  topInset?: number;
  /** Viewport areas the idle cursor keeps out of (the facecam bubble). */
  avoid?: readonly Rect[];
}

/** A target emphasized for a while: `box` around it for a highlight, `underline` under it on hover. */
export interface Highlight {
  kind: "box" | "underline";
  rect: Rect;
  /** True when `rect` is in viewport px (inside a fixed layer) and does not move with the scroll. */
  viewport: boolean;
  /** Set when the target rides in a sticky element: its viewport y follows `viewportY`. */
  sticky?: StickyHolder;
  /** First frame shown, and the frame after the last. */
  from: number;
  to: number;
}

export interface Click {
  frame: number;
  /** Viewport px of the cursor's hotspot. */
  x: number;
  y: number;
}

/** Per-frame motion of one scene at the output frame rate. */
export interface SceneMotion {
  frames: number;
  /** Document px at the top of the viewport, per frame. */
  scrollY: Int32Array;
  /** The cursor's hotspot in viewport px, per frame. */
  cursorX: Int32Array;
  cursorY: Int32Array;
  /** The cursor drawn in each frame: 0 the arrow, 1 the hand. */
  cursorLook: Uint8Array;
  clicks: Click[];
  highlights: Highlight[];
  /** Frame ranges [from, to) in which the page glides (for smoothness checks). */
  scrolling: Array<[number, number]>;
  warnings: string[];
}
