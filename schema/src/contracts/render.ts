import { z } from "zod";
import { SceneSpecSchema } from "./scene";

export const RENDER_STATES = [
  "queued",
  "claimed",
  "capturing",
  "composing",
  "uploading",
  "done",
  "failed",
  "cancelled",
  /** Held before the queue: the workspace's minutes (or spending cap) do not cover it yet. */
  "blocked_quota",
] as const;
export type RenderState = (typeof RENDER_STATES)[number];

/** States in which a node holds the render under a lease. */
export const ACTIVE_RENDER_STATES = ["claimed", "capturing", "composing", "uploading"] as const;
export const FINAL_RENDER_STATES = ["done", "failed", "cancelled"] as const;

/** Stages a node reports in heartbeats; each maps to the render state of the same name. */
export const RenderStageSchema = z.enum(["claimed", "capturing", "composing", "uploading"]);
export type RenderStage = z.infer<typeof RenderStageSchema>;

/**
 * What a queued job produces. `video`: the lead's personalized video (billed, announced, linked).
 * `preflight`: only the lead site's first frame, for the campaign's contact sheet (never billed or
 * announced). `sample`: a short unbilled sample of the marketing site's "try it" (platform workspace).
 */
export const JOB_KINDS = ["video", "preflight", "sample"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Claim order: a higher priority is claimed first; within one priority, the oldest due job. */
export const JOB_PRIORITIES: Record<JobKind, number> = { video: 100, preflight: 50, sample: 10 };

export const JobKindSchema = z.enum(JOB_KINDS);

/**
 * `first-frame.jpg` is what a preflight job saw of the lead's first scene page (for the contact sheet);
 * it is the workspace's own, never served to prospects.
 */
export const ARTIFACT_NAMES = [
  "video.mp4",
  "poster.jpg",
  "preview.gif",
  "report.json",
  "first-frame.jpg",
] as const;
export const ArtifactNameSchema = z.enum(ARTIFACT_NAMES);
export type ArtifactName = z.infer<typeof ArtifactNameSchema>;
export type RenderArtifacts = Partial<Record<ArtifactName, string>>;

/** The content type an artifact is stored and served with, wherever it is stored. */
export const ARTIFACT_CONTENT_TYPES: Record<ArtifactName, string> = {
  "video.mp4": "video/mp4",
  "poster.jpg": "image/jpeg",
  "preview.gif": "image/gif",
  "report.json": "application/json",
  "first-frame.jpg": "image/jpeg",
};

/** What prospects may fetch (landing pages, CDN). report.json is for the workspace only. */
export const PUBLIC_ARTIFACTS = ["video.mp4", "poster.jpg", "preview.gif"] as const satisfies ArtifactName[];
export const PublicArtifactNameSchema = z.enum(PUBLIC_ARTIFACTS);
export type PublicArtifact = (typeof PUBLIC_ARTIFACTS)[number];
export const isPublicArtifact = (name: string): name is PublicArtifact =>
  (PUBLIC_ARTIFACTS as readonly string[]).includes(name);

/** Where a render's artifacts live: the edge's R2 bucket (served through the edge) or Bunny Storage (its CDN). */
export const MEDIA_STORAGES = ["r2", "bunny"] as const;
export type MediaStorage = (typeof MEDIA_STORAGES)[number];

/**
 * Where one artifact of a render stored in `storage` is: public artifacts follow the render, private
 * ones (report.json) are always in R2, because everything in a Bunny zone is served by its pull zone.
 */
export const artifactStorage = (storage: MediaStorage, name: ArtifactName): MediaStorage =>
  isPublicArtifact(name) ? storage : "r2";

/** The object key of one artifact, the same in R2 and Bunny Storage; the fence keeps attempts apart. */
export const artifactKey = (workspaceId: string, renderId: string, fence: number, name: ArtifactName) =>
  `ws/${workspaceId}/renders/${renderId}/${fence}/${name}`;

export const LeaseSchema = z.object({
  id: z.string(),
  /** Monotonic per render; every node call after the claim carries it. */
  fence: z.number().int().nonnegative(),
  expiresAt: z.iso.datetime(),
});
export type Lease = z.infer<typeof LeaseSchema>;

/**
 * What a preflight job found on the lead's first scene page. `usable`: the video will show the lead's
 * site; `walled`: a bot wall or login stands in the way; `broken`: unreachable, an error status or blank;
 * `fallback`: unusable, and the campaign's fallback page (checked, usable) would be filmed instead.
 */
export const PREFLIGHT_VERDICTS = ["usable", "walled", "broken", "fallback"] as const;
export type PreflightVerdictName = (typeof PREFLIGHT_VERDICTS)[number];
export const PreflightResultSchema = z.object({
  verdict: z.enum(PREFLIGHT_VERDICTS),
  /** The lead's page that was checked (merge fields filled). */
  url: z.string().max(2048),
  /** Why the page cannot be used, in words a rep can act on; null when usable. */
  reason: z.string().max(500).nullable(),
});
export type PreflightResult = z.infer<typeof PreflightResultSchema>;

/** Everything a node needs to render one lead, handed out by `claim`. */
export const RenderJobSchema = z.object({
  renderId: z.string(),
  /** `preflight`: run only the pre-flight of the first scene and upload first-frame.jpg; no video. */
  kind: JobKindSchema.default("video"),
  workspaceId: z.string(),
  campaignId: z.string(),
  leadId: z.string(),
  attempt: z.number().int().positive(),
  fields: z.record(z.string(), z.string()),
  spec: SceneSpecSchema,
  /** Where the node downloads the facecam (an edge URL path under /nodes/v1, same token). */
  facecamPath: z.string(),
});
export type RenderJob = z.infer<typeof RenderJobSchema>;

// ---- node protocol (/nodes/v1, Authorization: Bearer <node token>) ----

export const ClaimRequestSchema = z.object({
  /** Free slots on the node; the edge hands out at most one job per call. */
  freeSlots: z.number().int().positive().max(64).default(1),
  version: z.string().max(64).optional(),
});
export const ClaimResponseSchema = z.object({
  job: RenderJobSchema.nullable(),
  lease: LeaseSchema.nullable(),
});
export type ClaimResponse = z.infer<typeof ClaimResponseSchema>;

export const HeartbeatRequestSchema = z.object({
  fence: z.number().int().nonnegative(),
  stage: RenderStageSchema,
  progress: z.number().min(0).max(1),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;
export const HeartbeatResponseSchema = z.object({
  /** True when the user cancelled: stop, clean up, then call `fail` with `cancelled: true`. */
  cancel: z.boolean(),
  leaseExpiresAt: z.iso.datetime(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;

/** A scene whose page could not be used, so the campaign's fallback page was filmed in its place. */
export const FallbackSceneSchema = z.object({
  /** 1-based, as the dashboard numbers scenes. */
  scene: z.number().int().positive().max(100),
  /** The lead's page that could not be used. */
  url: z.string().max(2048),
  /** Why, in words a rep can act on (from the pre-flight). */
  reason: z.string().max(500),
});
export type FallbackScene = z.infer<typeof FallbackSceneSchema>;

export const CompleteRequestSchema = z.object({
  fence: z.number().int().nonnegative(),
  /** The video's length; 0 for a job that makes no video (preflight). */
  durationMs: z.number().int().nonnegative(),
  timings: z.record(z.string(), z.number().nonnegative()),
  warnings: z.array(z.string()).default([]),
  /** Scenes the campaign's fallback page stood in for: the video is delivered, but not of the lead's site. */
  fallbacks: z.array(FallbackSceneSchema).max(100).default([]),
  /** A preflight job's verdict (required for one, refused for any other kind). */
  preflight: PreflightResultSchema.optional(),
  /**
   * Absent: the artifacts were uploaded to R2 through the edge. `bunny`: the node put them in Bunny
   * Storage under `artifactKey(...)`; prospects fetch them from `cdnBaseUrl/<key>`.
   */
  storage: z
    .object({
      kind: z.literal("bunny"),
      cdnBaseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, "")),
      /** The storage zone; when given, it must be the one the edge deletes from. */
      zone: z.string().min(1).max(100).optional(),
      /** Public artifacts only: report.json goes to R2 through the edge. */
      artifacts: z.partialRecord(ArtifactNameSchema, z.string().min(1).max(500)),
    })
    .optional(),
});
export type CompleteRequest = z.infer<typeof CompleteRequestSchema>;
/** What a node sends: the fields with defaults may be left out. */
export type CompleteRequestInput = z.input<typeof CompleteRequestSchema>;

/**
 * Sent before each PUT to Bunny Storage (POST /nodes/v1/renders/:id/artifacts/bunny): the edge records the
 * key first, so an object is never in the zone without the edge knowing to delete it with its render.
 */
export const BunnyUploadRequestSchema = z.object({
  fence: z.number().int().nonnegative(),
  name: PublicArtifactNameSchema,
  /** The node's BUNNY_STORAGE_ZONE; the edge refuses a zone it cannot delete from. */
  zone: z.string().min(1).max(100),
});
export type BunnyUploadRequest = z.infer<typeof BunnyUploadRequestSchema>;
export const BunnyUploadResponseSchema = z.object({
  /** Where to PUT the artifact in the zone. */
  key: z.string(),
});
export type BunnyUploadResponse = z.infer<typeof BunnyUploadResponseSchema>;

export const FailRequestSchema = z.object({
  fence: z.number().int().nonnegative(),
  /** The node stopped because the render was cancelled. */
  cancelled: z.boolean().default(false),
  /** False when retrying cannot help (the page rejects every visit, the spec is unusable). */
  retryable: z.boolean().default(true),
  code: z.string().max(64).default("render_error"),
  /** A sentence the user can act on. */
  message: z.string().max(2000),
});
export type FailRequest = z.infer<typeof FailRequestSchema>;

/** Header carrying the lease fence on artifact uploads (PUT /nodes/v1/renders/:id/artifacts/:name). */
export const FENCE_HEADER = "x-lease-fence";
