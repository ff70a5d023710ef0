import { describe, expect, it } from "vitest";
import { SceneSpecSchema } from "../src/contracts/scene";
import { actionFrames, planSceneDurations, planVideoTimeline } from "../src/contracts/scene-timing";

describe("the video length choice", () => {
  it('"scenes" (and no choice) keeps the scenes\' seconds and says the bubble holds the last frame', () => {
    for (const length of ["scenes", undefined] as const) {
      const plan = planSceneDurations([{ seconds: 10 }, { seconds: 8 }], 15, 30, length);
      expect(plan.scenes.map((s) => s.seconds)).toEqual([10, 8]);
      expect(plan.scenes.map((s) => s.scale ?? 1)).toEqual([1, 1]);
      expect(plan.totalSeconds).toBe(18);
      expect(plan.warnings).toEqual([
        "The scenes last 18.0 s but the facecam only 15.0 s; its last frame stays in the bubble, silent, for the last 3.0 s.",
      ]);
    }
  });

  it('"facecam" scales every scene so the video lasts exactly the facecam, in whole frames', () => {
    const plan = planSceneDurations([{ seconds: 10 }, { seconds: 8 }], 15, 30, "facecam");
    expect(plan.scenes.map((s) => s.frames)).toEqual([250, 200]);
    expect(plan.totalSeconds).toBe(15);
    expect(plan.scenes[0]?.scale).toBeCloseTo(15 / 18, 6);
    expect(plan.warnings).toEqual([]);
    // Stretching works too, and odd shares still add up to the facecam's frames.
    const stretched = planSceneDurations(
      [{ seconds: 1 }, { seconds: 1 }, { seconds: 1 }],
      10.01,
      30,
      "facecam",
    );
    expect(stretched.scenes.reduce((t, s) => t + s.frames, 0)).toBe(300);
    // Scenes without seconds take their share first, then everything is fitted.
    const open = planSceneDurations([{ seconds: 20 }, {}], 15, 30, "facecam");
    expect(open.totalSeconds).toBe(15);
    expect(open.scenes.every((s) => s.frames >= 1)).toBe(true);
    // More scenes than frames: one frame each at least.
    expect(planSceneDurations([{}, {}, {}], 0.05, 30, "facecam").scenes.map((s) => s.frames)).toEqual([
      1, 1, 1,
    ]);
  });
});

describe("planVideoTimeline", () => {
  const spec = (length?: "facecam" | "scenes") =>
    SceneSpecSchema.parse({
      facecam: "ast_1",
      ...(length ? { length } : {}),
      scenes: [
        {
          url: "{{website}}",
          seconds: 10,
          actions: [
            { type: "wait", seconds: 1 },
            { type: "hover", selector: "a.pricing" },
            { type: "click", selector: "#cta", seconds: 2 },
            { type: "scroll", to: "bottom" },
            { type: "highlight", selector: "h1" },
          ],
        },
        {
          url: "{{website}}/about",
          seconds: 8,
          actions: [
            { type: "scroll", by: -400, seconds: 9 },
            { type: "wait", seconds: 1 },
          ],
        },
      ],
    });

  it("lists each action's target and start in video seconds, from the node's own action lengths", () => {
    const timeline = planVideoTimeline(spec(), 20);
    const [first, second] = timeline.scenes;
    expect(first?.start).toBe(0);
    expect(second?.start).toBe(10);
    expect(first?.actions.map((a) => [a.type, a.target, a.at, a.seconds, a.approximate])).toEqual([
      ["wait", "", 0, 1, false],
      ["hover", "a.pricing", 1, 1.2, false],
      ["click", "#cta", 2.2, 2, false],
      // A scroll without seconds goes as fast as the page needs: what follows is the earliest start.
      ["scroll", "bottom", 4.2, undefined, false],
      ["highlight", "h1", 4.2, 2, true],
    ]);
    // The second scene's scroll outlasts it: the wait after it is left out by the render.
    expect(second?.actions.map((a) => [a.target, a.at, a.cut])).toEqual([
      ["-400 px", 10, false],
      ["", 19, true],
    ]);
    expect(actionFrames({ type: "hover", selector: "a" }, 30)).toBe(36);
  });

  it("fits the actions with their scenes when the video follows the facecam", () => {
    const timeline = planVideoTimeline(spec("facecam"), 9);
    expect(timeline.totalSeconds).toBe(9);
    expect(timeline.scenes.map((s) => [s.start, s.seconds])).toEqual([
      [0, 5],
      [5, 4],
    ]);
    expect(timeline.scenes[0]?.actions[2]).toMatchObject({ type: "click", at: 1.7, seconds: 1 }); // the hover keeps its default 1.2 s
  });
});

describe("SceneSpecSchema length", () => {
  it("accepts facecam or scenes, leaves it out when absent, and names the choices otherwise", () => {
    const base = { facecam: "ast_1", scenes: [{ url: "{{website}}" }] };
    expect(SceneSpecSchema.parse({ ...base, length: "facecam" }).length).toBe("facecam");
    expect(SceneSpecSchema.parse(base)).not.toHaveProperty("length");
    const bad = SceneSpecSchema.safeParse({ ...base, length: "auto" });
    expect(bad.error?.issues[0]?.path).toEqual(["length"]);
    expect(bad.error?.issues[0]?.message).toBe(
      'must be "facecam" (fit the scenes to the facecam) or "scenes" (keep the scenes\' seconds)',
    );
  });
});
