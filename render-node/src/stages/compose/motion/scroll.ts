import { type Easing, glideEasing, peakSlope } from "./easing";
import type { Random } from "./random";

/** Fastest the page may move, in px/s at the peak of a glide; beyond this text smears into a blur. */
export const MAX_SCROLL_PX_PER_SECOND = 1000;
/** Average speed of an unhurried glide. */
const NATURAL_PX_PER_SECOND = 480;
const MIN_GLIDE_SECONDS = 0.4;
const MIN_PAUSE_SECONDS = 0.25;
/** Reading pauses longer than this are split by adding glides, so a slow scroll does not stall. */
const LONGEST_PAUSE_SECONDS = 3.5;

export type ScrollStep =
  | { kind: "glide"; to: number; frames: number; ease: Easing }
  | { kind: "pause"; frames: number };

export interface ScrollPlan {
  steps: ScrollStep[];
  /** Where the page ends up: `to`, unless the speed cap kept it from getting there in time. */
  reached: number;
}

interface Glide {
  distance: number;
  ease: Easing;
  min: number;
  natural: number;
}

/**
 * Splits a scroll from `from` to `to` into glides with reading pauses between them. With `budget`
 * (frames) the steps last exactly that long; the speed cap wins over reaching `to`, so a short budget
 * over a tall page stops early rather than whipping past the text.
 */
export function planScroll(
  from: number,
  to: number,
  budget: number | undefined,
  fps: number,
  viewportHeight: number,
  random: Random,
): ScrollPlan {
  const distance = Math.abs(to - from);
  if (distance < 1) return { steps: budget ? [{ kind: "pause", frames: budget }] : [], reached: from };
  if (budget !== undefined && budget < 1) return { steps: [], reached: from };
  const direction = Math.sign(to - from);
  const maxPerFrame = MAX_SCROLL_PX_PER_SECOND / fps;

  let count = Math.max(1, Math.round(distance / (0.72 * viewportHeight)));
  if (budget !== undefined) {
    const byTime = Math.round(budget / fps / LONGEST_PAUSE_SECONDS);
    count = Math.max(count, Math.min(byTime, Math.floor(distance / (0.3 * viewportHeight))));
  }
  const weights = Array.from({ length: count }, () => random.between(0.75, 1.25));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const glides: Glide[] = weights.map((w) => {
    const part = (distance * w) / weightSum;
    const ease = glideEasing(random);
    const min = Math.max(
      Math.ceil((peakSlope(ease) * part) / maxPerFrame),
      Math.round(MIN_GLIDE_SECONDS * fps),
    );
    return {
      distance: part,
      ease,
      min,
      natural: Math.max(min, Math.round((part / NATURAL_PX_PER_SECOND) * fps)),
    };
  });
  const pauses = Array.from({ length: count - 1 }, () => random.between(0.5, 1.3) * fps);

  const glideFrames = glides.map((g) => g.natural);
  let pauseFrames = [...pauses];
  let leadIn = 0;
  const naturalTotal = sum(glideFrames) + sum(pauseFrames);
  const total = budget ?? Math.round(naturalTotal);

  if (total >= naturalTotal) {
    // Spare time: glides slow down a little, the rest is spent reading.
    let extra = total - naturalTotal;
    const slower = Math.min(extra * (pauses.length > 0 ? 0.35 : 1), sum(glideFrames));
    for (let i = 0; i < glideFrames.length; i++) {
      glideFrames[i] =
        (glideFrames[i] as number) +
        (slower * (glides[i] as Glide).natural) / sum(glides.map((g) => g.natural));
    }
    extra -= slower;
    if (pauses.length > 0) pauseFrames = pauseFrames.map((p) => p + (extra * p) / sum(pauses));
    else leadIn = extra;
  } else {
    const minPause = MIN_PAUSE_SECONDS * fps;
    const pauseRoom = sum(pauseFrames) - minPause * pauseFrames.length;
    const glideRoom = sum(glideFrames) - sum(glides.map((g) => g.min));
    const over = naturalTotal - total;
    if (over <= pauseRoom + glideRoom) {
      const fromPauses = Math.min(over, pauseRoom);
      pauseFrames = pauseFrames.map((p) => p - (fromPauses * (p - minPause)) / (pauseRoom || 1));
      const fromGlides = over - fromPauses;
      for (let i = 0; i < glideFrames.length; i++) {
        const g = glides[i] as Glide;
        glideFrames[i] = (glideFrames[i] as number) - (fromGlides * (g.natural - g.min)) / (glideRoom || 1);
      }
    } else {
      return singleGlide(from, to, total, maxPerFrame, random);
    }
  }

  const rounded = roundToTotal([leadIn, ...interleave(glideFrames, pauseFrames)], total);
  if (glides.some((g, i) => (rounded[1 + 2 * i] as number) < g.min)) {
    return singleGlide(from, to, total, maxPerFrame, random);
  }
  const steps: ScrollStep[] = [];
  if ((rounded[0] as number) > 0) steps.push({ kind: "pause", frames: rounded[0] as number });
  let position = from;
  glides.forEach((glide, i) => {
    position += direction * glide.distance;
    const target = i === glides.length - 1 ? to : Math.round(position);
    steps.push({ kind: "glide", to: target, frames: rounded[1 + 2 * i] as number, ease: glide.ease });
    const pause = rounded[2 + 2 * i];
    if (pause !== undefined && pause > 0) steps.push({ kind: "pause", frames: pause });
  });
  return { steps, reached: to };
}

/** One glide over the whole budget, as far towards `to` as the speed cap allows. */
function singleGlide(
  from: number,
  to: number,
  frames: number,
  maxPerFrame: number,
  random: Random,
): ScrollPlan {
  const ease = glideEasing(random);
  const reachable = Math.min(Math.abs(to - from), Math.floor((frames * maxPerFrame) / peakSlope(ease)));
  const reached = from + Math.sign(to - from) * reachable;
  return { steps: [{ kind: "glide", to: reached, frames, ease }], reached };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function interleave(glides: readonly number[], pauses: readonly number[]): number[] {
  return glides.flatMap((g, i) => (i < pauses.length ? [g, pauses[i] as number] : [g]));
}

/** Whole frames that add up to `total` exactly (largest remainders get the spare frames). */
export function roundToTotal(values: readonly number[], total: number): number[] {
  const floors = values.map((v) => Math.floor(Math.max(0, v)));
  let missing = total - sum(floors);
  const order = values
    .map((v, i) => ({ i, remainder: Math.max(0, v) - (floors[i] as number) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) {
    const i = (order[k] as { i: number }).i;
    floors[i] = (floors[i] as number) + 1;
  }
  for (let i = floors.length - 1; missing < 0 && i >= 0; i--) {
    const take = Math.min(floors[i] as number, -missing);
    floors[i] = (floors[i] as number) - take;
    missing += take;
  }
  return floors;
}
