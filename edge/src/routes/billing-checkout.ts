import { createRoute, z } from "@hono/zod-openapi";
import { BILLING_INTERVALS, PAID_PLAN_IDS } from "@loom-lite/schema";
import type { Context } from "hono";
import type { App, AppEnv } from "../context";
import { ApiError } from "../errors";
import { requireManager, requirePrincipal } from "../middleware/auth";
import { startCheckout } from "../services/billing/checkout";
import { listInvoices } from "../services/billing/invoices";
import { openPortal } from "../services/billing/portal";
import type { BillingDeps } from "../services/billing/subscription-sync";
import { commonErrors, SECURITY } from "./openapi-common";

const tags = ["Billing"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const auth = { security: SECURITY, middleware: requirePrincipal };
const owners = {
  ...commonErrors[401],
  description: "Only the workspace's owner, signed in, manages billing",
};
const billingOff = {
  ...commonErrors[404],
  description: "Billing is off on this deployment (no Stripe settings)",
};

const CheckoutBody = z
  .object({
    plan: z.enum(PAID_PLAN_IDS).openapi({ example: "growth" }),
    interval: z.enum(BILLING_INTERVALS).openapi({ example: "monthly" }),
  })
  .strict()
  .openapi("CheckoutRequest");

const CheckoutResult = z
  .object({
    kind: z.enum(["checkout", "upgraded", "downgrade_scheduled", "unchanged"]).openapi({
      description:
        "`checkout`: open `url` (Stripe Checkout) to subscribe; `upgraded`: the live subscription moved to the plan now, the difference invoiced; `downgrade_scheduled`: the plan changes at `at`, the end of the paid period; `unchanged`: already on that plan (a pending downgrade is cancelled)",
    }),
    url: z.string().optional().openapi({ description: "Stripe Checkout's page (kind `checkout`)" }),
    plan: z.enum(PAID_PLAN_IDS).optional(),
    interval: z.enum(BILLING_INTERVALS).optional(),
    at: z.string().optional().openapi({ description: "When a scheduled downgrade applies" }),
  })
  .openapi("CheckoutResult");

const InvoiceSchema = z
  .object({
    id: z.string().openapi({ example: "in_1Px2abc" }),
    number: z.string().nullable(),
    status: z.string().nullable().openapi({ description: "draft, open, paid, uncollectible or void" }),
    amountDue: z.number().int().openapi({ description: "In cents" }),
    amountPaid: z.number().int().openapi({ description: "In cents" }),
    currency: z.string().openapi({ example: "usd" }),
    createdAt: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    hostedInvoiceUrl: z.string().nullable(),
    invoicePdf: z.string().nullable(),
  })
  .openapi("Invoice");

const checkoutRoute = createRoute({
  method: "post",
  path: "/api/billing/checkout",
  operationId: "billing.checkout",
  tags,
  summary:
    "Subscribe to a paid plan (a Stripe Checkout url), or change the live subscription's plan: upgrades at once with proration, downgrades at the end of the period",
  ...auth,
  request: { body: { required: true, content: json(CheckoutBody) } },
  responses: {
    200: { description: "What happened", content: json(CheckoutResult) },
    ...commonErrors,
    403: owners,
    404: billingOff,
  },
});

const portalRoute = createRoute({
  method: "post",
  path: "/api/billing/portal",
  operationId: "billing.portal",
  tags,
  summary: "A Stripe Customer Portal session: payment method, invoices, cancellation",
  ...auth,
  responses: {
    200: {
      description: "The portal's url",
      content: json(z.object({ url: z.string() }).openapi("PortalSession")),
    },
    401: commonErrors[401],
    403: owners,
    404: billingOff,
  },
});

const invoicesRoute = createRoute({
  method: "get",
  path: "/api/billing/invoices",
  operationId: "billing.invoices",
  tags,
  summary: "The workspace's invoices from Stripe, newest first",
  ...auth,
  responses: {
    200: { description: "Invoices", content: json(z.object({ invoices: z.array(InvoiceSchema) })) },
    401: commonErrors[401],
    403: owners,
    404: billingOff,
  },
});

/** Billing's services, or 404 when the deployment has no Stripe settings. */
function billingOf(c: Context<AppEnv>): BillingDeps {
  const billing = c.get("services").billing;
  if (!billing) {
    throw new ApiError(
      "NOT_FOUND",
      "Billing is off on this deployment (no Stripe settings): every workspace is unlimited",
    );
  }
  return billing;
}

const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function registerBillingCheckout(app: App) {
  app.openapi(checkoutRoute, async (c) => {
    requireManager(c, "owner");
    const { plan, interval } = c.req.valid("json");
    const principal = c.get("principal");
    const result = await startCheckout(billingOf(c), {
      workspaceId: principal.workspaceId,
      plan,
      interval,
      origin: originOf(c),
    });
    return c.json(result, 200);
  });

  app.openapi(portalRoute, async (c) => {
    requireManager(c, "owner");
    const url = await openPortal(billingOf(c), c.get("principal").workspaceId, originOf(c));
    return c.json({ url }, 200);
  });

  app.openapi(invoicesRoute, async (c) => {
    requireManager(c, "owner");
    return c.json({ invoices: await listInvoices(billingOf(c), c.get("principal").workspaceId) }, 200);
  });
}
