import { createRoute, z } from "@hono/zod-openapi";
import { RENDER_STATES } from "@loom-lite/schema";
import type { App } from "../context";
import { requirePrincipal } from "../middleware/auth";
import { landingUrl } from "../services/landing";
import { addLeads, listLeads, MAX_LEADS_PER_REQUEST } from "../services/leads";
import { getWorkspace } from "../services/workspaces";
import { commonErrors, IdParam, PageQuery, SECURITY } from "./openapi-common";

const Fields = z
  .record(z.string().min(1).max(100), z.string().max(4000))
  .refine((f) => Object.keys(f).length <= 100, { message: "at most 100 fields per lead" })
  .openapi({ example: { first_name: "Ada", website: "example.com" } });

const LeadSchema = z
  .object({
    id: z.string().openapi({ example: "ld_4fJ9a0b1c2d3e4f5" }),
    slug: z.string(),
    fields: z.record(z.string(), z.string()),
    landingUrl: z.string().openapi({ description: "The lead's landing page" }),
    createdAt: z.string(),
  })
  .openapi("Lead");

const LeadRenderSchema = z
  .object({
    id: z.string(),
    state: z.enum(RENDER_STATES),
    progress: z.number(),
    stage: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi("LeadRender");

const LeadWithRenderSchema = LeadSchema.extend({ render: LeadRenderSchema.nullable() }).openapi(
  "LeadWithRender",
);

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const tags = ["Leads"];

const addLeadsRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/leads",
  tags,
  summary: "Add leads to a campaign (all or nothing)",
  description:
    "Fields that start a scene URL (`{{website}}/pricing`) must be website addresses; `example.com` is stored as `https://example.com`. One bad row rejects the whole request, naming each row and field.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: IdParam("cmp_4fJ9a0b1c2d3e4f5"),
    body: {
      required: true,
      content: json(
        z.object({
          leads: z
            .array(z.object({ fields: Fields }))
            .min(1)
            .max(MAX_LEADS_PER_REQUEST),
        }),
      ),
    },
  },
  responses: {
    201: { description: "Added", content: json(z.object({ leads: z.array(LeadSchema) })) },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const listLeadsRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}/leads",
  tags,
  summary: "List a campaign's leads in the order they were added, each with its latest render",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5"), query: PageQuery },
  responses: {
    200: {
      description: "A page of leads",
      content: json(z.object({ leads: z.array(LeadWithRenderSchema), nextCursor: z.string().nullable() })),
    },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

export function registerLeads(app: App) {
  app.openapi(addLeadsRoute, async (c) => {
    const { workspaceId } = c.get("principal");
    const db = c.get("db");
    const added = await addLeads(db, workspaceId, c.req.valid("param").id, c.req.valid("json").leads);
    const workspace = await getWorkspace(db, workspaceId);
    const url = (slug: string) => landingUrl(c.req.url, c.get("env").APP_DOMAIN, workspace.slug, slug);
    return c.json({ leads: added.map((l) => ({ ...l, landingUrl: url(l.slug) })) }, 201);
  });

  app.openapi(listLeadsRoute, async (c) => {
    const { workspaceId } = c.get("principal");
    const db = c.get("db");
    const page = await listLeads(db, workspaceId, c.req.valid("param").id, c.req.valid("query"));
    const workspace = await getWorkspace(db, workspaceId);
    const url = (slug: string) => landingUrl(c.req.url, c.get("env").APP_DOMAIN, workspace.slug, slug);
    return c.json(
      { leads: page.items.map((l) => ({ ...l, landingUrl: url(l.slug) })), nextCursor: page.nextCursor },
      200,
    );
  });
}
