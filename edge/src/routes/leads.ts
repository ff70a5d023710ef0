import { createRoute, z } from "@hono/zod-openapi";
import { FallbackSceneSchema, RENDER_STATES } from "@loom-lite/schema";
import type { Context } from "hono";
import type { App, AppEnv } from "../context";
import { landingLinks } from "../landing/links";
import { requirePrincipal } from "../middleware/auth";
import { EXPORT_COLUMNS, exportLeadsCsv } from "../services/lead-export";
import {
  addLeads,
  deleteLead,
  getLead,
  LEAD_STATE_FILTERS,
  listLeads,
  MAX_LEADS_PER_REQUEST,
  updateLead,
} from "../services/leads";
import { slugify } from "../services/workspaces";
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
    excluded: z.boolean().openapi({ description: 'Left out of "Render all" (from the contact sheet)' }),
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
    error: z.string().nullable().openapi({ description: "Why it failed, in words a user can act on" }),
    errorCode: z.string().nullable(),
    fallbacks: z.array(FallbackSceneSchema).openapi({
      description:
        "Scenes the campaign's fallback page stood in for, because the lead's page could not be used: the video is delivered, but not of the lead's own site. Empty for a video of the lead's site.",
    }),
    artifacts: z
      .record(z.string(), z.string())
      .openapi({ description: "Artifact name → URL (video.mp4, poster.jpg, preview.gif)" }),
    finishedAt: z.string().nullable(),
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
  operationId: "leads.add",
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
  operationId: "leads.list",
  tags,
  summary: "List a campaign's leads in the order they were added, each with its latest render",
  description:
    "`state` keeps leads whose newest render is in that state (`none`: never rendered, `active`: held by a node); `q` searches the field values.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: IdParam("cmp_4fJ9a0b1c2d3e4f5"),
    query: PageQuery.extend({
      state: z.enum(LEAD_STATE_FILTERS).optional(),
      q: z.string().max(200).optional().openapi({ description: "Text in any field value, any case" }),
    }),
  },
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

const leadId = IdParam("ld_4fJ9a0b1c2d3e4f5");

const getLeadRoute = createRoute({
  method: "get",
  path: "/api/leads/{id}",
  operationId: "leads.get",
  tags,
  summary: "One lead with its latest render",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: leadId },
  responses: {
    200: { description: "The lead", content: json(LeadWithRenderSchema) },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const patchLeadRoute = createRoute({
  method: "patch",
  path: "/api/leads/{id}",
  operationId: "leads.update",
  tags,
  summary: "Change a lead: replace its fields, exclude it from the campaign",
  description:
    'Fields are checked like new leads: fields that start a scene URL must be website addresses and are normalised. Renders queued afterwards use the new fields, and the lead\'s site check is out of date until it is checked again. `excluded: true` leaves the lead out of "Render all" (its videos stay); `false` takes it back.',
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: leadId,
    body: {
      required: true,
      content: json(
        z
          .object({ fields: Fields.optional(), excluded: z.boolean().optional() })
          .strict()
          .refine((b) => b.fields !== undefined || b.excluded !== undefined, {
            message: "give fields, excluded or both",
          }),
      ),
    },
  },
  responses: {
    200: { description: "The updated lead", content: json(LeadWithRenderSchema) },
    ...commonErrors,
  },
});

const deleteLeadRoute = createRoute({
  method: "delete",
  path: "/api/leads/{id}",
  operationId: "leads.delete",
  tags,
  summary: "Delete a lead with its renders and their media",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: leadId },
  responses: {
    200: {
      description: "Deleted",
      content: json(
        z.object({
          id: z.string(),
          mediaFilesDeleted: z.number().int(),
          mediaFilesPending: z
            .number()
            .int()
            .optional()
            .openapi({ description: "Media files still queued for deletion; present only when some are" }),
        }),
      ),
    },
    401: commonErrors[401],
    404: commonErrors[404],
    409: { ...commonErrors[404], description: "The lead is being rendered; cancel first" },
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}/leads/export",
  operationId: "leads.export",
  tags,
  summary: "Export the leads as CSV for outreach tools (Lemlist, Instantly, Smartlead)",
  description: `Each lead's fields, then ${EXPORT_COLUMNS.join(", ")}: the public landing page and the media of its newest finished video (empty while it has none), and the state of its newest render. Use the columns as merge variables, e.g. {{landingUrl}} and {{thumbnailUrl}}.`,
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "CSV file", content: { "text/csv": { schema: z.string() } } },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

export function registerLeads(app: App) {
  const landingUrlFor = (c: Context<AppEnv>) => landingLinks(c);

  app.openapi(getLeadRoute, async (c) => {
    const lead = await getLead(c.get("workspace"), c.req.valid("param").id);
    const url = await landingUrlFor(c);
    return c.json({ ...lead, landingUrl: url(lead.slug) }, 200);
  });

  app.openapi(patchLeadRoute, async (c) => {
    const lead = await updateLead(c.get("workspace"), c.req.valid("param").id, c.req.valid("json"));
    const url = await landingUrlFor(c);
    return c.json({ ...lead, landingUrl: url(lead.slug) }, 200);
  });

  app.openapi(deleteLeadRoute, async (c) => {
    const { id } = c.req.valid("param");
    const removed = await deleteLead(c.get("workspace"), c.get("services").mediaStores, id);
    const pending = removed.pending > 0 ? { mediaFilesPending: removed.pending } : {};
    return c.json({ id, mediaFilesDeleted: removed.deleted, ...pending }, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const url = await landingUrlFor(c);
    const exported = await exportLeadsCsv(c.get("workspace"), c.req.valid("param").id, url);
    const filename = `${slugify(exported.campaignName) || "campaign"}-leads.csv`;
    return c.body(exported.csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    });
  });

  app.openapi(addLeadsRoute, async (c) => {
    const added = await addLeads(c.get("workspace"), c.req.valid("param").id, c.req.valid("json").leads);
    const url = await landingLinks(c);
    return c.json({ leads: added.map((l) => ({ ...l, landingUrl: url(l.slug) })) }, 201);
  });

  app.openapi(listLeadsRoute, async (c) => {
    const page = await listLeads(c.get("workspace"), c.req.valid("param").id, c.req.valid("query"));
    const url = await landingLinks(c);
    return c.json(
      { leads: page.items.map((l) => ({ ...l, landingUrl: url(l.slug) })), nextCursor: page.nextCursor },
      200,
    );
  });
}
