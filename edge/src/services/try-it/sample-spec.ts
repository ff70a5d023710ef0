import { type SceneSpec, SceneSpecSchema } from "@loom-lite/schema";

/** How long a try-it sample is. */
export const SAMPLE_SECONDS = 8;

/**
 * The sample every visitor gets: their home page, scrolled gently for 8 s, with the demo facecam in a
 * bubble and a greeting naming their site. An unusable page is refused (no fallback), and the visitor
 * is told why.
 */
export function sampleSpec(facecamAssetId: string): SceneSpec {
  return SceneSpecSchema.parse({
    facecam: facecamAssetId,
    bubble: { shape: "circle", position: "bottom-left", size: 0.3 },
    scenes: [
      {
        url: "{{website}}",
        seconds: SAMPLE_SECONDS,
        actions: [
          { type: "wait", seconds: 1 },
          { type: "scroll", by: 1200, seconds: 6 },
        ],
        overlays: [{ text: "Hi {{company}}!", at: 0.5, until: 4 }],
      },
    ],
    onUnusable: "reject",
  });
}
