import { createRoute, z } from "@hono/zod-openapi";
import {
  ArtifactNameSchema,
  BunnyUploadRequestSchema,
  BunnyUploadResponseSchema,
  ClaimRequestSchema,
  ClaimResponseSchema,
  CompleteRequestSchema,
  FailRequestSchema,
  FENCE_HEADER,
  HeartbeatRequestSchema,
  HeartbeatResponseSchema,
  RENDER_STATES,
} from "@loom-lite/schema";
import type { App } from "../context";
import { ApiError, ErrorBodySchema } from "../errors";
import { serveMedia } from "../lib/media";
import { requireNode } from "../middleware/node-auth";
import {
  announceBunnyUpload,
  assetKeyForNode,
  claimRender,
  completeRender,
  failRender,
  heartbeat,
  storeArtifact,
} from "../services/render-queue";

const tags = ["Render nodes"];
const NODE_SECURITY: Array<Record<string, string[]>> = [{ nodeToken: [] }];
const MAX_ARTIFACT_BYTES = 2 * 1024 * 1024 * 1024;

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBodySchema } },
});
const errors = {
  400: error("Malformed request; the message names the field. Nothing was changed."),
  401: error("Missing or unknown node token"),
  404: error("No such render"),
  409: error("The lease is stale (an older fence) or gone; stop working on the render"),
} as const;

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, ...json(schema) });

const RenderParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "rnd_4fJ9a0b1c2d3e4f5" }),
});

const claimRoute = createRoute({
  method: "post",
  path: "/nodes/v1/claim",
  operationId: "nodes.claim",
  tags,
  summary: "Take the next render, if the gate has a permit and the queue has work",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: { body: body(ClaimRequestSchema) },
  responses: {
    200: { description: "A job and its lease, or both null", ...json(ClaimResponseSchema) },
    400: errors[400],
    401: errors[401],
  },
});

const heartbeatRoute = createRoute({
  method: "post",
  path: "/nodes/v1/renders/{id}/heartbeat",
  operationId: "nodes.renders.heartbeat",
  tags,
  summary: "Report progress and extend the lease; answers whether the user cancelled",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: { params: RenderParam, body: body(HeartbeatRequestSchema) },
  responses: {
    200: { description: "Lease extended", ...json(HeartbeatResponseSchema) },
    ...errors,
  },
});

const artifactRoute = createRoute({
  method: "put",
  path: "/nodes/v1/renders/{id}/artifacts/{name}",
  operationId: "nodes.renders.putArtifact",
  tags,
  summary: "Upload one artifact as the raw body (Content-Length required)",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: {
    params: RenderParam.extend({
      name: ArtifactNameSchema.openapi({ param: { name: "name", in: "path" }, example: "video.mp4" }),
    }),
    headers: z.object({
      [FENCE_HEADER]: z.coerce.number().int().nonnegative().openapi({ description: "The lease's fence" }),
    }),
  },
  responses: { 204: { description: "Stored" }, ...errors },
});

const bunnyUploadRoute = createRoute({
  method: "post",
  path: "/nodes/v1/renders/{id}/artifacts/bunny",
  operationId: "nodes.renders.uploadToBunny",
  tags,
  summary: "Announce an upload to Bunny Storage before the PUT; answers the key to put it under",
  description:
    "The edge records the key first, so the object is deleted with its render whatever happens to the attempt. Public artifacts only (report.json goes through the edge to R2). Refused (400) when the Worker has no Bunny Storage configured, or another zone: it could never delete the object.",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: { params: RenderParam, body: body(BunnyUploadRequestSchema) },
  responses: {
    200: { description: "Recorded; PUT the object under this key", ...json(BunnyUploadResponseSchema) },
    ...errors,
  },
});

const completeRoute = createRoute({
  method: "post",
  path: "/nodes/v1/renders/{id}/complete",
  operationId: "nodes.renders.complete",
  tags,
  summary: "Finish the render (video.mp4 and poster.jpg must be uploaded); safe to repeat",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: { params: RenderParam, body: body(CompleteRequestSchema) },
  responses: {
    200: { description: "Done", ...json(z.object({ state: z.literal("done") })) },
    ...errors,
  },
});

const failRoute = createRoute({
  method: "post",
  path: "/nodes/v1/renders/{id}/fail",
  operationId: "nodes.renders.fail",
  tags,
  summary: "Give the render up: cancelled, retried later with backoff, or failed for good",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: { params: RenderParam, body: body(FailRequestSchema) },
  responses: {
    200: { description: "The state it went to", ...json(z.object({ state: z.enum(RENDER_STATES) })) },
    ...errors,
  },
});

const assetRoute = createRoute({
  method: "get",
  path: "/nodes/v1/assets/{id}",
  operationId: "nodes.assets.get",
  tags,
  summary: "Download an asset a held render needs (the facecam); Range supported",
  security: NODE_SECURITY,
  middleware: [requireNode] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The bytes" },
    206: { description: "Part of the bytes" },
    401: errors[401],
    404: error("Not an asset of a render this node holds"),
  },
});

function declaredLength(header: string | undefined): number {
  if (header === undefined || !/^\d+$/.test(header.trim())) {
    throw new ApiError(
      "BAD_REQUEST",
      "content-length: required; send the file as the raw body with its length",
    );
  }
  const length = Number(header);
  if (length === 0) throw new ApiError("BAD_REQUEST", "body: the file is empty");
  if (length > MAX_ARTIFACT_BYTES) {
    throw new ApiError("BAD_REQUEST", `body: ${length} bytes is over the limit of ${MAX_ARTIFACT_BYTES}`);
  }
  return length;
}

export function registerNodes(app: App) {
  app.openAPIRegistry.registerComponent("securitySchemes", "nodeToken", {
    type: "http",
    scheme: "bearer",
    description: "A render node's token, `ll_node_…` (POST /api/admin/nodes)",
  });

  app.openapi(claimRoute, async (c) => {
    const request = c.req.valid("json");
    const answer = await claimRender(c.get("services").renderQueue, {
      id: c.get("nodeId"),
      version: request.version,
    });
    return c.json(answer, 200);
  });

  app.openapi(heartbeatRoute, async (c) => {
    const answer = await heartbeat(
      c.get("services").renderQueue,
      c.get("nodeId"),
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json(answer, 200);
  });

  app.openapi(artifactRoute, async (c) => {
    const { id, name } = c.req.valid("param");
    declaredLength(c.req.header("content-length"));
    const stream = c.req.raw.body;
    if (!stream) throw new ApiError("BAD_REQUEST", "body: the file is empty");
    await storeArtifact(c.get("services").renderQueue, c.get("nodeId"), {
      renderId: id,
      name,
      fence: c.req.valid("header")[FENCE_HEADER],
      body: stream,
    });
    return c.body(null, 204);
  });

  app.openapi(bunnyUploadRoute, async (c) => {
    const answer = await announceBunnyUpload(
      c.get("services").renderQueue,
      c.get("nodeId"),
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json(answer, 200);
  });

  app.openapi(completeRoute, async (c) => {
    const { state } = await completeRender(
      c.get("services").renderQueue,
      c.get("nodeId"),
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json({ state }, 200);
  });

  app.openapi(failRoute, async (c) => {
    const { state } = await failRender(
      c.get("services").renderQueue,
      c.get("nodeId"),
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json({ state }, 200);
  });

  app.openapi(assetRoute, async (c) => {
    const key = await assetKeyForNode(c.get("db"), c.get("nodeId"), c.req.valid("param").id);
    const served = await serveMedia(c.get("env").MEDIA, key, c.req.raw);
    if (!served) throw new ApiError("NOT_FOUND", "The asset's file is missing from storage");
    return served as never;
  });
}
