import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK_DELIVERY_STATES, WEBHOOK_EVENTS } from "@loom-lite/schema/db";
import type { App } from "../context";
import { requireManager, requirePrincipal } from "../middleware/auth";
import { listDeliveries, sendTestEvent } from "../services/webhook-deliveries";
import { targetPolicy } from "../services/webhook-targets";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from "../services/webhooks";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const tags = ["Webhooks"];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const auth = { security: SECURITY, middleware: requirePrincipal };
const webhookId = IdParam("whk_4fJ9a0b1c2d3e4f5");

const UrlSchema = z
  .url({ protocol: /^https?$/, normalize: true })
  .max(2000)
  .openapi({
    description:
      "Where events are POSTed: https, a public host name (no IP address, no local or internal name, none of the platform's own hosts); a local stack may also use http://localhost",
    example: "https://example.com/hooks/loom",
  });
const EventsSchema = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .openapi({ description: "The events this endpoint receives" });

const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: "whk_4fJ9a0b1c2d3e4f5" }),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    createdAt: z.string(),
  })
  .openapi("Webhook");

const DeliverySchema = z
  .object({
    id: z.string().openapi({ example: "whd_4fJ9a0b1c2d3e4f5" }),
    event: z.string(),
    state: z.enum(WEBHOOK_DELIVERY_STATES),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().openapi({ description: "HTTP status of the last attempt" }),
    lastError: z.string().nullable(),
    nextAttemptAt: z
      .string()
      .nullable()
      .openapi({ description: "When the next retry is due, while pending" }),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    body: z.string().openapi({ description: "The exact JSON body sent (and signed)" }),
  })
  .openapi("WebhookDelivery");

const SIGNING =
  "Each POST carries `Loom-Signature: t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 of `<t>.<raw body>` with the endpoint's secret; compare in constant time and refuse old timestamps. Failed deliveries are retried with exponential backoff, then marked failed.";

const createRouteDef = createRoute({
  method: "post",
  path: "/api/webhooks",
  operationId: "webhooks.create",
  tags,
  summary: "Add a webhook endpoint; the answer shows its signing secret, once",
  description: SIGNING,
  ...auth,
  request: {
    body: { required: true, content: json(z.object({ url: UrlSchema, events: EventsSchema }).strict()) },
  },
  responses: {
    201: {
      description: "Created",
      content: json(
        WebhookSchema.extend({
          secret: z.string().openapi({ description: "Signing secret (`whsec_…`); not shown again" }),
        }),
      ),
    },
    ...commonErrors,
    403: { ...commonErrors[401], description: "Only owners and admins manage webhooks" },
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/webhooks",
  operationId: "webhooks.list",
  tags,
  summary: "The workspace's webhook endpoints",
  ...auth,
  responses: {
    200: {
      description: "Endpoints, newest first",
      content: json(z.object({ webhooks: z.array(WebhookSchema) })),
    },
    401: commonErrors[401],
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/webhooks/{id}",
  operationId: "webhooks.get",
  tags,
  summary: "One webhook endpoint",
  ...auth,
  request: { params: webhookId },
  responses: {
    200: { description: "The endpoint", content: json(WebhookSchema) },
    401: commonErrors[401],
    404: commonErrors[404],
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/api/webhooks/{id}",
  operationId: "webhooks.update",
  tags,
  summary: "Change an endpoint's URL or events",
  ...auth,
  request: {
    params: webhookId,
    body: {
      required: true,
      content: json(
        z
          .object({ url: UrlSchema.optional(), events: EventsSchema.optional() })
          .strict()
          .refine((b) => b.url !== undefined || b.events !== undefined, { message: "send url or events" }),
      ),
    },
  },
  responses: {
    200: { description: "The endpoint", content: json(WebhookSchema) },
    ...commonErrors,
    403: { ...commonErrors[401], description: "Only owners and admins manage webhooks" },
  },
});

const deleteRouteDef = createRoute({
  method: "delete",
  path: "/api/webhooks/{id}",
  operationId: "webhooks.delete",
  tags,
  summary: "Remove an endpoint and its delivery log",
  ...auth,
  request: { params: webhookId },
  responses: {
    204: { description: "Removed" },
    401: commonErrors[401],
    403: { ...commonErrors[401], description: "Only owners and admins manage webhooks" },
    404: commonErrors[404],
  },
});

const deliveriesRoute = createRoute({
  method: "get",
  path: "/api/webhooks/{id}/deliveries",
  operationId: "webhooks.deliveries.list",
  tags,
  summary: "The endpoint's delivery log, newest first",
  ...auth,
  request: {
    params: webhookId,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  },
  responses: {
    200: { description: "Deliveries", content: json(z.object({ deliveries: z.array(DeliverySchema) })) },
    ...commonErrors,
  },
});

const testRoute = createRoute({
  method: "post",
  path: "/api/webhooks/{id}/test",
  operationId: "webhooks.test",
  tags,
  summary: "Send a signed `webhook.test` event to the endpoint now",
  description:
    "Answers the delivery as it stands after the first attempt; a failure is retried like any other.",
  ...auth,
  request: { params: webhookId },
  responses: {
    200: { description: "The delivery after its first attempt", content: json(DeliverySchema) },
    401: commonErrors[401],
    403: { ...commonErrors[401], description: "Only owners and admins manage webhooks" },
    404: commonErrors[404],
  },
});

export function registerWebhooks(app: App) {
  app.openapi(createRouteDef, async (c) => {
    requireManager(c);
    const targets = targetPolicy(c.get("env"));
    return c.json(await createWebhook(c.get("workspace"), c.req.valid("json"), targets), 201);
  });

  app.openapi(listRoute, async (c) => c.json({ webhooks: await listWebhooks(c.get("workspace")) }, 200));

  app.openapi(getRoute, async (c) =>
    c.json(await getWebhook(c.get("workspace"), c.req.valid("param").id), 200),
  );

  app.openapi(patchRoute, async (c) => {
    requireManager(c);
    const { id } = c.req.valid("param");
    return c.json(
      await updateWebhook(c.get("workspace"), id, c.req.valid("json"), targetPolicy(c.get("env"))),
      200,
    );
  });

  app.openapi(deleteRouteDef, async (c) => {
    requireManager(c);
    await deleteWebhook(c.get("workspace"), c.req.valid("param").id);
    return c.body(null, 204);
  });

  app.openapi(deliveriesRoute, async (c) => {
    const deliveries = await listDeliveries(
      c.get("workspace"),
      c.req.valid("param").id,
      c.req.valid("query").limit,
    );
    return c.json({ deliveries }, 200);
  });

  app.openapi(testRoute, async (c) => {
    requireManager(c);
    const delivery = await sendTestEvent(
      c.get("workspace"),
      c.req.valid("param").id,
      c.get("services").webhookDelivery,
    );
    return c.json(delivery, 200);
  });
}
