import { createRoute, z } from "@hono/zod-openapi";
import { CONTACT_TEAM_SIZES, CONTACT_TOPICS } from "@loom-lite/schema";
import type { App } from "../context";
import { ErrorBodySchema } from "../errors";
import { operatorUserId, requireAdmin } from "../middleware/admin-auth";
import { listContactRequests } from "../services/contact-requests";
import { grantOperator, listOperators, revokeOperator } from "../services/operators";
import {
  createRenderNode,
  listRenderNodes,
  revokeRenderNode,
  rotateRenderNodeToken,
} from "../services/render-nodes";
import { getSystemSettings, updateSystemSettings } from "../services/settings";
import { IdParam } from "./openapi-common";

const tags = ["Operators"];
const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ adminToken: [] }, { sessionCookie: [] }];
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const error = (description: string) => ({ description, content: json(ErrorBodySchema) });
const errors = {
  400: error("Malformed request; the message names the field"),
  401: error("No admin token and no session"),
  403: error("Signed in, but not an operator"),
} as const;

const SettingsSchema = z
  .object({
    globalRenderCap: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .openapi({ description: "Renders allowed at once across every node; 0 pauses rendering", example: 4 }),
  })
  .openapi("SystemSettings");

const NodeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    tokenPrefix: z.string(),
    capacity: z.number().int(),
    version: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    revokedAt: z
      .string()
      .nullable()
      .openapi({ description: "When its token was revoked; every call it makes is refused since" }),
    createdAt: z.string(),
    renders: z.array(
      z.object({ id: z.string(), workspaceId: z.string(), state: z.string(), progress: z.number() }),
    ),
  })
  .openapi("RenderNode");

const IssuedTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    capacity: z.number().int(),
    token: z.string().openapi({ description: "`ll_node_…`; shown only in this answer" }),
  })
  .openapi("RenderNodeToken");

const createNodeRoute = createRoute({
  method: "post",
  path: "/api/admin/nodes",
  operationId: "admin.nodes.create",
  tags,
  summary: "Register a render node; its token is shown once",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: {
    body: {
      required: true,
      content: json(
        z.object({
          name: z.string().trim().min(1).max(100),
          capacity: z.number().int().min(1).max(64).default(1),
        }),
      ),
    },
  },
  responses: {
    201: { description: "Registered", content: json(IssuedTokenSchema) },
    ...errors,
    409: error("A node with that name exists"),
  },
});

const listNodesRoute = createRoute({
  method: "get",
  path: "/api/admin/nodes",
  operationId: "admin.nodes.list",
  tags,
  summary: "Render nodes, when each was last seen, and the renders each holds",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  responses: {
    200: { description: "Nodes", content: json(z.object({ nodes: z.array(NodeSchema) })) },
    401: errors[401],
    403: errors[403],
  },
});

const rotateNodeTokenRoute = createRoute({
  method: "post",
  path: "/api/admin/nodes/{id}/rotate-token",
  operationId: "admin.nodes.rotateToken",
  tags,
  summary: "Give a render node a new token, shown once; the old one is refused at once",
  description:
    "Also brings a revoked node back. Restart the node with the new NODE_TOKEN; renders it held under " +
    "the old token go back to the queue when their lease runs out.",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: { params: IdParam("nd_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "The new token", content: json(IssuedTokenSchema) },
    ...errors,
    404: error("No such node"),
  },
});

const revokeNodeRoute = createRoute({
  method: "post",
  path: "/api/admin/nodes/{id}/revoke",
  operationId: "admin.nodes.revoke",
  tags,
  summary: "Revoke a render node's token: every call it makes answers 401 from now on",
  description:
    "For a node that is retired or may be compromised. Renders it holds go back to the queue when their " +
    "lease runs out. Rotating the token brings the node back with a new one.",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: { params: IdParam("nd_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "Revoked", content: json(NodeSchema) },
    ...errors,
    404: error("No such node"),
  },
});

const getSettingsRoute = createRoute({
  method: "get",
  path: "/api/admin/settings",
  operationId: "admin.settings.get",
  tags,
  summary: "Platform settings",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  responses: {
    200: { description: "Settings", content: json(SettingsSchema) },
    401: errors[401],
    403: errors[403],
  },
});

const putSettingsRoute = createRoute({
  method: "put",
  path: "/api/admin/settings",
  operationId: "admin.settings.replace",
  tags,
  summary: "Change platform settings; the next claim uses them, no restart",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: { body: { required: true, content: json(SettingsSchema) } },
  responses: { 200: { description: "Saved", content: json(SettingsSchema) }, ...errors },
});

const gateRoute = createRoute({
  method: "get",
  path: "/api/admin/gate",
  operationId: "admin.gate.get",
  tags,
  summary: "The RenderGate's permits right now",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  responses: {
    200: {
      description: "Live permits (epoch milliseconds)",
      content: json(
        z.object({
          now: z.number(),
          permits: z.array(
            z.object({
              leaseId: z.string(),
              renderId: z.string().nullable(),
              workspaceId: z.string().nullable(),
              workspaceCap: z.number().nullable(),
              acquiredAt: z.number(),
              expiresAt: z.number(),
              cancel: z.boolean(),
            }),
          ),
        }),
      ),
    },
    401: errors[401],
    403: errors[403],
  },
});

const mediaRoute = createRoute({
  method: "get",
  path: "/api/admin/media",
  operationId: "admin.media.list",
  tags,
  summary: "List stored media objects under a key prefix",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: {
    query: z.object({
      prefix: z.string().min(1).max(512).openapi({ example: "ws/ws_4fJ9a0b1c2d3e4f5/renders/" }),
      cursor: z.string().max(1024).optional(),
    }),
  },
  responses: {
    200: {
      description: "Objects, up to 1000 per page",
      content: json(
        z.object({
          objects: z.array(z.object({ key: z.string(), size: z.number(), uploaded: z.string() })),
          cursor: z.string().nullable(),
        }),
      ),
    },
    ...errors,
  },
});

const OperatorSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    grantedBy: z
      .string()
      .nullable()
      .openapi({ description: "Email of the operator who granted it; null for the admin token" }),
    grantedAt: z.string(),
  })
  .openapi("Operator");

const listOperatorsRoute = createRoute({
  method: "get",
  path: "/api/admin/operators",
  operationId: "admin.operators.list",
  tags,
  summary: "The users with operator rights",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  responses: {
    200: {
      description: "Operators, oldest first",
      content: json(z.object({ operators: z.array(OperatorSchema) })),
    },
    401: errors[401],
    403: errors[403],
  },
});

const grantOperatorRoute = createRoute({
  method: "post",
  path: "/api/admin/operators",
  operationId: "admin.operators.grant",
  tags,
  summary: "Make a user an operator",
  description:
    "By the account's email, which must be verified. Operators register render nodes, set the global cap and read every workspace's media, so grant it sparingly. Granting twice answers 200.",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: { body: { required: true, content: json(z.object({ email: z.email().max(200) })) } },
  responses: {
    200: { description: "Already an operator", content: json(OperatorSchema) },
    201: { description: "Granted", content: json(OperatorSchema) },
    ...errors,
    404: error("No account with that email"),
    409: error("The account's email is not verified"),
  },
});

const revokeOperatorRoute = createRoute({
  method: "delete",
  path: "/api/admin/operators/{userId}",
  operationId: "admin.operators.revoke",
  tags,
  summary: "Take operator rights away from a user; their next request is refused",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: {
    params: z.object({
      userId: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: "userId", in: "path" } }),
    }),
  },
  responses: { 204: { description: "Revoked" }, ...errors, 404: error("Not an operator") },
});

const ContactRequestViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    company: z.string(),
    teamSize: z.enum(CONTACT_TEAM_SIZES),
    topic: z.enum(CONTACT_TOPICS),
    message: z.string(),
    createdAt: z.string(),
  })
  .openapi("ContactRequestView");

const listContactRequestsRoute = createRoute({
  method: "get",
  path: "/api/admin/contact-requests",
  operationId: "admin.contactRequests.list",
  tags,
  summary: "What prospects sent through the storefront's contact form, newest first",
  security: ADMIN_SECURITY,
  middleware: requireAdmin,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: {
    200: {
      description: "Contact requests",
      content: json(z.object({ requests: z.array(ContactRequestViewSchema) })),
    },
    ...errors,
  },
});

export function registerAdmin(app: App) {
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
    type: "http",
    scheme: "bearer",
    description: "The platform's ADMIN_TOKEN (operators)",
  });

  app.openapi(createNodeRoute, async (c) => {
    const node = await createRenderNode(c.get("db"), c.req.valid("json"));
    return c.json(node, 201);
  });

  app.openapi(listNodesRoute, async (c) => c.json({ nodes: await listRenderNodes(c.get("db")) }, 200));

  app.openapi(listContactRequestsRoute, async (c) =>
    c.json({ requests: await listContactRequests(c.get("db"), c.req.valid("query").limit) }, 200),
  );

  app.openapi(rotateNodeTokenRoute, async (c) =>
    c.json(await rotateRenderNodeToken(c.get("db"), c.req.valid("param").id), 200),
  );

  app.openapi(revokeNodeRoute, async (c) =>
    c.json(await revokeRenderNode(c.get("db"), c.req.valid("param").id), 200),
  );

  app.openapi(getSettingsRoute, async (c) => c.json(await getSystemSettings(c.get("db")), 200));

  app.openapi(putSettingsRoute, async (c) =>
    c.json(await updateSystemSettings(c.get("db"), c.req.valid("json")), 200),
  );

  app.openapi(gateRoute, async (c) => c.json(await c.get("gate").snapshot(), 200));

  app.openapi(listOperatorsRoute, async (c) => c.json({ operators: await listOperators(c.get("db")) }, 200));

  app.openapi(grantOperatorRoute, async (c) => {
    const grantedBy = await operatorUserId(c);
    const { operator, created } = await grantOperator(c.get("db"), {
      email: c.req.valid("json").email,
      grantedBy,
    });
    c.get("log").info("operator granted", { userId: operator.userId, grantedBy, created });
    return created ? c.json(operator, 201) : c.json(operator, 200);
  });

  app.openapi(revokeOperatorRoute, async (c) => {
    const { userId } = c.req.valid("param");
    await revokeOperator(c.get("db"), userId);
    c.get("log").info("operator revoked", { userId, by: await operatorUserId(c) });
    return c.body(null, 204);
  });

  app.openapi(mediaRoute, async (c) => {
    const { prefix, cursor } = c.req.valid("query");
    const listed = await c.get("env").MEDIA.list({ prefix, cursor, limit: 1000 });
    return c.json(
      {
        objects: listed.objects.map((o) => ({
          key: o.key,
          size: o.size,
          uploaded: o.uploaded.toISOString(),
        })),
        cursor: listed.truncated ? listed.cursor : null,
      },
      200,
    );
  });
}
