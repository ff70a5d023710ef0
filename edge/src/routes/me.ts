import { createRoute, z } from "@hono/zod-openapi";
import { authFor } from "../auth/auth";
import { callAuth } from "../auth/call";
import type { App } from "../context";
import { ApiError, ErrorBodySchema } from "../errors";
import { requireManager, requirePrincipal, requireUser } from "../middleware/auth";
import { deleteAccount } from "../services/account-deletion";
import { listUserWorkspaces, switchWorkspace } from "../services/workspace-settings";
import { emailInUse, getMe } from "../services/workspaces";
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
    user: z
      .object({
        id: z.string(),
        name: z.string(),
        email: z.string(),
        emailVerified: z.boolean().openapi({
          description:
            "Whether the address was confirmed by the link sent to it; unverified accounts cannot accept invitations or be operators",
        }),
      })
      .nullable(),
    workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
    role: z.enum(ROLES).nullable().openapi({
      description:
        "The user's role; for an API key, the role it acts with now (the lower of its scope and its creator's role)",
    }),
    via: z.enum(["session", "api_key"]),
  })
  .openapi("Me");

/** Where the verification link of a new address lands once opened. */
const EMAIL_CHANGED_CALLBACK = "/app#/settings/profile";

const getMeRoute = createRoute({
  method: "get",
  path: "/api/me",
  operationId: "me.get",
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
  operationId: "me.update",
  tags,
  summary: "Change the signed-in user's name, or ask to change their email",
  description:
    "A new email needs `currentPassword` and takes effect only when the link sent to the new address is opened; until then the account keeps its address, and the answer's `pendingEmail` names the new one.",
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
            currentPassword: z.string().min(1).max(128).optional(),
          })
          .strict()
          .refine((b) => b.name !== undefined || b.email !== undefined, { message: "send name or email" }),
      ),
    },
  },
  responses: {
    200: {
      description: "Updated; `pendingEmail` is set when a verification link went to a new address",
      content: json(MeSchema.extend({ pendingEmail: z.string().nullable() })),
    },
    ...commonErrors,
    403: forbidden,
    409: { description: "Another account uses that email", content: json(ErrorBodySchema) },
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/api/me/password",
  operationId: "me.changePassword",
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
  operationId: "me.delete",
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
  operationId: "me.workspaces.list",
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
  operationId: "me.workspaces.switch",
  tags,
  summary: "Work in another workspace the user belongs to, in this session",
  description:
    "Only this session moves: other browsers and tabs signed in as the same user keep working where they were. New sessions start in the workspace switched to last.",
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
    const { userId } = requireUser(c);
    const { name, email, currentPassword } = c.req.valid("json");
    const auth = authFor(c);
    const principal = c.get("principal");
    const before = await getMe(c.get("db"), principal);
    const newEmail =
      email !== undefined && email.toLowerCase() !== before.user?.email.toLowerCase() ? email : null;
    // Everything about a new address is checked before anything changes.
    if (newEmail !== null) {
      if (currentPassword === undefined) {
        throw new ApiError("BAD_REQUEST", "currentPassword: needed to change the email address");
      }
      await callAuth(
        c,
        (headers) =>
          auth.api.verifyPassword({ body: { password: currentPassword }, headers, asResponse: true }),
        { INVALID_PASSWORD: "currentPassword", CREDENTIAL_ACCOUNT_NOT_FOUND: "currentPassword" },
      );
      // better-auth answers a taken address like a success (so it cannot be probed); say it plainly.
      if (await emailInUse(c.get("db"), newEmail, userId)) {
        throw new ApiError("CONFLICT", `email: ${newEmail} belongs to another account`);
      }
    }
    if (name !== undefined) {
      await callAuth(c, (headers) => auth.api.updateUser({ body: { name }, headers, asResponse: true }));
    }
    if (newEmail !== null) {
      await callAuth(
        c,
        (headers) =>
          auth.api.changeEmail({
            body: { newEmail, callbackURL: EMAIL_CHANGED_CALLBACK },
            headers,
            asResponse: true,
          }),
        { INVALID_EMAIL: "email" },
      );
      c.get("log").info("email change requested; waiting for the new address to be verified", { userId });
    }
    const after = name !== undefined ? await getMe(c.get("db"), principal) : before;
    return c.json({ ...after, role: principal.role, via: principal.kind, pendingEmail: newEmail }, 200);
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
        ...c.get("services"),
        stores: c.get("services").mediaStores,
        leaseMs: c.get("env").LEASE_TTL_MS,
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
    const { userId, sessionId } = requireUser(c);
    const { id } = c.req.valid("param");
    await switchWorkspace(c.get("db"), { userId, sessionId }, id);
    return c.json({ workspaceId: id }, 200);
  });
}
