import { actionFrames, type SceneAction } from "@loom-lite/schema";
import { aimPoint, clamp, clampPoint, planDrift, planReach } from "./cursor";
import { settleEasing } from "./easing";
import { createRandom, type Random } from "./random";
import { MotionRecorder } from "./recorder";
import { planScroll } from "./scroll";
import {
  type Click,
  type Highlight,
  type MotionTarget,
  type Point,
  type Rect,
  type SceneMotion,
  type SceneMotionInput,
  viewportY,
} from "./types";

/** Frames a click's ripple ring takes to expand and fade; the cursor rests at least this long. */
export const RIPPLE_FRAMES = 15;

/** An action with its length in whole frames, as the timeline runs it. */
type Step =
  | {
      type: "scroll";
      to?: string | undefined;
      by?: number | undefined;
      frames?: number | undefined;
      /** The default read-through: stopping short of the bottom of a long page is expected, not news. */
      quiet?: true;
    }
  | { type: "hover" | "click" | "highlight"; selector: string; frames: number }
  | { type: "wait"; frames: number };

interface Streams {
  /** Choices made by actions (paths, glide splits); same in the measuring and the real run. */
  act: Random;
  /** Idle drift while waiting; its draws never shift the actions' timing. */
  idle: Random;
}

interface Performance {
  rec: MotionRecorder;
  spans: Array<[number, number]>;
  clicks: Click[];
  highlights: Highlight[];
  warnings: string[];
}

/**
 * The scene's motion at exactly `fps`: scroll offset, cursor position and look per frame, clicks and
 * highlights. Actions run one after another; time they leave over goes to a first look at the page
 * and to idle reading at the end. A scene without actions reads the top, then scrolls down with
 * reading pauses. The same input (seed included) always gives the same motion.
 */
export function buildSceneMotion(input: SceneMotionInput): SceneMotion {
  const { frames, fps, viewport } = input;
  const streams = (): Streams => ({
    act: createRandom(input.seed),
    idle: createRandom(input.seed ^ 0x5bd1e995),
  });
  const setup = createRandom(input.seed ^ 0x27d4eb2f);
  const cursorStart = clampPoint(
    input.cursorStart ?? {
      x: viewport.width * setup.between(0.55, 0.78),
      y: viewport.height * setup.between(0.3, 0.6),
    },
    viewport,
  );
  const steps =
    input.actions.length > 0 ? input.actions.map((a) => toStep(a, fps)) : defaultSteps(input, setup);

  const measured = perform(input, steps, streams(), cursorStart, 0);
  const spare = frames - measured.rec.frame;
  const lead = spare > 0 ? Math.min(spare, Math.round(setup.between(0.45, 0.9) * fps)) : 0;
  const run = perform(input, steps, streams(), cursorStart, lead);
  const { rec } = run;
  if (rec.frame < frames) idle(rec, frames - rec.frame, input, createRandom(input.seed ^ 0x165667b1));

  const warnings = [...run.warnings];
  const cut = run.spans.filter(([, to]) => to > frames).length;
  if (cut > 0) {
    warnings.push(
      `the actions need ${(measured.rec.frame / fps).toFixed(1)} s but the scene lasts ${(frames / fps).toFixed(1)} s; ` +
        `${cut} action(s) at the end were cut short or left out. Give the scene more seconds or fewer actions.`,
    );
  }
  return {
    frames,
    scrollY: Int32Array.from(rec.scroll.slice(0, frames)),
    cursorX: Int32Array.from(rec.cursorX.slice(0, frames)),
    cursorY: Int32Array.from(rec.cursorY.slice(0, frames)),
    cursorLook: Uint8Array.from(rec.look.slice(0, frames)),
    clicks: run.clicks.filter((c) => c.frame < frames),
    highlights: run.highlights
      .filter((h) => h.from < frames)
      .map((h) => ({ ...h, to: Math.min(h.to, frames) })),
    scrolling: rec.scrolling
      .filter(([from]) => from < frames)
      .map(([from, to]) => [from, Math.min(to, frames)] as [number, number]),
    warnings,
  };
}

/** Lengths come from the shared timing rules (scene-timing.ts), which the dashboard's preview also uses. */
function toStep(action: SceneAction, fps: number): Step {
  const frames = actionFrames(action, fps);
  switch (action.type) {
    case "scroll":
      return { type: "scroll", to: action.to, by: action.by, frames };
    case "wait":
      return { type: "wait", frames: frames ?? 0 };
    default:
      return { type: action.type, selector: action.selector, frames: frames ?? 1 };
  }
}

/** Read the top for a moment, scroll to the bottom with reading pauses, rest at the end. */
function defaultSteps(input: SceneMotionInput, random: Random): Step[] {
  const { frames, fps } = input;
  if (maxScroll(input) <= 0) return [{ type: "wait", frames }];
  const read = Math.min(Math.round(random.between(1.4, 2.4) * fps), Math.floor(frames * 0.22));
  const rest = Math.min(Math.round(random.between(0.8, 1.4) * fps), Math.floor(frames * 0.1));
  return [
    { type: "wait", frames: read },
    { type: "scroll", to: "bottom", frames: frames - read - rest, quiet: true },
  ];
}

function maxScroll(input: SceneMotionInput): number {
  return Math.max(0, input.documentHeight - input.viewport.height);
}

function perform(
  input: SceneMotionInput,
  steps: readonly Step[],
  streams: Streams,
  cursorStart: Point,
  lead: number,
): Performance {
  const rec = new MotionRecorder(0, cursorStart);
  const result: Performance = { rec, spans: [], clicks: [], highlights: [], warnings: [] };
  // The page appearing: the viewer looks before anything moves.
  rec.hold(lead);
  for (const step of steps) {
    const from = rec.frame;
    runStep(step, input, streams, result);
    result.spans.push([from, rec.frame]);
  }
  return result;
}

function runStep(step: Step, input: SceneMotionInput, streams: Streams, result: Performance): void {
  const { rec } = result;
  const { act } = streams;
  switch (step.type) {
    case "wait":
      idle(rec, step.frames, input, streams.idle);
      return;
    case "scroll": {
      const destination = scrollDestination(step, input, rec, act, result.warnings);
      if (destination === undefined) return;
      const plan = planScroll(rec.scrollY, destination, step.frames, input.fps, input.viewport.height, act);
      if (!step.quiet && Math.round(plan.reached) !== Math.round(destination)) {
        result.warnings.push(
          `scrolling ${Math.round(Math.abs(destination - rec.scrollY))} px in ${((step.frames ?? 0) / input.fps).toFixed(1)} s ` +
            `would be too fast to read; the page stops ${Math.round(Math.abs(destination - plan.reached))} px short.`,
        );
      }
      runScrollPlan(plan.steps, input, streams, rec);
      return;
    }
    default: {
      const target = input.targets[step.selector];
      if (!target) {
        result.warnings.push(
          `${step.type} "${step.selector}": no such element on the page; the action was skipped.`,
        );
        return;
      }
      const viewportTarget = target.viewport === true;
      if (!viewportTarget) bringIntoView(target, input, streams, rec);
      const rect: Rect = viewportTarget
        ? target
        : { ...target, y: viewportY(target.y, rec.scrollY, target.sticky) };
      pointAt(step, rect, target, viewportTarget, input, act, result);
    }
  }
}

function scrollDestination(
  step: Extract<Step, { type: "scroll" }>,
  input: SceneMotionInput,
  rec: MotionRecorder,
  random: Random,
  warnings: string[],
): number | undefined {
  const bottom = maxScroll(input);
  if (step.by !== undefined) return clamp(rec.scrollY + step.by, 0, bottom);
  if (step.to === undefined || step.to === "bottom") return bottom;
  if (step.to === "top") return 0;
  const target = input.targets[step.to];
  if (!target) {
    warnings.push(`scroll to "${step.to}": no such element on the page; the action was skipped.`);
    return undefined;
  }
  if (target.viewport) return rec.scrollY;
  return landingScroll(target, input, random);
}

/** Scroll offset that puts a target a little above the middle of the view, below any fixed header. */
function landingScroll(target: Rect, input: SceneMotionInput, random: Random): number {
  const offset = (input.topInset ?? 0) + input.viewport.height * random.between(0.2, 0.32);
  return clamp(Math.round(target.y - offset), 0, maxScroll(input));
}

function bringIntoView(
  target: NonNullable<MotionTarget>,
  input: SceneMotionInput,
  streams: Streams,
  rec: MotionRecorder,
): void {
  const y = viewportY(target.y, rec.scrollY, target.sticky);
  const top = (input.topInset ?? 0) + 10;
  const bottom = input.viewport.height - 10;
  if (y >= top && y + Math.min(target.height, input.viewport.height / 2) <= bottom) return;
  const destination = landingScroll(target, input, streams.act);
  if (Math.abs(destination - rec.scrollY) < 1) return;
  const plan = planScroll(rec.scrollY, destination, undefined, input.fps, input.viewport.height, streams.act);
  runScrollPlan(plan.steps, input, streams, rec);
  rec.hold(Math.round(streams.act.between(0.2, 0.4) * input.fps));
}

function runScrollPlan(
  steps: ReturnType<typeof planScroll>["steps"],
  input: SceneMotionInput,
  streams: Streams,
  rec: MotionRecorder,
): void {
  for (const step of steps) {
    if (step.kind === "glide") {
      // The hand is on the wheel: the cursor rests, and whatever it pointed at scrolls away.
      rec.pointerTarget = null;
      rec.glide(step.to, step.frames, step.ease);
    } else {
      idle(rec, step.frames, input, streams.idle);
    }
  }
}

/** Hover, click or highlight once the target is in view: reach it, then do the action's part. */
function pointAt(
  step: Extract<Step, { selector: string }>,
  rect: Rect,
  documentRect: NonNullable<MotionTarget>,
  viewportTarget: boolean,
  input: SceneMotionInput,
  random: Random,
  result: Performance,
): void {
  const { rec } = result;
  const { fps, viewport } = input;
  const dwell = step.frames;
  const mark = (kind: Highlight["kind"], frames: number) =>
    result.highlights.push({
      kind,
      rect: { x: documentRect.x, y: documentRect.y, width: documentRect.width, height: documentRect.height },
      viewport: viewportTarget,
      ...(documentRect.sticky ? { sticky: documentRect.sticky } : {}),
      from: rec.frame,
      to: rec.frame + frames,
    });

  if (step.type === "highlight") {
    rec.pointerTarget = null;
    const below = clampPoint(
      { x: rect.x + Math.min(rect.width * 0.08, 16), y: rect.y + rect.height + random.between(8, 16) },
      viewport,
    );
    reach(rec, below, rect.height, input, random);
    mark("box", dwell);
    const sweep = Math.round(dwell * 0.55);
    if (rect.width > 80 && sweep > 4) {
      const from = rec.cursor;
      const to = clampPoint({ x: rect.x + rect.width * random.between(0.55, 0.85), y: from.y }, viewport);
      const ease = settleEasing();
      rec.move((u) => ({ x: from.x + (to.x - from.x) * u, y: from.y + (to.y - from.y) * u }), sweep, ease);
      rec.hold(dwell - sweep);
    } else {
      rec.hold(dwell);
    }
    return;
  }

  rec.pointerTarget = rect;
  reach(rec, aimPoint(rect, random), Math.min(rect.width, rect.height), input, random);
  if (step.type === "hover") {
    mark("underline", dwell);
    rec.hold(dwell);
    return;
  }
  rec.hold(Math.round(random.between(0.1, 0.22) * fps));
  result.clicks.push({ frame: rec.frame, x: Math.round(rec.cursor.x), y: Math.round(rec.cursor.y) });
  rec.hold(Math.max(dwell, RIPPLE_FRAMES));
}

function reach(rec: MotionRecorder, to: Point, size: number, input: SceneMotionInput, random: Random): void {
  for (const move of planReach(rec.cursor, to, size, input.fps, input.viewport, random)) {
    rec.move(move.path, move.frames, move.ease);
  }
}

/** Waiting and reading: the cursor rests, now and then sliding a little. */
function idle(rec: MotionRecorder, frames: number, input: SceneMotionInput, random: Random): void {
  const end = rec.frame + frames;
  while (rec.frame < end) {
    const left = end - rec.frame;
    rec.hold(Math.min(left, Math.round(random.between(0.8, 2.2) * input.fps)));
    if (end - rec.frame < 20) continue;
    const drift = planDrift(rec.cursor, input.fps, input.viewport, input.avoid ?? [], random);
    if (drift && drift.frames <= end - rec.frame) rec.move(drift.path, drift.frames, drift.ease);
  }
}
