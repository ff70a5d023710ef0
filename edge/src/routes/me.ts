import { createRoute, z } from "@hono/zod-openapi";
import { authFor } from "../auth/auth";
import { callAuth } from "../auth/call";
import type { App } from "../context";
import { ApiError, ErrorBodySchema } from "../errors";
import { requireManager, requirePrincipal, requireUser } from "../middleware/auth";
import { deleteAccount } from "../services/account-deletion";
import { mediaStoresOf } from "../services/render-media";
import { listUserWorkspaces, switchWorkspace } from "../services/workspace-settings";
import { getMe } from "../services/workspaces";
import { commonErrors, IdParam, SECURITY } from "./openapi-common";

const ROLES = ["owner", "admin", "member"] as const;
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const tags = ["Account"];
const forbidden = {
  description: "Needs a signed-in user (API keys cannot), or the owner",
  content: json(ErrorBodySchema),
};

const MeSchema = z
  .object({
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    role: z.enum(ROLES).nullable().openapi({ description: "The user's role; null for an API key" }),
    via: z.enum(["session", "api_key"]),
  })
  .openapi("Me");

const getMeRoute = createRoute({
  method: "get",
  path: "/api/me",
  tags,
  summary: "The caller and their workspace",
  description: "For an API key, `user` is the user who created the key (null if that user is gone).",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: { description: "The caller", content: json(MeSchema) },
    401: commonErrors[401],
  },
});

const patchMeRoute = createRoute({
  method: "patch",
  path: "/api/me",
  tags,
  summary: "Change the signed-in user's name or email",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    body: {
      required: true,
      content: json(
        z
          .object({
            name: z.string().trim().min(1).max(100).optional(),
            email: z.email().max(200).optional(),
          })
          .strict()
          .refine((b) => b.name !== undefined || b.email !== undefined, { message: "send name or email" }),
      ),
    },
  },
  responses: {
    200: { description: "Updated", content: json(MeSchema) },
    ...commonErrors,
    403: forbidden,
    409: { description: "Another account uses that email", content: json(ErrorBodySchema) },
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/api/me/password",
  tags,
  summary: "Change the signed-in user's password",
  description: "Other sessions of the user are signed out unless `revokeOtherSessions` is false.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    body: {
      required: true,
      content: json(
        z.object({
          currentPassword: z.string().min(1).max(128),
          newPassword: z.string().min(8).max(128),
          revokeOtherSessions: z.boolean().default(true),
        }),
      ),
    },
  },
  responses: {
    200: { description: "Changed", content: json(z.object({ changed: z.literal(true) })) },
    ...commonErrors,
    403: forbidden,
  },
});

const deleteMeRoute = createRoute({
  method: "delete",
  path: "/api/me",
  tags,
  summary: "Delete the account: the workspace, all its data and media, and the user",
  description:
    "Only the workspace's owner, signed in. `confirm` must be the workspace's slug. The answer says what was removed.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { body: { required: true, content: json(z.object({ confirm: z.string().max(100) })) } },
  responses: {
    200: {
      description: "Deleted",
      content: json(
        z
          .object({
            workspace: z.object({ id: z.string(), slug: z.string() }),
            removed: z.object({
              campaigns: z.number().int(),
              leads: z.number().int(),
              renders: z.number().int(),
              assets: z.number().int(),
              apiKeys: z.number().int(),
              memberships: z.number().int(),
              invitations: z.number().int(),
              emails: z.number().int(),
              mediaFiles: z.number().int(),
              mediaFilesPending: z.number().int().optional().openapi({
                description:
                  "Media files still queued for deletion (a store did not answer); deleted by a retried job. Present only when some are",
              }),
            }),
            userDeleted: z.boolean(),
          })
          .openapi("AccountDeletion"),
      ),
    },
    ...commonErrors,
    403: forbidden,
  },
});

const WorkspaceChoice = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    role: z.enum(ROLES),
    current: z.boolean(),
  })
  .openapi("WorkspaceChoice");

const workspacesRoute = createRoute({
  method: "get",
  path: "/api/me/workspaces",
  tags,
  summary: "The workspaces the signed-in user belongs to",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: { description: "Workspaces", content: json(z.object({ workspaces: z.array(WorkspaceChoice) })) },
    401: commonErrors[401],
    403: forbidden,
  },
});

const switchRoute = createRoute({
  method: "post",
  path: "/api/me/workspaces/{id}/switch",
  tags,
  summary: "Work in another workspace the user belongs to",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("ws_4fJ9a0b1c2d3e4f5") },
  responses: {
    200: { description: "Switched", content: json(z.object({ workspaceId: z.string() })) },
    401: commonErrors[401],
    403: forbidden,
    404: commonErrors[404],
  },
});

export function registerMe(app: App) {
  app.openapi(getMeRoute, async (c) => {
    const principal = c.get("principal");
    const me = await getMe(c.get("db"), principal);
    return c.json({ ...me, role: principal.role, via: principal.kind }, 200);
  });

  app.openapi(patchMeRoute, async (c) => {
    requireUser(c);
    const { name, email } = c.req.valid("json");
    const auth = authFor(c);
    if (name !== undefined) {
      await callAuth(c, (headers) => auth.api.updateUser({ body: { name }, headers, asResponse: true }));
    }
    const principal = c.get("principal");
    const before = await getMe(c.get("db"), principal);
    if (email !== undefined && email.toLowerCase() !== before.user?.email.toLowerCase()) {
      await callAuth(
        c,
        (headers) => auth.api.changeEmail({ body: { newEmail: email }, headers, asResponse: true }),
        { INVALID_EMAIL: "email" },
      );
      const after = await getMe(c.get("db"), principal);
      // better-auth answers a taken address like a success (so it cannot be probed); say it plainly.
      if (after.user?.email.toLowerCase() !== email.toLowerCase()) {
        throw new ApiError("CONFLICT", `email: ${email} belongs to another account`);
      }
      return c.json({ ...after, role: principal.role, via: principal.kind }, 200);
    }
    return c.json({ ...before, role: principal.role, via: principal.kind }, 200);
  });

  app.openapi(passwordRoute, async (c) => {
    requireUser(c);
    const body = c.req.valid("json");
    await callAuth(c, (headers) => authFor(c).api.changePassword({ body, headers, asResponse: true }), {
      INVALID_PASSWORD: "currentPassword",
      PASSWORD_TOO_SHORT: "newPassword",
      PASSWORD_TOO_LONG: "newPassword",
      CREDENTIAL_ACCOUNT_NOT_FOUND: "currentPassword",
    });
    return c.json({ changed: true as const }, 200);
  });

  app.openapi(deleteMeRoute, async (c) => {
    const { userId, workspaceId } = requireUser(c);
    requireManager(c, "owner");
    const report = await deleteAccount(
      {
        db: c.get("db"),
        stores: mediaStoresOf(c.get("env")),
        leaseMs: c.get("env").LEASE_TTL_MS,
        gate: c.get("gate"),
        customHostnames: c.get("customHostnames"),
        customDomainTarget: c.get("env").CUSTOM_DOMAIN_TARGET,
      },
      { userId, workspaceId, confirm: c.req.valid("json").confirm },
    );
    c.get("log").info("account deleted", { workspaceId, userId, removed: report.removed });
    return c.json(report, 200);
  });

  app.openapi(workspacesRoute, async (c) => {
    const { userId, workspaceId } = requireUser(c);
    const list = await listUserWorkspaces(c.get("db"), userId);
    return c.json({ workspaces: list.map((w) => ({ ...w, current: w.id === workspaceId })) }, 200);
  });

  app.openapi(switchRoute, async (c) => {
    const { userId } = requireUser(c);
    const { id } = c.req.valid("param");
    await switchWorkspace(c.get("db"), userId, id);
    return c.json({ workspaceId: id }, 200);
  });
}
