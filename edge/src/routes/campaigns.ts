import { createRoute, z } from "@hono/zod-openapi";
import { LandingSettingsSchema, SceneSpecSchema } from "@loom-lite/schema";
import type { App } from "../context";
import { requirePrincipal } from "../middleware/auth";
import { BULK_ACTIONS, bulkCampaigns } from "../services/campaign-bulk";
import {
  CAMPAIGN_STATUSES,
  createCampaign,
  deleteCampaign,
  duplicateCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from "../services/campaigns";
import { openExampleCampaign, storefrontOrigin } from "../services/example-campaign";
import { commonErrors, IdParam, PageQuery, SECURITY } from "./openapi-common";

// Used as they are: schemas from @loom-lite/schema may be created before @hono/zod-openapi extends
// zod, so they cannot rely on `.openapi()`.
const SceneSpec = SceneSpecSchema;
const Landing = LandingSettingsSchema;

export const CampaignSchema = z
  .object({
    id: z.string().openapi({ example: "cmp_4fJ9a0b1c2d3e4f5" }),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    spec: SceneSpec,
    landing: Landing,
    figures: z
      .object({
        leads: z.number().int(),
        rendered: z.number().int().openapi({ description: "Leads with a finished video" }),
        failed: z.number().int().openapi({ description: "Leads whose newest render failed" }),
        rendering: z
          .number()
          .int()
          .openapi({ description: "Leads whose newest render is queued or running" }),
        views: z.number().int().openapi({
          description:
            "Landing page views recorded by the pages' beacons; link-preview bots and mail scanners are not counted",
        }),
        held: z.number().int().openapi({
          description: "Leads whose newest render is held (`blocked_quota`) until the workspace has minutes",
        }),
        usedSeconds: z.number().int().openapi({
          description:
            "Seconds of finished video the campaign's renders used (the usage ledger, every period)",
        }),
        outdated: z.number().int().openapi({
          description:
            "Leads whose video was made before the spec last changed (see `specUpdatedAt`), with no newer video and none on its way",
        }),
      })
      .openapi("CampaignFigures"),
    leadColumns: z.array(z.string()).openapi({
      description: "The merge fields the campaign's leads carry (normalised); empty while it has no leads",
      example: ["company", "first_name", "website"],
    }),
    specUpdatedAt: z.string().nullable().openapi({
      description:
        "When the spec last changed what the videos show (a rename or the export policy does not count); null while it is the spec the campaign was created with",
    }),
    example: z.boolean().openapi({
      description:
        "The platform's example campaign (`POST /api/campaigns/example`), not one the workspace made; its copies are ordinary campaigns",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Campaign");

/** Merge fields a lead list will carry beyond the standard columns, named before any lead exists. */
const Columns = z
  .array(z.string().trim().min(1).max(100))
  .max(100)
  .optional()
  .openapi({
    description:
      "Merge fields the leads will carry beyond the standard columns (website, first_name, last_name, name, email, company, title, phone, linkedin_url, city, country). Every merge field the scenes and landing texts name must be a column of the campaign's leads or, before it has leads, a standard or declared column.",
    example: ["favourite_dish"],
  });

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const tags = ["Campaigns"];
const auth = { security: SECURITY, middleware: requirePrincipal };
const campaignId = IdParam("cmp_4fJ9a0b1c2d3e4f5");

const createCampaignRoute = createRoute({
  method: "post",
  path: "/api/campaigns",
  operationId: "campaigns.create",
  tags,
  summary: "Create a campaign from a scene spec and an uploaded facecam",
  ...auth,
  request: {
    body: {
      required: true,
      content: json(
        z.object({
          name: z.string().trim().min(1).max(200),
          spec: SceneSpec,
          landing: Landing.optional(),
          columns: Columns,
        }),
      ),
    },
  },
  responses: {
    201: { description: "Created", content: json(CampaignSchema) },
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

const listCampaignsRoute = createRoute({
  method: "get",
  path: "/api/campaigns",
  operationId: "campaigns.list",
  tags,
  summary: "List campaigns, newest first, with their figures; search by name and filter by status",
  ...auth,
  request: {
    query: PageQuery.extend({
      q: z.string().max(200).optional().openapi({ description: "Part of the name, any case", example: "q3" }),
      status: z.enum(CAMPAIGN_STATUSES).optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of campaigns",
      content: json(
        z.object({
          campaigns: z.array(CampaignSchema),
          nextCursor: z.string().nullable(),
          total: z.number().int().openapi({ description: "Campaigns matching q and status" }),
        }),
      ),
    },
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

const getCampaignRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}",
  operationId: "campaigns.get",
  tags,
  summary: "One campaign",
  ...auth,
  request: { params: campaignId },
  responses: {
    200: { description: "The campaign", content: json(CampaignSchema) },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const patchCampaignRoute = createRoute({
  method: "patch",
  path: "/api/campaigns/{id}",
  operationId: "campaigns.update",
  tags,
  summary: "Rename, change the status, the scene spec or the landing page settings",
  description:
    "`landing` and `spec` each replace the whole object. Landing settings are read when a page is served, so a change applies without re-rendering; a new spec applies to renders queued after it.",
  ...auth,
  request: {
    params: campaignId,
    body: {
      required: true,
      content: json(
        z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            status: z.enum(CAMPAIGN_STATUSES).optional(),
            landing: Landing.optional(),
            spec: SceneSpec.optional(),
            columns: Columns,
          })
          .strict()
          .refine((b) => Object.keys(b).length > 0, {
            message: "send at least one of name, status, landing, spec",
          }),
      ),
    },
  },
  responses: {
    200: { description: "The updated campaign", content: json(CampaignSchema) },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const duplicateCampaignRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/duplicate",
  operationId: "campaigns.duplicate",
  tags,
  summary: "Copy a campaign's video settings and landing page into a new draft campaign, without its leads",
  description: 'The copy is named "<name> (copy)"; rename it with `PATCH /api/campaigns/{id}`.',
  ...auth,
  request: { params: campaignId },
  responses: {
    201: { description: "Created", content: json(CampaignSchema) },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const exampleCampaignRoute = createRoute({
  method: "post",
  path: "/api/campaigns/example",
  operationId: "campaigns.openExample",
  tags,
  summary: "Open the workspace's example campaign, making it on the first call",
  description:
    "The example holds a demo facecam (copied into the workspace's facecams through the same checks as an upload), one scene over each lead's website with a greeting, landing texts with merge fields and a button, and three example leads whose websites are this platform's own pages (home, pricing, features), which every render node can reach. Nothing is rendered until asked; its videos count against the plan like any other. Later calls answer the same campaign (200), also after it was edited; once deleted, the next call makes a new one.",
  ...auth,
  responses: {
    200: { description: "The example campaign, made earlier", content: json(CampaignSchema) },
    201: { description: "The example campaign, made now", content: json(CampaignSchema) },
    401: commonErrors[401],
  },
});

const deleteCampaignRoute = createRoute({
  method: "delete",
  path: "/api/campaigns/{id}",
  operationId: "campaigns.delete",
  tags,
  summary: "Delete a campaign with its leads, renders and their media",
  ...auth,
  request: { params: campaignId },
  responses: {
    204: { description: "Deleted" },
    401: commonErrors[401],
    404: commonErrors[404],
    409: { ...commonErrors[404], description: "Renders of the campaign are in progress" },
  },
});

const bulkRoute = createRoute({
  method: "post",
  path: "/api/campaigns/bulk",
  operationId: "campaigns.bulk",
  tags,
  summary: "Archive, restore, delete or re-render several campaigns",
  description:
    "Every id must be a campaign of this workspace, or nothing happens (404). `delete` removes leads, renders and media, and is refused (409) while any of the campaigns is rendering. `rerender` queues a new render for every lead that has none queued or running.",
  ...auth,
  request: {
    body: {
      required: true,
      content: json(
        z.object({
          action: z.enum(BULK_ACTIONS),
          ids: z.array(z.string().min(1).max(64)).min(1).max(500),
        }),
      ),
    },
  },
  responses: {
    200: {
      description: "Done",
      content: json(
        z
          .object({
            action: z.enum(BULK_ACTIONS),
            ids: z.array(z.string()),
            queued: z.number().int(),
            mediaFilesDeleted: z.number().int(),
            mediaFilesPending: z
              .number()
              .int()
              .optional()
              .openapi({ description: "Media files still queued for deletion; present only when some are" }),
          })
          .openapi("CampaignBulkResult"),
      ),
    },
    ...commonErrors,
    409: { ...commonErrors[404], description: "Renders are in progress, or a campaign is archived" },
  },
});

export function registerCampaigns(app: App) {
  app.openapi(bulkRoute, async (c) => {
    const result = await bulkCampaigns(
      c.get("workspace"),
      {
        stores: c.get("services").mediaStores,
        maxAttempts: c.get("env").MAX_ATTEMPTS,
        billing: c.get("env").billing,
      },
      c.req.valid("json"),
    );
    return c.json(result, 200);
  });

  app.openapi(exampleCampaignRoute, async (c) => {
    const env = c.get("env");
    const { campaign, created } = await openExampleCampaign(c.get("workspace"), {
      siteAssets: env.ASSETS,
      bucket: env.MEDIA,
      stores: c.get("services").mediaStores,
      storefrontOrigin: storefrontOrigin(env),
    });
    return created ? c.json(campaign, 201) : c.json(campaign, 200);
  });

  app.openapi(createCampaignRoute, async (c) => {
    const campaign = await createCampaign(c.get("workspace"), c.req.valid("json"));
    return c.json(campaign, 201);
  });

  app.openapi(listCampaignsRoute, async (c) => {
    const page = await listCampaigns(c.get("workspace"), c.req.valid("query"));
    return c.json({ campaigns: page.items, nextCursor: page.nextCursor, total: page.total }, 200);
  });

  app.openapi(getCampaignRoute, async (c) => {
    const campaign = await getCampaign(c.get("workspace"), c.req.valid("param").id);
    return c.json(campaign, 200);
  });

  app.openapi(patchCampaignRoute, async (c) => {
    const campaign = await updateCampaign(c.get("workspace"), c.req.valid("param").id, c.req.valid("json"));
    return c.json(campaign, 200);
  });

  app.openapi(duplicateCampaignRoute, async (c) => {
    const campaign = await duplicateCampaign(c.get("workspace"), c.req.valid("param").id);
    return c.json(campaign, 201);
  });

  app.openapi(deleteCampaignRoute, async (c) => {
    await deleteCampaign(c.get("workspace"), c.get("services").mediaStores, c.req.valid("param").id);
    return c.body(null, 204);
  });
}
