import { createRoute, z } from "@hono/zod-openapi";
import { PREFLIGHT_VERDICTS, RENDER_STATES } from "@loom-lite/schema";
import type { App } from "../context";
import { ErrorBodySchema } from "../errors";
import { requirePrincipal } from "../middleware/auth";
import { queueSiteChecks, siteCheckSheet } from "../services/site-checks";
import { commonErrors, IdParam, PageQuery, SECURITY } from "./openapi-common";

const tags = ["Site checks"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const SiteCheckSchema = z
  .object({
    id: z.string().openapi({ example: "rnd_4fJ9a0b1c2d3e4f5" }),
    state: z.enum(RENDER_STATES),
    verdict: z.enum(PREFLIGHT_VERDICTS).nullable().openapi({
      description:
        "usable: the video will show the lead's site; walled: a bot wall or login is in the way; broken: unreachable, an error page or blank; fallback: unusable, so the campaign's fallback page would be filmed. Null until the check is done.",
    }),
    reason: z
      .string()
      .nullable()
      .openapi({ description: "Why the site cannot be used, or why the check failed" }),
    url: z.string().nullable().openapi({ description: "The page that was checked" }),
    frameUrl: z
      .string()
      .nullable()
      .openapi({ description: "The page's first frame (JPEG), when it showed anything" }),
    finishedAt: z.string().nullable(),
  })
  .openapi("SiteCheck");

const SheetLeadSchema = z
  .object({
    id: z.string().openapi({ example: "ld_4fJ9a0b1c2d3e4f5" }),
    fields: z.record(z.string(), z.string()),
    excluded: z.boolean().openapi({ description: 'Left out of "Render all"' }),
    check: SiteCheckSchema.nullable().openapi({ description: "The newest check; null when never checked" }),
    stale: z.boolean().openapi({ description: "The lead's fields changed after its newest check" }),
  })
  .openapi("SiteCheckLead");

const SummarySchema = z
  .object({
    leads: z.number().int(),
    excluded: z.number().int(),
    pending: z.number().int().openapi({ description: "Leads whose newest check is queued or running" }),
    failed: z.number().int().openapi({ description: "Checks that could not run" }),
    verdicts: z.record(z.enum(PREFLIGHT_VERDICTS), z.number().int()),
  })
  .openapi("SiteCheckSummary");

const queueRoute = createRoute({
  method: "post",
  path: "/api/campaigns/{id}/site-checks",
  operationId: "siteChecks.queue",
  tags,
  summary: "Check the leads' sites before rendering (the contact sheet)",
  description:
    "Queues a pre-flight check of each lead's first scene page: a render node opens it, keeps its first frame and says whether it can be filmed. Checks wait behind videos in the queue and are never billed or announced. All leads not excluded when `leadIds` is omitted. A lead whose newest check is queued, running, or done since its fields last changed is not queued again, so repeating the request is harmless. An archived campaign is refused (409).",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: IdParam("cmp_4fJ9a0b1c2d3e4f5"),
    body: {
      required: false,
      content: json(
        z.object({ leadIds: z.array(z.string().min(1).max(64)).min(1).max(1000).optional() }).strict(),
      ),
    },
  },
  responses: {
    202: {
      description: "Queued",
      content: json(
        z.object({
          queued: z.number().int().openapi({ description: "Checks queued now" }),
          current: z.number().int().openapi({ description: "Leads skipped: their check is current" }),
        }),
      ),
    },
    ...commonErrors,
    409: { description: "The campaign is archived", content: json(ErrorBodySchema) },
  },
});

const sheetRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}/site-checks",
  operationId: "siteChecks.sheet",
  tags,
  summary: "The contact sheet: each lead's newest site check, a page at a time",
  description: "Leads in the order they were added, with the whole campaign's tally in `summary`.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5"), query: PageQuery },
  responses: {
    200: {
      description: "One page",
      content: json(
        z.object({
          items: z.array(SheetLeadSchema),
          nextCursor: z.string().nullable(),
          summary: SummarySchema,
        }),
      ),
    },
    ...commonErrors,
  },
});

export function registerSiteChecks(app: App) {
  app.openapi(queueRoute, async (c) => {
    const body = c.req.valid("json") as { leadIds?: string[] } | undefined;
    const answer = await queueSiteChecks(c.get("workspace"), {
      campaignId: c.req.valid("param").id,
      ...(body?.leadIds ? { leadIds: body.leadIds } : {}),
      maxAttempts: c.get("env").MAX_ATTEMPTS,
    });
    return c.json(answer, 202);
  });

  app.openapi(sheetRoute, async (c) => {
    const sheet = await siteCheckSheet(c.get("workspace"), c.req.valid("param").id, c.req.valid("query"));
    return c.json(sheet, 200);
  });
}
