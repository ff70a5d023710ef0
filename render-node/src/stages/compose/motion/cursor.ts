import { type Easing, reachEasing, settleEasing } from "./easing";
import type { Random } from "./random";
import type { Point, Rect } from "./types";

/** Fastest the cursor may travel, px/s at its peak (a brisk flick of the wrist on a 720p screen). */
export const MAX_CURSOR_PX_PER_SECOND = 2700;
/** Fitts's law, MT = a + b·log2(D/W + 1): seconds for the reaction-free part and per bit of difficulty. */
const FITTS_A = 0.16;
const FITTS_B = 0.1;

export interface CursorMove {
  path: (progress: number) => Point;
  frames: number;
  ease: Easing;
}

interface Bounds {
  width: number;
  height: number;
}

/**
 * A reach from `from` to `to` the way a hand does it: a curved path whose duration grows with the
 * distance and shrinks with the target's size (Fitts's law), a slight overshoot past the target, then a
 * short correction back onto it.
 */
export function planReach(
  from: Point,
  to: Point,
  targetSize: number,
  fps: number,
  bounds: Bounds,
  random: Random,
): CursorMove[] {
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  if (distance < 1) return [];
  const seconds =
    (FITTS_A + FITTS_B * Math.log2(distance / Math.max(4, targetSize) + 1)) * random.between(0.9, 1.15);
  const direction = { x: (to.x - from.x) / distance, y: (to.y - from.y) / distance };
  const normal = { x: -direction.y, y: direction.x };

  let end = to;
  const moves: CursorMove[] = [];
  const overshoots = distance >= 80 && random.chance(0.85);
  if (overshoots) {
    const past = clamp(distance * random.between(0.035, 0.07), 4, 24);
    const aside = past * random.between(-0.5, 0.5);
    end = clampPoint(
      { x: to.x + direction.x * past + normal.x * aside, y: to.y + direction.y * past + normal.y * aside },
      bounds,
    );
  }
  const ease = reachEasing(random);
  const path = arc(from, end, random, bounds);
  const cap = MAX_CURSOR_PX_PER_SECOND / fps;
  const frames = Math.max(
    5,
    Math.round(seconds * (overshoots ? 0.85 : 1) * fps),
    Math.ceil(peakStep(path, ease) / cap),
  );
  moves.push({ path, frames, ease });
  if (overshoots) {
    const back = end;
    moves.push({
      path: (u) => ({ x: back.x + (to.x - back.x) * u, y: back.y + (to.y - back.y) * u }),
      frames: Math.max(3, Math.round(random.between(0.12, 0.2) * fps)),
      ease: settleEasing(),
    });
  }
  return moves;
}

/**
 * A small idle move of a reader's hand resting on the mouse: a short, slow slide to a nearby point
 * that stays in the reading area and out of the `avoid` rectangles.
 */
export function planDrift(
  from: Point,
  fps: number,
  bounds: Bounds,
  avoid: readonly Rect[],
  random: Random,
): CursorMove | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const angle = random.between(0, 2 * Math.PI);
    const reach = random.between(20, 140);
    const to = {
      x: clamp(from.x + Math.cos(angle) * reach, bounds.width * 0.15, bounds.width * 0.88),
      y: clamp(from.y + Math.sin(angle) * reach, bounds.height * 0.15, bounds.height * 0.85),
    };
    if (avoid.some((r) => inside(to, r, 24))) continue;
    if (Math.hypot(to.x - from.x, to.y - from.y) < 8) continue;
    return {
      path: arc(from, to, random, bounds),
      frames: Math.round(random.between(0.5, 1.1) * fps),
      ease: settleEasing(),
    };
  }
  return undefined;
}

/** A point to aim at inside a target: near its middle, a little left of centre like a reader's aim. */
export function aimPoint(rect: Rect, random: Random): Point {
  const inset = (size: number) => Math.min(4, size / 2);
  return {
    x: clamp(
      rect.x + rect.width * random.between(0.3, 0.62),
      rect.x + inset(rect.width),
      rect.x + rect.width - inset(rect.width),
    ),
    y: clamp(
      rect.y + rect.height * random.between(0.38, 0.62),
      rect.y + inset(rect.height),
      rect.y + rect.height - inset(rect.height),
    ),
  };
}

/** A cubic Bézier from `a` to `b` bowed to one side, as a wrist pivoting draws it. */
function arc(a: Point, b: Point, random: Random, bounds: Bounds): (u: number) => Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  const nx = -dy / length;
  const ny = dx / length;
  const bend = length * random.between(0.04, 0.18) * random.sign();
  const t1 = random.between(0.2, 0.35);
  const t2 = random.between(0.62, 0.8);
  const c1 = {
    x: a.x + dx * t1 + nx * bend * random.between(0.7, 1.2),
    y: a.y + dy * t1 + ny * bend * random.between(0.7, 1.2),
  };
  const c2 = {
    x: a.x + dx * t2 + nx * bend * random.between(0.4, 0.9),
    y: a.y + dy * t2 + ny * bend * random.between(0.4, 0.9),
  };
  return (u) => {
    const v = 1 - u;
    const w0 = v * v * v;
    const w1 = 3 * v * v * u;
    const w2 = 3 * v * u * u;
    const w3 = u * u * u;
    return clampPoint(
      { x: w0 * a.x + w1 * c1.x + w2 * c2.x + w3 * b.x, y: w0 * a.y + w1 * c1.y + w2 * c2.y + w3 * b.y },
      bounds,
    );
  };
}

/** The largest distance covered per unit of progress along an eased path (its peak speed × duration). */
function peakStep(path: (u: number) => Point, ease: Easing): number {
  const steps = 256;
  let peak = 0;
  let previous = path(ease(0));
  for (let i = 1; i <= steps; i++) {
    const point = path(ease(i / steps));
    peak = Math.max(peak, Math.hypot(point.x - previous.x, point.y - previous.y) * steps);
    previous = point;
  }
  return peak;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function clampPoint(point: Point, bounds: Bounds): Point {
  return { x: clamp(point.x, 1, bounds.width - 2), y: clamp(point.y, 1, bounds.height - 2) };
}

function inside(point: Point, rect: Rect, margin: number): boolean {
  return (
    point.x >= rect.x - margin &&
    point.x <= rect.x + rect.width + margin &&
    point.y >= rect.y - margin &&
    point.y <= rect.y + rect.height + margin
  );
}
