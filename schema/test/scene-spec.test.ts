import { describe, expect, it } from "vitest";
import { MAX_VIDEO_SECONDS } from "../src/contracts/limits";
import { SceneSpecSchema } from "../src/contracts/scene";

const minimal = { facecam: "ast_1", scenes: [{ url: "{{website}}" }] };

describe("SceneSpecSchema", () => {
  it("fills defaults for bubble, output and scene lists", () => {
    const spec = SceneSpecSchema.parse(minimal);
    expect(spec.output).toEqual({ width: 1280, height: 720, fps: 30 });
    expect(spec.bubble.shape).toBe("circle");
    expect(spec.scenes[0]?.actions).toEqual([]);
    expect(spec.onUnusable).toBe("reject");
  });

  it("requires fallbackUrl when the policy is fallback", () => {
    const result = SceneSpecSchema.safeParse({ ...minimal, onUnusable: "fallback" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain("fallbackUrl");
  });

  it("refuses mismatched output sizes and unknown actions, naming the field", () => {
    const size = SceneSpecSchema.safeParse({ ...minimal, output: { width: 1920, height: 720, fps: 30 } });
    expect(size.error?.issues.map((i) => i.path.join("."))).toContain("output");
    const action = SceneSpecSchema.safeParse({
      ...minimal,
      scenes: [{ url: "x", actions: [{ type: "dance" }] }],
    });
    expect(action.error?.issues[0]?.path.join(".")).toBe("scenes.0.actions.0.type");
  });

  it("refuses a URL template with a malformed merge field, naming the scene's url", () => {
    for (const url of ["{{website", "{{website}}/{{ page name }}", "https://x.test/}}"]) {
      const result = SceneSpecSchema.safeParse({ ...minimal, scenes: [{ url }] });
      expect(result.error?.issues[0]?.path.join("."), url).toBe("scenes.0.url");
      expect(result.error?.issues[0]?.message).toMatch(/malformed merge field/);
    }
    for (const url of ["{{website}}/about", "https://x.test/?who={{first_name|there}}", "{{ website }}"]) {
      expect(SceneSpecSchema.safeParse({ ...minimal, scenes: [{ url }] }).success, url).toBe(true);
    }
  });

  it("refuses a spec whose scenes add up to more than the platform's longest video, naming scenes", () => {
    // The old limits allowed 10 scenes of 600 s each: 100 minutes of rendering for one lead.
    const long = SceneSpecSchema.safeParse({
      facecam: "ast_1",
      scenes: Array.from({ length: 10 }, () => ({ url: "{{website}}", seconds: 600 })),
    });
    expect(long.success).toBe(false);
    expect(long.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "scenes",
        `the scenes' seconds add up to more than ${MAX_VIDEO_SECONDS} s, the longest video the platform renders`,
      ],
    ]);
    const justFits = SceneSpecSchema.safeParse({
      facecam: "ast_1",
      scenes: [
        { url: "{{website}}", seconds: MAX_VIDEO_SECONDS - 100 },
        { url: "{{website}}/pricing", seconds: 100 },
      ],
    });
    expect(justFits.success, JSON.stringify(justFits.error?.issues)).toBe(true);
  });

  it("refuses actions (waits) that add up to more than the longest video, naming scenes", () => {
    const waits = SceneSpecSchema.safeParse({
      facecam: "ast_1",
      scenes: [
        {
          url: "{{website}}",
          seconds: 10,
          actions: Array.from({ length: 50 }, () => ({ type: "wait", seconds: 600 })),
        },
      ],
    });
    expect(waits.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [
        "scenes",
        `the actions' seconds add up to more than ${MAX_VIDEO_SECONDS} s, the longest video the platform renders`,
      ],
    ]);
    const fine = SceneSpecSchema.safeParse({
      facecam: "ast_1",
      scenes: [
        {
          url: "{{website}}",
          seconds: 20,
          actions: [
            { type: "wait", seconds: 5 },
            { type: "hover", selector: "a" },
          ],
        },
      ],
    });
    expect(fine.success).toBe(true);
  });
});
