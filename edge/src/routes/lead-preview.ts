import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context";
import { ApiError } from "../errors";
import { landingLinks } from "../landing/links";
import { PREVIEW_PARAM, PREVIEW_TOKEN_TTL_MS, previewUrl } from "../landing/team-mark";
import { requirePrincipal } from "../middleware/auth";
import { getLead } from "../services/leads";
import { commonErrors, IdParam } from "./openapi-common";

const previewRoute = createRoute({
  method: "get",
  path: "/api/leads/{id}/preview",
  operationId: "leads.preview",
  tags: ["Leads"],
  summary: "Open a lead's landing page as a team member (the dashboard's links to a page)",
  description: `Redirects a signed-in member to the lead's landing page with a \`${PREVIEW_PARAM}\` token (valid ${PREVIEW_TOKEN_TTL_MS / 60_000} minutes, bound to the workspace, the lead and the landing host). The landing host trades it for a first-party team cookie and redirects to the page's own address without the token; events from that browser are recorded with audience \`team\` and never count as the prospect's. Only for people signed in to the dashboard: API keys get 403, since what an integration fetches tends to reach prospects. Never send this address to a prospect; send the lead's \`landingUrl\`.`,
  security: [{ sessionCookie: [] }],
  middleware: requirePrincipal,
  request: { params: IdParam("ld_4fJ9a0b1c2d3e4f5") },
  responses: {
    302: {
      description: "To the landing page with a preview token",
      headers: z.object({
        Location: z.string().openapi({ description: "The page's address with a short-lived preview token" }),
      }),
    },
    401: commonErrors[401],
    403: { ...commonErrors[404], description: "An API key: preview links are for signed-in members" },
    404: commonErrors[404],
  },
});

export function registerLeadPreview(app: App) {
  app.openapi(previewRoute, async (c) => {
    if (c.get("principal").kind !== "session") {
      throw new ApiError(
        "FORBIDDEN",
        "Preview links are for people signed in to the dashboard; to link a prospect, use the lead's landingUrl",
      );
    }
    const ws = c.get("workspace");
    const lead = await getLead(ws, c.req.valid("param").id);
    const landingUrl = (await landingLinks(c))(lead.slug);
    const subject = { workspaceId: ws.workspaceId, leadId: lead.id };
    const url = await previewUrl(c.get("env").BETTER_AUTH_SECRET, landingUrl, subject);
    c.header("cache-control", "private, no-store");
    return c.redirect(url, 302) as never;
  });
}
