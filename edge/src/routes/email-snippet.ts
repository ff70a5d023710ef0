import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context";
import { landingLinks } from "../landing/links";
import { requirePrincipal } from "../middleware/auth";
import { emailSnippet } from "../services/email-snippet";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const snippetRoute = createRoute({
  method: "get",
  path: "/api/leads/{id}/email-snippet",
  operationId: "leads.emailSnippet",
  tags: ["Leads"],
  summary: "HTML to paste into an email: the lead's GIF (or poster) linking to their landing page",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("ld_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: {
      description: "The snippet",
      content: {
        "application/json": {
          schema: z
            .object({
              landingUrl: z.string(),
              imageUrl: z.string().nullable().openapi({ description: "null until the video is rendered" }),
              html: z.string(),
              text: z.string(),
            })
            .openapi("EmailSnippet"),
        },
      },
    },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

export function registerEmailSnippet(app: App) {
  app.openapi(snippetRoute, async (c) => {
    const snippet = await emailSnippet(c.get("workspace"), c.req.valid("param").id, await landingLinks(c));
    return c.json(snippet, 200);
  });
}
