import { createRoute, z } from "@hono/zod-openapi";
import { BILLING_INTERVALS, PLAN_IDS } from "@loom-lite/schema";
import type { App } from "../context";
import { ErrorBodySchema } from "../errors";
import { requireManager, requirePrincipal } from "../middleware/auth";
import {
  getBilling,
  listPeriodUsage,
  MAX_SPENDING_CAP_CENTS,
  planViews,
  updateOverage,
} from "../services/billing/account";
import { commonErrors, PageQuery, SECURITY } from "./openapi-common";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const tags = ["Billing"];
const error = (description: string) => ({ description, content: json(ErrorBodySchema) });

const PlanSchema = z
  .object({
    id: z.enum(PLAN_IDS),
    name: z.string(),
    tagline: z.string(),
    priceCents: z
      .object(
        Object.fromEntries(BILLING_INTERVALS.map((i) => [i, z.number().int()])) as Record<
          (typeof BILLING_INTERVALS)[number],
          z.ZodNumber
        >,
      )
      .nullable()
      .openapi({ description: "US cents per interval; null where nothing is sold (Trial)" }),
    includedMinutes: z.number().int(),
    overageCentsPerMinute: z.number().int().nullable(),
    seats: z.number().int(),
    customDomains: z.number().int(),
    rendersAtOnce: z.number().int(),
    maxVideoSeconds: z.number().int(),
    loomLiteBranding: z.boolean(),
  })
  .openapi("Plan");

const BillingSchema = z
  .object({
    enabled: z.boolean().openapi({
      description: "False when the installation has no Stripe settings: every workspace is unlimited",
    }),
    plan: PlanSchema,
    status: z.string().nullable().openapi({ description: "The Stripe subscription's status, if any" }),
    cancelAtPeriodEnd: z.boolean(),
    trialDaysLeft: z.number().int().nullable(),
    blocked: z
      .string()
      .nullable()
      .openapi({ description: "Why new renders are refused (payment past due beyond grace), or null" }),
    period: z.object({ start: z.string(), end: z.string() }),
    usage: z.object({
      usedSeconds: z.number().int(),
      reservedSeconds: z.number().int().openapi({ description: "Held by queued and running renders" }),
      includedSeconds: z.number().int(),
      remainingSeconds: z
        .number()
        .int()
        .openapi({ description: "What new renders may still use, overage within the cap included" }),
      overageSeconds: z.number().int(),
    }),
    overage: z.object({
      available: z.boolean().openapi({ description: "The plan sells minutes beyond the included ones" }),
      enabled: z.boolean(),
      spendingCapCents: z.number().int(),
      centsPerMinute: z.number().int().nullable(),
    }),
    warning: z
      .object({ percent: z.number().int(), message: z.string() })
      .nullable()
      .openapi({ description: "The 80 % / 100 % banner for the period, or null" }),
  })
  .openapi("Billing");

const UsageRowSchema = z
  .object({
    id: z.string(),
    renderId: z.string(),
    campaignId: z.string(),
    campaignName: z.string().nullable().openapi({ description: "Null once the campaign is deleted" }),
    videoSeconds: z.number(),
    overageSeconds: z.number(),
    fallback: z.boolean().openapi({ description: "A fallback video (the lead's site was unusable)" }),
    createdAt: z.string(),
  })
  .openapi("UsageRow");

const plansRoute = createRoute({
  method: "get",
  path: "/api/plans",
  operationId: "plans.list",
  tags,
  summary: "The plans on sale and what each allows (public)",
  security: [],
  responses: {
    200: {
      description: "Every plan, Trial and Free included",
      content: json(z.object({ plans: z.array(PlanSchema) })),
    },
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/billing",
  operationId: "billing.get",
  tags,
  summary: "The workspace's plan, period, usage, limits and warning",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: { description: "Billing", content: json(BillingSchema) },
    401: commonErrors[401],
  },
});

const usageRoute = createRoute({
  method: "get",
  path: "/api/billing/usage",
  operationId: "billing.usage",
  tags,
  summary: "The renders that used the current period's minutes, newest first",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { query: PageQuery },
  responses: {
    200: {
      description: "A page of usage",
      content: json(z.object({ items: z.array(UsageRowSchema), nextCursor: z.string().nullable() })),
    },
    400: commonErrors[400],
    401: commonErrors[401],
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/api/billing",
  operationId: "billing.update",
  tags,
  summary: "Allow overage up to a spending cap (owner only)",
  description:
    "Overage is billed per minute at the plan's price, up to `spendingCapCents` per period (0: none). Raising the cap starts held renders that now fit.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    body: {
      required: true,
      content: json(
        z
          .object({
            overageEnabled: z.boolean().optional(),
            spendingCapCents: z
              .number()
              .int()
              .min(0)
              .max(MAX_SPENDING_CAP_CENTS)
              .optional()
              .openapi({ description: `US cents per period, 0 to ${MAX_SPENDING_CAP_CENTS}` }),
          })
          .strict()
          .refine((b) => b.overageEnabled !== undefined || b.spendingCapCents !== undefined, {
            message: "send overageEnabled, spendingCapCents or both",
          }),
      ),
    },
  },
  responses: {
    200: { description: "Billing after the change", content: json(BillingSchema) },
    400: commonErrors[400],
    401: commonErrors[401],
    402: error("The plan has no overage; the message names the way out"),
    403: error("Only the workspace's owner, signed in, can change this"),
    409: error("Billing is off on this installation"),
  },
});

export function registerBilling(app: App) {
  app.openapi(plansRoute, (c) => c.json({ plans: planViews() }, 200));

  app.openapi(getRoute, async (c) => c.json(await getBilling(c.get("workspace"), c.get("env").billing), 200));

  app.openapi(usageRoute, async (c) =>
    c.json(await listPeriodUsage(c.get("workspace"), c.req.valid("query")), 200),
  );

  app.openapi(patchRoute, async (c) => {
    requireManager(c, "owner");
    const billing = c.get("env").billing;
    await updateOverage(c.get("workspace"), billing, c.req.valid("json"));
    return c.json(await getBilling(c.get("workspace"), billing), 200);
  });
}
