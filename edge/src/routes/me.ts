import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context";
import { requirePrincipal } from "../middleware/auth";
import { getMe } from "../services/workspaces";
import { commonErrors, SECURITY } from "./openapi-common";

const MeSchema = z
  .object({
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    via: z.enum(["session", "api_key"]),
  })
  .openapi("Me");

const getMeRoute = createRoute({
  method: "get",
  path: "/api/me",
  tags: ["Account"],
  summary: "The caller and their workspace",
  description: "For an API key, `user` is the user who created the key (null if that user is gone).",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: { description: "The caller", content: { "application/json": { schema: MeSchema } } },
    401: commonErrors[401],
  },
});

export function registerMe(app: App) {
  app.openapi(getMeRoute, async (c) => {
    const principal = c.get("principal");
    const me = await getMe(c.get("db"), principal);
    return c.json({ ...me, via: principal.kind }, 200);
  });
}
