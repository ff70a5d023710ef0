import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context";
import { requirePrincipal } from "../middleware/auth";
import { deleteFacecam, listFacecams, renameFacecam } from "../services/facecam-library";
import { mediaStoresOf } from "../services/render-media";
import { AssetName } from "./asset-name";
import { AssetSchema } from "./assets";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const FacecamSchema = AssetSchema.extend({
  usedBy: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .openapi({ description: "Campaigns that render with this facecam; it can be deleted only when empty" }),
}).openapi("Facecam");

const tags = ["Facecams"];
const auth = { security: SECURITY, middleware: requirePrincipal };

const listRoute = createRoute({
  method: "get",
  path: "/api/facecams",
  operationId: "facecams.list",
  tags,
  summary: "The facecam library: every facecam of the workspace, newest first, with the campaigns using it",
  ...auth,
  responses: {
    200: {
      description: "Facecams",
      content: { "application/json": { schema: z.object({ facecams: z.array(FacecamSchema) }) } },
    },
    401: commonErrors[401],
  },
});

const renameRoute = createRoute({
  method: "patch",
  path: "/api/facecams/{id}",
  operationId: "facecams.rename",
  tags,
  summary: "Rename a facecam",
  ...auth,
  request: {
    params: IdParam("ast_4fJ9a0b1c2d3e4f5"),
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ name: AssetName }).strict() } },
    },
  },
  responses: {
    200: { description: "Renamed", content: { "application/json": { schema: FacecamSchema } } },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/api/facecams/{id}",
  operationId: "facecams.delete",
  tags,
  summary: "Delete a facecam no campaign uses, with its file",
  ...auth,
  request: { params: IdParam("ast_4fJ9a0b1c2d3e4f5") },
  responses: {
    204: { description: "Deleted" },
    401: commonErrors[401],
    404: commonErrors[404],
    409: { ...commonErrors[404], description: "Campaigns still use it; the message names them" },
  },
});

export function registerFacecams(app: App) {
  app.openapi(listRoute, async (c) => c.json({ facecams: await listFacecams(c.get("workspace")) }, 200));

  app.openapi(renameRoute, async (c) => {
    const facecam = await renameFacecam(
      c.get("workspace"),
      c.req.valid("param").id,
      c.req.valid("json").name,
    );
    return c.json(facecam, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    await deleteFacecam(c.get("workspace"), mediaStoresOf(c.get("env")), c.req.valid("param").id);
    return c.body(null, 204);
  });
}
