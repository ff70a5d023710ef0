import { createRoute, z } from "@hono/zod-openapi";
import { MAX_FACECAM_SECONDS } from "@loom-lite/schema";
import type { App } from "../context";
import { ApiError } from "../errors";
import { serveMedia } from "../lib/media";
import { requirePrincipal } from "../middleware/auth";
import { ASSET_KINDS } from "../services/asset-kinds";
import {
  ASSET_CONTENT_TYPES,
  acceptedContentType,
  acceptedLength,
  getAsset,
  getAssetView,
  listAssets,
  MAX_ASSET_BYTES,
  uploadAsset,
} from "../services/assets";
import { AssetName } from "./asset-name";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

export const AssetSchema = z
  .object({
    id: z.string().openapi({ example: "ast_4fJ9a0b1c2d3e4f5" }),
    kind: z.enum(ASSET_KINDS),
    name: z.string().nullable().openapi({ example: "Intro, December" }),
    bytes: z.number().int(),
    contentType: z.string(),
    durationMs: z.number().int().nullable().openapi({
      description: "A facecam's length in milliseconds, read from the file at upload; null for other kinds",
    }),
    createdAt: z.string(),
  })
  .openapi("Asset");

const binary = z.string().openapi({ type: "string", format: "binary" });
const uploadContentTypes = [...new Set(Object.values(ASSET_CONTENT_TYPES).flat())];
const tags = ["Assets"];

const uploadRoute = createRoute({
  method: "post",
  path: "/api/assets",
  operationId: "assets.upload",
  tags,
  summary: "Upload a facecam, logo or CSV as the raw request body",
  description: `Send the file itself as the body with its Content-Type and Content-Length (at most ${MAX_ASSET_BYTES} bytes). The content decides, not the declared type: a facecam must be a real MP4, MOV or WebM with a video track and at most ${MAX_FACECAM_SECONDS} s long (read from its header); a logo a PNG, JPEG, GIF or WebP image (SVG is refused); a CSV plain text. The stored \`contentType\` is what the bytes are.`,
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    query: z.object({
      kind: z.enum(ASSET_KINDS).openapi({ example: "facecam" }),
      name: AssetName.optional().openapi({ description: "What to call it in the facecam library" }),
    }),
    body: {
      required: true,
      content: Object.fromEntries(uploadContentTypes.map((t) => [t, { schema: binary }])),
    },
  },
  responses: {
    201: { description: "Stored", content: { "application/json": { schema: AssetSchema } } },
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/assets",
  operationId: "assets.list",
  tags,
  summary: "List the workspace's assets, newest first",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { query: z.object({ kind: z.enum(ASSET_KINDS).optional() }) },
  responses: {
    200: {
      description: "Assets",
      content: { "application/json": { schema: z.object({ assets: z.array(AssetSchema) }) } },
    },
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/assets/{id}",
  operationId: "assets.get",
  tags,
  summary: "One asset's metadata",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("ast_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "The asset", content: { "application/json": { schema: AssetSchema } } },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const contentRoute = createRoute({
  method: "get",
  path: "/api/assets/{id}/content",
  operationId: "assets.content",
  tags,
  summary: "The asset's bytes (supports Range requests)",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("ast_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "The whole file", content: { "application/octet-stream": { schema: binary } } },
    206: { description: "The requested range", content: { "application/octet-stream": { schema: binary } } },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

export function registerAssets(app: App) {
  app.openapi(uploadRoute, async (c) => {
    const { kind, name } = c.req.valid("query");
    acceptedContentType(kind, c.req.header("content-type"));
    const length = acceptedLength(c.req.header("content-length"));
    const body = c.req.raw.body;
    if (!body) throw new ApiError("BAD_REQUEST", "body: the file is empty");
    const asset = await uploadAsset(c.get("workspace"), c.get("env").MEDIA, {
      kind,
      length,
      body,
      name,
    });
    return c.json(asset, 201);
  });

  app.openapi(listRoute, async (c) => {
    const { kind } = c.req.valid("query");
    return c.json({ assets: await listAssets(c.get("workspace"), kind) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const asset = await getAssetView(c.get("workspace"), c.req.valid("param").id);
    return c.json(asset, 200);
  });

  app.openapi(contentRoute, async (c) => {
    const { id } = c.req.valid("param");
    const asset = await getAsset(c.get("workspace"), id);
    const res = await serveMedia(c.get("env").MEDIA, asset.storageKey, c.req.raw);
    if (!res) throw new ApiError("NOT_FOUND", `The file of asset ${id} is missing from storage`);
    return res as never;
  });
}
