import { createRoute, z } from "@hono/zod-openapi";
import { LEAD_EVENT_AUDIENCES, LEAD_EVENT_TYPES } from "@loom-lite/schema/db";
import type { App } from "../context";
import { requirePrincipal } from "../middleware/auth";
import { campaignFunnel, countsByDay, leadTimeline, watchersSince } from "../services/lead-events";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const tags = ["Analytics"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const auth = { security: SECURITY, middleware: requirePrincipal };

const FunnelSchema = z
  .object({
    leads: z.number().int(),
    sent: z.number().int().openapi({ description: "Leads with a finished video (a link to send)" }),
    viewed: z.number().int(),
    played: z.number().int(),
    watchedHalf: z.number().int().openapi({ description: "Leads who watched at least 50 %" }),
    clicked: z.number().int(),
    booked: z.number().int(),
  })
  .openapi("CampaignFunnel", { description: "Distinct leads at each step; bots are never counted" });

const funnelRoute = createRoute({
  method: "get",
  path: "/api/campaigns/{id}/funnel",
  operationId: "analytics.funnel",
  tags,
  summary: "A campaign's funnel: sent → viewed → played → 50 % → clicked → booked",
  ...auth,
  request: { params: IdParam("cmp_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "The funnel", content: json(FunnelSchema) },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const timelineRoute = createRoute({
  method: "get",
  path: "/api/leads/{id}/timeline",
  operationId: "analytics.timeline",
  tags,
  summary: "What happened on one lead's page, oldest first, the team's own visits marked as such",
  ...auth,
  request: { params: IdParam("ld_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: {
      description: "The lead's events",
      content: json(
        z.object({
          events: z.array(
            z
              .object({
                type: z.enum(LEAD_EVENT_TYPES),
                audience: z.enum(LEAD_EVENT_AUDIENCES).openapi({
                  description:
                    "`team`: a member of the workspace opened the page from the dashboard (its preview link); such events never count as the prospect's in the funnel, figures or webhooks",
                }),
                percent: z
                  .number()
                  .int()
                  .nullable()
                  .openapi({ description: "For progress: 25, 50, 75 or 100" }),
                visitId: z.string().nullable(),
                occurredAt: z.string(),
              })
              .openapi("LeadEvent"),
          ),
        }),
      ),
    },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const watchersRoute = createRoute({
  method: "get",
  path: "/api/analytics/watchers",
  operationId: "analytics.watchers",
  tags,
  summary: "Who watched: leads who opened their page since a time (default: today, UTC)",
  ...auth,
  request: {
    query: z.object({
      since: z.iso.datetime({ offset: true }).optional().openapi({
        description: "ISO time; defaults to the start of today in UTC",
        example: "2026-11-27T00:00:00Z",
      }),
    }),
  },
  responses: {
    200: {
      description: "Leads, most recently seen first",
      content: json(
        z.object({
          since: z.string(),
          watchers: z.array(
            z
              .object({
                leadId: z.string(),
                campaignId: z.string(),
                slug: z.string(),
                fields: z.record(z.string(), z.string()),
                firstSeenAt: z.string(),
                lastSeenAt: z.string(),
                played: z.boolean(),
                maxPercent: z.number().int(),
                clicked: z.boolean(),
                booked: z.boolean(),
              })
              .openapi("Watcher"),
          ),
        }),
      ),
    },
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

const dailyRoute = createRoute({
  method: "get",
  path: "/api/analytics/daily",
  operationId: "analytics.daily",
  tags,
  summary: "Views, plays, CTA clicks and bookings per UTC day, for the workspace or one campaign",
  ...auth,
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(366).default(30),
      campaignId: z.string().min(1).max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: "One entry per day, oldest first, days without events included",
      content: json(
        z.object({
          days: z.array(
            z
              .object({
                date: z.string().openapi({ example: "2026-11-27" }),
                views: z.number().int(),
                plays: z.number().int(),
                clicks: z.number().int(),
                booked: z.number().int(),
              })
              .openapi("DayCounts"),
          ),
        }),
      ),
    },
    400: commonErrors[400],
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function registerAnalytics(app: App) {
  app.openapi(funnelRoute, async (c) =>
    c.json(await campaignFunnel(c.get("workspace"), c.req.valid("param").id), 200),
  );

  app.openapi(timelineRoute, async (c) => {
    const events = await leadTimeline(c.get("workspace"), c.req.valid("param").id);
    return c.json({ events }, 200);
  });

  app.openapi(watchersRoute, async (c) => {
    const { since } = c.req.valid("query");
    const from = since ? new Date(since) : startOfUtcDay();
    const watchers = await watchersSince(c.get("workspace"), from);
    return c.json({ since: from.toISOString(), watchers }, 200);
  });

  app.openapi(dailyRoute, async (c) => {
    const days = await countsByDay(c.get("workspace"), c.req.valid("query"));
    return c.json({ days }, 200);
  });
}
