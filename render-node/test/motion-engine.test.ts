import type { SceneAction } from "@loom-lite/schema";
import { describe, expect, it } from "vitest";
import {
  buildSceneMotion,
  fillActionSelectors,
  MAX_CURSOR_PX_PER_SECOND,
  MAX_SCROLL_PX_PER_SECOND,
  type MotionTarget,
  motionSeed,
  RIPPLE_FRAMES,
  type SceneMotion,
  type SceneMotionInput,
} from "../src/stages/compose/motion";

const FPS = 30;
const viewport = { width: 1280, height: 720 };
const targets: Record<string, MotionTarget> = {
  "a.pricing": { x: 1040, y: 24, width: 84, height: 22, viewport: true },
  "#book": { x: 420, y: 2300, width: 220, height: 52 },
  "h2.features": { x: 160, y: 1500, width: 620, height: 40 },
  "#gone": null,
};

function scene(overrides: Partial<SceneMotionInput> = {}): SceneMotionInput {
  return {
    frames: 20 * FPS,
    fps: FPS,
    viewport,
    documentHeight: 5200,
    actions: [],
    targets,
    seed: 1234,
    ...overrides,
  };
}

function jumps(motion: SceneMotion) {
  let scroll = 0;
  let cursor = 0;
  for (let i = 1; i < motion.frames; i++) {
    scroll = Math.max(scroll, Math.abs((motion.scrollY[i] as number) - (motion.scrollY[i - 1] as number)));
    cursor = Math.max(
      cursor,
      Math.hypot(
        (motion.cursorX[i] as number) - (motion.cursorX[i - 1] as number),
        (motion.cursorY[i] as number) - (motion.cursorY[i - 1] as number),
      ),
    );
  }
  return { scroll, cursor };
}

const busyActions: SceneAction[] = [
  { type: "hover", selector: "a.pricing" },
  { type: "scroll", to: "h2.features" },
  { type: "highlight", selector: "h2.features", seconds: 1.5 },
  { type: "click", selector: "#book" },
  { type: "wait", seconds: 1 },
  { type: "scroll", to: "bottom", seconds: 3 },
];

describe("motion seeds", () => {
  it("are the same for the same lead whatever the field order or header spelling, and differ otherwise", () => {
    const lead = { first_name: "Ada", website: "https://ada.dev" };
    expect(motionSeed(lead, 0)).toBe(motionSeed({ Website: "https://ada.dev", "First Name": "Ada" }, 0));
    expect(motionSeed(lead, 0)).not.toBe(motionSeed(lead, 1));
    expect(motionSeed(lead, 0)).not.toBe(motionSeed({ ...lead, first_name: "Grace" }, 0));
  });
});

describe("buildSceneMotion", () => {
  it("gives exactly the same motion for the same input", () => {
    const a = buildSceneMotion(scene({ actions: busyActions }));
    const b = buildSceneMotion(scene({ actions: busyActions }));
    expect(b).toEqual(a);
    expect(a.frames).toBe(600);
    expect(a.scrollY.length).toBe(600);
    expect(a.cursorX.length).toBe(600);
  });

  it("moves differently for different leads", () => {
    const seeds = [motionSeed({ first_name: "Ada" }, 0), motionSeed({ first_name: "Grace" }, 0)];
    const [a, b] = seeds.map((seed) => buildSceneMotion(scene({ seed })));
    const differentCursor = a?.cursorX.some((x, i) => x !== b?.cursorX[i]);
    const differentScroll = a?.scrollY.some((y, i) => y !== b?.scrollY[i]);
    expect(differentCursor && differentScroll, "cursor and scroll should both differ").toBe(true);
  });

  it("never jumps: scroll and cursor stay under their speed caps on every frame", () => {
    const scrollCap = MAX_SCROLL_PX_PER_SECOND / FPS + 1;
    const cursorCap = MAX_CURSOR_PX_PER_SECOND / FPS + 1;
    for (let seed = 0; seed < 25; seed++) {
      for (const actions of [[], busyActions]) {
        const motion = buildSceneMotion(scene({ seed, actions }));
        const worst = jumps(motion);
        expect(worst.scroll, `seed ${seed}, scroll px/frame`).toBeLessThanOrEqual(scrollCap);
        expect(worst.cursor, `seed ${seed}, cursor px/frame`).toBeLessThanOrEqual(cursorCap);
      }
    }
    // A very short scene over a tall page: the cap wins over reaching the bottom, with a warning.
    const rushed = buildSceneMotion(
      scene({ frames: 90, documentHeight: 8000, actions: [{ type: "scroll", to: "bottom", seconds: 3 }] }),
    );
    expect(jumps(rushed).scroll).toBeLessThanOrEqual(scrollCap);
    expect(rushed.scrollY[89]).toBeLessThan(8000 - 720);
    expect(rushed.warnings.join(" ")).toContain("too fast to read");
  });

  it("overshoots a far target slightly, then settles on it", () => {
    let overshoots = 0;
    for (let seed = 0; seed < 10; seed++) {
      const motion = buildSceneMotion(
        scene({ seed, cursorStart: { x: 200, y: 600 }, actions: [{ type: "hover", selector: "a.pricing" }] }),
      );
      const hover = motion.highlights.find((h) => h.kind === "underline");
      expect(hover, "hover underline").toBeDefined();
      const arrived = hover?.from ?? 0;
      const end = { x: motion.cursorX[arrived - 1] as number, y: motion.cursorY[arrived - 1] as number };
      const start = { x: 200, y: 600 };
      const length = Math.hypot(end.x - start.x, end.y - start.y);
      const dir = { x: (end.x - start.x) / length, y: (end.y - start.y) / length };
      let furthest = 0;
      for (let i = 0; i < arrived; i++) {
        const along =
          ((motion.cursorX[i] as number) - start.x) * dir.x +
          ((motion.cursorY[i] as number) - start.y) * dir.y;
        furthest = Math.max(furthest, along);
      }
      if (furthest > length + 2) overshoots++;
      expect(furthest, `seed ${seed}: overshoot past the target`).toBeLessThan(length + 30);
    }
    expect(overshoots, "overshoots out of 10 reaches").toBeGreaterThanOrEqual(6);
  });

  it("ends on its targets and keeps them there for the action's duration", () => {
    const motion = buildSceneMotion(scene({ actions: busyActions }));
    const inside = (frame: number, rect: { x: number; y: number; width: number; height: number }, dy = 0) => {
      const x = motion.cursorX[frame] as number;
      const y = (motion.cursorY[frame] as number) + dy;
      return x >= rect.x && x <= rect.x + rect.width && y >= rect.y && y <= rect.y + rect.height;
    };
    const hover = motion.highlights.find((h) => h.kind === "underline");
    expect(hover?.to && hover.to - hover.from).toBe(Math.round(1.2 * FPS));
    for (let f = hover?.from ?? 0; f < (hover?.to ?? 0); f++) {
      expect(inside(f, targets["a.pricing"] as NonNullable<MotionTarget>), `frame ${f} on the link`).toBe(
        true,
      );
      expect(motion.cursorLook[f], "hand cursor over the link").toBe(1);
    }
    const box = motion.highlights.find((h) => h.kind === "box");
    expect(box && box.to - box.from).toBe(45);
    const h2 = targets["h2.features"] as NonNullable<MotionTarget>;
    const scroll = motion.scrollY[box?.from ?? 0] as number;
    expect(h2.y - scroll, "highlighted heading in view").toBeGreaterThan(0);
    expect(h2.y + h2.height - scroll).toBeLessThan(720);

    expect(motion.clicks).toHaveLength(1);
    const click = motion.clicks[0] as { frame: number; x: number; y: number };
    const book = targets["#book"] as NonNullable<MotionTarget>;
    const scrollAtClick = motion.scrollY[click.frame] as number;
    expect(inside(click.frame, book, scrollAtClick), "click lands on the button").toBe(true);
    for (let f = click.frame; f < click.frame + RIPPLE_FRAMES; f++) {
      expect([motion.cursorX[f], motion.cursorY[f]], "cursor still during the ripple").toEqual([
        click.x,
        click.y,
      ]);
    }
  });

  it("honours durations: waits hold still, a timed scroll arrives exactly when it says", () => {
    const actions: SceneAction[] = [
      { type: "wait", seconds: 2 },
      { type: "scroll", to: "bottom", seconds: 5 },
      { type: "wait", seconds: 3 },
    ];
    const motion = buildSceneMotion(scene({ frames: 10 * FPS, documentHeight: 2400, actions }));
    const start = 2 * FPS;
    for (let f = 0; f < start; f++) expect(motion.scrollY[f], `frame ${f} still at the top`).toBe(0);
    expect(motion.scrollY[start], "the scroll starts right after the wait").toBeGreaterThan(0);
    expect(motion.scrollY[start - 1 + 5 * FPS], "bottom reached at the end of the scroll").toBe(2400 - 720);
    expect(motion.scrollY[start - 2 + 5 * FPS]).not.toBe(2400 - 720);
    for (let f = start + 5 * FPS; f < 10 * FPS; f++) expect(motion.scrollY[f]).toBe(2400 - 720);

    // Spare time: a short first look at the page (under a second), the rest idles at the end.
    const roomy = buildSceneMotion(scene({ frames: 14 * FPS, documentHeight: 2400, actions }));
    const lead = roomy.scrollY.findIndex((y) => y > 0) - start;
    expect(lead, "first look, frames").toBeGreaterThan(0.4 * FPS);
    expect(lead).toBeLessThanOrEqual(0.9 * FPS);
    expect(roomy.scrollY[lead + start + 5 * FPS - 1]).toBe(2400 - 720);
  });

  it("reads a page without actions: rests on the top, glides down with pauses, every glide frame moves", () => {
    const motion = buildSceneMotion(scene({ frames: 30 * FPS, documentHeight: 4200 }));
    expect(motion.scrollY[0]).toBe(0);
    expect(motion.scrollY[40]).toBe(0);
    expect(motion.scrollY[30 * FPS - 1]).toBe(4200 - 720);
    expect(motion.scrolling.length, "several glides with reading pauses").toBeGreaterThan(2);
    let frames = 0;
    let moved = 0;
    for (const [from, to] of motion.scrolling) {
      for (let f = Math.max(1, from); f < to; f++) {
        frames++;
        if (motion.scrollY[f] !== motion.scrollY[f - 1]) moved++;
      }
    }
    expect(moved / frames, `${moved} of ${frames} glide frames move`).toBeGreaterThanOrEqual(0.97);
    const cursorMoves = motion.cursorX.some((x, i) => i > 0 && x !== motion.cursorX[i - 1]);
    expect(cursorMoves, "the idle cursor drifts").toBe(true);
  });

  it("finds a target riding in a sticky sidebar where the sidebar is after the page scrolled", () => {
    const sticky = { y: 400, height: 600, top: 84, bottom: 4000 };
    const motion = buildSceneMotion(
      scene({
        frames: 12 * FPS,
        actions: [
          { type: "scroll", by: 1500, seconds: 5 },
          { type: "click", selector: "aside b" },
        ],
        targets: { "aside b": { x: 160, y: 420, width: 90, height: 20, sticky } },
      }),
    );
    const click = motion.clicks[0] as { frame: number; x: number; y: number };
    expect(motion.scrollY[click.frame]).toBe(1500);
    // The sidebar is stuck at 84 px: the button is at 84 + 20 on screen, not at 420 - 1500.
    expect(click.y).toBeGreaterThanOrEqual(104);
    expect(click.y).toBeLessThanOrEqual(124);
  });

  it("skips actions on missing elements and says when actions do not fit the scene", () => {
    const motion = buildSceneMotion(
      scene({
        frames: 4 * FPS,
        actions: [
          { type: "hover", selector: "#gone" },
          { type: "click", selector: ".nowhere" },
          { type: "wait", seconds: 3 },
          { type: "scroll", to: "bottom", seconds: 3 },
        ],
      }),
    );
    const warnings = motion.warnings.join("\n");
    expect(warnings).toContain('hover "#gone": no such element on the page');
    expect(warnings).toContain('click ".nowhere": no such element');
    expect(warnings).toContain("the scene lasts 4.0 s");
    expect(motion.scrollY.length).toBe(4 * FPS);
  });
});

describe("action selectors", () => {
  it("fills merge fields into selectors, as the capture keys its targets", () => {
    const filled = fillActionSelectors(
      [
        { type: "hover", selector: "a[href*='{{plan|pricing}}']" },
        { type: "scroll", to: "#{{section}}" },
        { type: "scroll", to: "bottom" },
        { type: "wait", seconds: 1 },
      ],
      { section: "team" },
    );
    expect(
      filled.map((a) => ("selector" in a ? a.selector : a.type === "scroll" ? a.to : undefined)),
    ).toEqual(["a[href*='pricing']", "#team", "bottom", undefined]);
  });
});
