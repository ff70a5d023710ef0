import { createHash } from "node:crypto";
import { normalizeFieldName } from "@loom-lite/schema";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** A seeded source of the small random choices that make motion look human. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** -1 or 1. */
  sign(): number;
  chance(probability: number): boolean;
}

export function createRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  const next = () => uniformFloat64(rng);
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    sign: () => (next() < 0.5 ? -1 : 1),
    chance: (probability) => next() < probability,
  };
}

/**
 * The motion seed of one scene of one lead: the same lead renders the same motion every time, another
 * lead moves differently. Field names are normalized the way merge fields match them, and order does
 * not matter, so a re-imported CSV gives the same video.
 */
export function motionSeed(fields: Record<string, string>, sceneIndex: number): number {
  const entries = Object.entries(fields)
    .map(([key, value]) => [normalizeFieldName(key), value.trim()] as const)
    .filter(([, value]) => value !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash("sha256")
    .update(JSON.stringify({ fields: entries, scene: sceneIndex }))
    .digest();
  return digest.readInt32LE(0);
}
