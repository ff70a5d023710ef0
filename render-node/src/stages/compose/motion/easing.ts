import bezier from "bezier-easing";
import type { Random } from "./random";

export type Easing = (progress: number) => number;

/**
 * A scroll glide: a quick push, then a long glide out that still moves about 1 px per frame at its
 * end, as a wheel's momentum does. Ending at exactly zero speed would leave the last frames of every
 * glide identical, which reads as a stutter.
 */
export function glideEasing(random: Random): Easing {
  return bezier(random.between(0.3, 0.4), 0.1, random.between(0.3, 0.4), 0.95);
}

/** A reach with the hand: fast start, long deceleration into the target. */
export function reachEasing(random: Random): Easing {
  return bezier(random.between(0.25, 0.38), random.between(0.05, 0.15), random.between(0.2, 0.32), 1);
}

/** A small corrective move (settling after an overshoot, an idle drift): gentle at both ends. */
export function settleEasing(): Easing {
  return bezier(0.42, 0, 0.58, 1);
}

/** The steepest slope of an easing, i.e. peak speed ÷ average speed of a move that uses it. */
export function peakSlope(ease: Easing): number {
  const steps = 512;
  let peak = 0;
  let previous = ease(0);
  for (let i = 1; i <= steps; i++) {
    const value = ease(i / steps);
    peak = Math.max(peak, (value - previous) * steps);
    previous = value;
  }
  return peak;
}
