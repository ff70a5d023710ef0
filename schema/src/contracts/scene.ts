import { z } from "zod";
import { MAX_VIDEO_SECONDS } from "./limits";
import { CtaUrlSchema, EmbedUrlSchema } from "./links";
import { HexColorSchema } from "./workspace";

const mergeTemplate = z.string().min(1).max(2048);

/** `{{field}}` or `{{field|fallback}}`; anything else between braces is a typo the lead would see. */
const WELL_FORMED_MERGE_FIELD = /\{\{\s*[a-zA-Z0-9_.-]+\s*(?:\|[^}]*)?\}\}/g;

/** A page URL template: every merge field written as `{{field}}`, no stray or unclosed braces. */
const urlTemplate = mergeTemplate.refine((t) => !/\{\{|\}\}/.test(t.replace(WELL_FORMED_MERGE_FIELD, "")), {
  message: "has a malformed merge field; write {{field}} or {{field|fallback}}",
});

export const SceneActionSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("scroll"),
    /** "bottom", a CSS selector, or omitted with `by` pixels. */
    to: z.string().min(1).optional(),
    by: z.number().int().optional(),
    seconds: z.number().positive().max(600).optional(),
  }),
  z.object({
    type: z.literal("hover"),
    selector: mergeTemplate,
    seconds: z.number().positive().max(60).optional(),
  }),
  z.object({
    type: z.literal("click"),
    selector: mergeTemplate,
    seconds: z.number().positive().max(60).optional(),
  }),
  z.object({
    type: z.literal("highlight"),
    selector: mergeTemplate,
    seconds: z.number().positive().max(60).optional(),
  }),
  z.object({ type: z.literal("wait"), seconds: z.number().positive().max(600) }),
]);
export type SceneAction = z.infer<typeof SceneActionSchema>;

export const OverlaySchema = z.object({
  text: z.string().min(1).max(200),
  at: z.number().min(0).default(0),
  until: z.number().positive().optional(),
});

export const SceneSchema = z.object({
  /** URL template with merge fields, e.g. `{{website}}/pricing`. */
  url: urlTemplate,
  /** Length of the scene; scenes without one share what is left of the facecam's length. */
  seconds: z.number().positive().max(600).optional(),
  actions: z.array(SceneActionSchema).max(50).default([]),
  overlays: z.array(OverlaySchema).max(20).default([]),
});
export type Scene = z.infer<typeof SceneSchema>;

export const BubbleSchema = z.object({
  shape: z.enum(["circle", "rounded", "portrait"]).default("circle"),
  position: z.enum(["bottom-left", "bottom-right", "top-left", "top-right"]).default("bottom-left"),
  /** Bubble height as a fraction of the video height. */
  size: z.number().min(0.1).max(0.6).default(0.28),
  border: z
    .object({ color: z.string().regex(/^#[0-9a-fA-F]{6}$/), width: z.number().int().min(1).max(20) })
    .optional(),
});

export const OutputSchema = z.object({
  width: z.union([z.literal(1280), z.literal(1920)]).default(1280),
  height: z.union([z.literal(720), z.literal(1080)]).default(720),
  fps: z.literal(30).default(30),
});

/**
 * What sets the video's length (see scene-timing.ts). `scenes`: each scene lasts its `seconds` (scenes
 * without share what the facecam leaves); if the scenes outlast the facecam, its last frame stays in the
 * bubble, silent. `facecam`: the scenes' lengths (and their actions' seconds) are scaled together so the
 * video ends with the facecam. Absent: as `scenes`.
 */
export const VideoLengthSchema = z.enum(["facecam", "scenes"], {
  error: 'must be "facecam" (fit the scenes to the facecam) or "scenes" (keep the scenes\' seconds)',
});
export type VideoLength = z.infer<typeof VideoLengthSchema>;

export const SceneSpecSchema = z
  .object({
    /** An asset id (`ast_…`) inside the platform; a file path for the CLI. */
    facecam: z.string().min(1),
    bubble: BubbleSchema.default({ shape: "circle", position: "bottom-left", size: 0.28 }),
    output: OutputSchema.default({ width: 1280, height: 720, fps: 30 }),
    scenes: z.array(SceneSchema).min(1).max(10),
    length: VideoLengthSchema.optional(),
    onUnusable: z.enum(["fallback", "reject"]).default("reject"),
    /**
     * What the lead export does with a video of the fallback page (not of the lead's own site):
     * `share` links it like any other, `hold` leaves its links out so the rep decides per lead.
     */
    fallbackVideos: z.enum(["share", "hold"]).default("share"),
    fallbackUrl: z.url().optional(),
  })
  .refine((s) => s.onUnusable !== "fallback" || s.fallbackUrl, {
    message: "fallbackUrl is required when onUnusable is 'fallback'",
    path: ["fallbackUrl"],
  })
  .refine((s) => s.output.width * 9 === s.output.height * 16, {
    message: "output must be 1280x720 or 1920x1080",
    path: ["output"],
  })
  .refine((s) => sum(s.scenes.map((scene) => scene.seconds ?? 0)) <= MAX_VIDEO_SECONDS, {
    message: `the scenes' seconds add up to more than ${MAX_VIDEO_SECONDS} s, the longest video the platform renders`,
    path: ["scenes"],
  })
  // Actions (waits above all) are planned frame by frame before a scene cuts them to its length.
  .refine(
    (s) => sum(s.scenes.flatMap((scene) => scene.actions.map((a) => a.seconds ?? 0))) <= MAX_VIDEO_SECONDS,
    {
      message: `the actions' seconds add up to more than ${MAX_VIDEO_SECONDS} s, the longest video the platform renders`,
      path: ["scenes"],
    },
  );
export type SceneSpec = z.infer<typeof SceneSpecSchema>;

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
export type SceneSpecInput = z.input<typeof SceneSpecSchema>;

/** What the landing page shows; read at request time so edits apply without re-rendering. */
export const LandingSettingsSchema = z.object({
  headline: z.string().max(200).optional(),
  message: z.string().max(2000).optional(),
  ctaLabel: z.string().max(60).optional(),
  /** https (or mailto:); never javascript:/data:, which would run script on the landing page. */
  ctaUrl: CtaUrlSchema.optional(),
  /** An https booking page; embedded only for known calendar providers, else shown as a link. */
  calendarUrl: EmbedUrlSchema.optional(),
  /** Overrides the workspace's logo and colors on this campaign's pages. */
  logoAssetId: z.string().min(1).max(64).optional(),
  primaryColor: HexColorSchema.optional(),
  backgroundColor: HexColorSchema.optional(),
  /** The rep the prospect hears from: a photo (an uploaded image asset), a name and a job title. */
  repPhotoAssetId: z.string().min(1).max(64).optional(),
  repName: z.string().trim().max(80).optional(),
  repTitle: z.string().trim().max(120).optional(),
  /** Where the page's reply link writes to (mailto:, with a subject naming the lead). */
  replyEmail: z.email().max(254).optional(),
});
export type LandingSettings = z.infer<typeof LandingSettingsSchema>;
