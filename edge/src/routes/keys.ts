import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context";
import { ErrorBodySchema } from "../errors";
import { isManager, requirePrincipal } from "../middleware/auth";
import { rateLimit } from "../middleware/rate-limit";
import { createApiKey, KEY_SCOPES, listApiKeys, revokeApiKey } from "../services/api-keys";
import { commonErrors, IdParam, rateLimitedResponse, SECURITY } from "./openapi-common";

const KeyScopeSchema = z.enum(KEY_SCOPES).openapi({
  description:
    "What the key may do: `admin` (manage the workspace, like an admin) or `member`. At use it acts with the lower of this and its creator's current role; owner-only actions need a signed-in owner.",
});

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: "ll_live_4fJ9" }),
    role: KeyScopeSchema,
    createdBy: z.string().nullable().openapi({ description: "The user who created it; null once deleted" }),
    lastUsedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("ApiKey");

const CreatedApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: KeyScopeSchema,
    key: z.string().openapi({ description: "The whole key; shown only in this answer" }),
  })
  .openapi("CreatedApiKey");

const forbidden = {
  description: "A scope above the caller's role, or another person's key revoked by a member",
  content: { "application/json": { schema: ErrorBodySchema } },
};

const tags = ["API keys"];

const createKeyRoute = createRoute({
  method: "post",
  path: "/api/keys",
  operationId: "keys.create",
  tags,
  summary: "Create an API key (the key is shown once)",
  description:
    "`role` defaults to the caller's own role (at most `admin`); a member can create `member` keys only. The key stops working when its creator leaves the workspace.",
  security: SECURITY,
  middleware: [requirePrincipal, rateLimit("api_key_create_ip", "api_key_create_workspace")] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ name: z.string().trim().min(1).max(100), role: z.enum(KEY_SCOPES).optional() }),
        },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: CreatedApiKeySchema } } },
    400: commonErrors[400],
    401: commonErrors[401],
    403: forbidden,
    429: rateLimitedResponse,
  },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/api/keys",
  operationId: "keys.list",
  tags,
  summary: "List the workspace's active API keys",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: {
      description: "Active keys, newest first",
      content: { "application/json": { schema: z.object({ keys: z.array(ApiKeySchema) }) } },
    },
    401: commonErrors[401],
  },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/api/keys/{id}",
  operationId: "keys.revoke",
  tags,
  summary: "Revoke an API key; it stops working at once",
  description: "Owners and admins revoke any key of the workspace; members only the keys they created.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("key_4fJ9a0b1c2d3e4f5") },
  responses: {
    204: { description: "Revoked" },
    401: commonErrors[401],
    403: forbidden,
    404: commonErrors[404],
  },
});

export function registerKeys(app: App) {
  app.openapi(createKeyRoute, async (c) => {
    const principal = c.get("principal");
    const { name, role } = c.req.valid("json");
    const created = await createApiKey(c.get("workspace"), {
      name,
      createdBy: principal.userId,
      creatorRole: principal.role,
      role,
    });
    return c.json(created, 201);
  });

  app.openapi(listKeysRoute, async (c) => {
    const keys = await listApiKeys(c.get("workspace"));
    return c.json({ keys }, 200);
  });

  app.openapi(revokeKeyRoute, async (c) => {
    const principal = c.get("principal");
    await revokeApiKey(c.get("workspace"), c.req.valid("param").id, {
      userId: principal.userId,
      manager: isManager(principal),
    });
    return c.body(null, 204);
  });
}
