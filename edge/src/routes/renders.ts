import { createRoute, z } from "@hono/zod-openapi";
import { ArtifactNameSchema, FallbackSceneSchema, JOB_KINDS, RENDER_STATES } from "@loom-lite/schema";
import type { App } from "../context";
import { ApiError, ErrorBodySchema } from "../errors";
import { serveMedia } from "../lib/media";
import { requirePrincipal } from "../middleware/auth";
import { campaignProgress } from "../services/render-progress";
import {
  artifactKey,
  cancelCampaignRenders,
  cancelRender,
  ENQUEUE_FILTERS,
  type EnqueueFilter,
  enqueueRenders,
  getRender,
  listCampaignRenders,
} from "../services/renders";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const tags = ["Renders"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const RenderStateSchema = z.enum(RENDER_STATES);

const RenderSchema = z
  .object({
    id: z.string().openapi({ example: "rnd_4fJ9a0b1c2d3e4f5" }),
    leadId: z.string(),
    campaignId: z.string(),
    kind: z.enum(JOB_KINDS).openapi({
      description:
        "video: the lead's video; preflight: a site check (first frame only); sample: a try-it sample",
    }),
    state: RenderStateSchema,
    stage: RenderStateSchema.nullable().openapi({ description: "The node's stage while active" }),
    progress: z.number().openapi({ description: "0..1" }),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    cancelRequested: z.boolean(),
    error: z
      .string()
      .nullable()
      .openapi({ description: "Why the last attempt failed, in words a user can act on" }),
    errorCode: z.string().nullable(),
    fallbacks: z.array(FallbackSceneSchema).openapi({
      description:
        "Scenes the campaign's fallback page stood in for, because the lead's page could not be used: the video is delivered, but not of the lead's own site. Empty for a video of the lead's site.",
    }),
    artifacts: z.record(z.string(), z.string()).openapi({
      description: "Artifact name → URL",
      example: { "video.mp4": "/api/renders/rnd_…/artifacts/video.mp4" },
    }),
    durationMs: z.number().int().nullable(),
    timings: z.record(z.string(), z.number()).nullable(),
    createdAt: z.string(),
    runAfter: z.string().openapi({ description: "Not started before this instant (retry backoff)" }),
    claimedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Render");

const EnqueuedSchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    state: RenderStateSchema,
    reason: z.string().nullable().openapi({
      description:
        "Why a render is held (`blocked_quota`): the limit, the usage and the way out; null when queued",
    }),
  })
  .openapi("EnqueuedRender");

const conflict = {
  description: "The render is already finished",
  content: json(ErrorBodySchema),
};

const enqueueRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/renders",
  operationId: "renders.enqueue",
  tags,
  summary: "Queue renders for the campaign's leads",
  description:
    "All leads of the campaign when `leadIds` is omitted. `only: unrendered` keeps leads without a finished video; `only: failed` keeps leads whose newest render failed (retry failed). Leads that already have a queued or running render are skipped; the answer lists the renders created. A draft campaign becomes active; an archived one is refused (409). With billing on, renders that do not fit in the period's remaining minutes (and the spending cap, with overage allowed) are held as `blocked_quota` with a `reason` and start by themselves when room appears; 402 when nothing may be queued at all (payment past due beyond the grace days, or videos longer than the plan allows).",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: IdParam("cmp_4fJ9a0b1c2d3e4f5"),
    body: {
      required: false,
      content: json(
        z.object({
          leadIds: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
          only: z.enum(ENQUEUE_FILTERS).optional(),
        }),
      ),
    },
  },
  responses: {
    201: { description: "Queued", content: json(z.object({ renders: z.array(EnqueuedSchema) })) },
    ...commonErrors,
    402: {
      description: "Payment past due beyond the grace days, or videos longer than the plan allows",
      content: json(ErrorBodySchema),
    },
    409: { description: "The campaign is archived", content: json(ErrorBodySchema) },
  },
});

const cancelAllRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/renders/cancel",
  operationId: "renders.cancelAll",
  tags,
  summary: "Cancel every queued and running render of the campaign",
  description:
    "Queued renders are cancelled at once; running ones are flagged and their nodes stop at the next heartbeat (about 2 s).",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: {
      description: "What was cancelled and what is stopping",
      content: json(
        z.object({
          cancelled: z
            .array(z.string())
            .openapi({ description: "Render ids cancelled at once (were queued)" }),
          stopping: z.array(z.string()).openapi({ description: "Render ids whose nodes were told to stop" }),
        }),
      ),
    },
    ...commonErrors,
  },
});

const progressRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}/progress",
  operationId: "campaigns.progress",
  tags,
  summary: "Where the campaign's renders stand, with an estimate of when they will be done",
  description:
    "Estimates come from the recent renders of this workspace (or of the platform, for a first campaign): time from claim to finish, and each running render's own pace. `etaMs` is null while no estimate is possible (no history yet, or rendering paused).",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: {
      description: "Progress",
      content: json(
        z
          .object({
            leads: z.number().int(),
            states: z.object({
              none: z.number().int(),
              queued: z
                .number()
                .int()
                .openapi({ description: "Queued, or held until the workspace has minutes" }),
              active: z.number().int(),
              done: z.number().int(),
              failed: z.number().int(),
              cancelled: z.number().int(),
            }),
            rendered: z.number().int(),
            fraction: z.number(),
            averageRenderMs: z.number().nullable(),
            slots: z.number().int(),
            etaMs: z.number().nullable(),
            pending: z.array(
              z.object({
                renderId: z.string(),
                leadId: z.string(),
                state: RenderStateSchema,
                progress: z.number(),
                etaMs: z.number().nullable(),
              }),
            ),
          })
          .openapi("CampaignProgress"),
      ),
    },
    ...commonErrors,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}/renders",
  operationId: "renders.list",
  tags,
  summary: "The campaign's renders, newest first",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "Renders", content: json(z.object({ renders: z.array(RenderSchema) })) },
    ...commonErrors,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/renders/{id}",
  operationId: "renders.get",
  tags,
  summary: "One render: state, progress, error, artifact URLs",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("rnd_4fJ9a0b1c2d3e4f5") },
  responses: { 200: { description: "The render", content: json(RenderSchema) }, ...commonErrors },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/api/renders/{id}/cancel",
  operationId: "renders.cancel",
  tags,
  summary: "Cancel a render",
  description:
    "A queued render is cancelled at once. A running one is flagged: its node stops at its next heartbeat (about 2 s) and the render becomes `cancelled`.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("rnd_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: {
      description: "Cancelled, or cancellation requested",
      content: json(z.object({ id: z.string(), state: RenderStateSchema, cancelRequested: z.boolean() })),
    },
    ...commonErrors,
    409: conflict,
  },
});

const artifactRoute = createRoute({
  method: "get",
  path: "/api/renders/{id}/artifacts/{name}",
  operationId: "renders.artifact",
  tags,
  summary:
    "Stream an artifact (video.mp4, poster.jpg, preview.gif, report.json; a site check's first-frame.jpg); Range supported",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: IdParam("rnd_4fJ9a0b1c2d3e4f5").extend({
      name: ArtifactNameSchema.openapi({ param: { name: "name", in: "path" }, example: "video.mp4" }),
    }),
  },
  responses: {
    200: { description: "The whole file" },
    206: { description: "The requested byte range" },
    304: { description: "Not modified" },
    ...commonErrors,
  },
});

export function registerRenders(app: App) {
  app.openapi(enqueueRoute, async (c) => {
    const body = c.req.valid("json") as { leadIds?: string[]; only?: EnqueueFilter } | undefined;
    const created = await enqueueRenders(c.get("workspace"), {
      campaignId: c.req.valid("param").id,
      leadIds: body?.leadIds,
      only: body?.only,
      maxAttempts: c.get("env").MAX_ATTEMPTS,
      billing: c.get("env").billing,
    });
    return c.json({ renders: created }, 201);
  });

  app.openapi(cancelAllRoute, async (c) => {
    const answer = await cancelCampaignRenders(c.get("workspace"), c.get("gate"), c.req.valid("param").id);
    return c.json(answer, 200);
  });

  app.openapi(progressRoute, async (c) => {
    const progress = await campaignProgress(c.get("workspace"), c.req.valid("param").id);
    return c.json(progress, 200);
  });

  app.openapi(listRoute, async (c) => {
    const list = await listCampaignRenders(c.get("workspace"), c.req.valid("param").id);
    return c.json({ renders: list }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const render = await getRender(c.get("workspace"), c.req.valid("param").id);
    return c.json(render, 200);
  });

  app.openapi(cancelRoute, async (c) => {
    const answer = await cancelRender(c.get("workspace"), c.get("gate"), c.req.valid("param").id);
    return c.json(answer, 200);
  });

  app.openapi(artifactRoute, async (c) => {
    const { id, name } = c.req.valid("param");
    const { key, cdnUrl } = await artifactKey(c.get("workspace"), id, name);
    // Bunny Storage: the CDN serves it (with Range); R2: the edge does.
    if (cdnUrl) return c.redirect(cdnUrl, 302) as never;
    const served = await serveMedia(c.get("env").MEDIA, key, c.req.raw);
    if (!served) throw new ApiError("NOT_FOUND", `Render ${id}'s ${name} is missing from storage`);
    return served as never;
  });
}
