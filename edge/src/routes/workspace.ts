import { createRoute, z } from "@hono/zod-openapi";
import { BrandingSchema } from "@loom-lite/schema";
import type { Context } from "hono";
import type { App, AppEnv } from "../context";
import { ErrorBodySchema } from "../errors";
import { landingUrl } from "../landing/leads";
import { getSessionUser, requireManager, requirePrincipal, requireUser } from "../middleware/auth";
import { rateLimit } from "../middleware/rate-limit";
import {
  acceptInvitation,
  createInvitation,
  INVITABLE_ROLES,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "../services/invitations";
import { changeMemberRole, type MembershipActor, removeMember } from "../services/memberships";
import { getWorkspaceDetails, listMembers, updateWorkspace } from "../services/workspace-settings";
import { commonErrors, IdParam, rateLimitedResponse, SECURITY } from "./openapi-common";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const tags = ["Workspace"];
const error = (description: string) => ({ description, content: json(ErrorBodySchema) });
const forbidden = error("Only the owner or an admin (or an API key) may do this");

const WorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string().openapi({ description: "Landing pages live on <slug>.<LANDING_DOMAIN>" }),
    plan: z.string(),
    renderConcurrency: z.number().int(),
    branding: BrandingSchema,
    landingBaseUrl: z.string().openapi({ example: "https://acme.loom-lite.example" }),
    createdAt: z.string(),
  })
  .openapi("Workspace");

const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(INVITABLE_ROLES),
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .openapi("Invitation");

const getRoute = createRoute({
  method: "get",
  path: "/api/workspace",
  operationId: "workspace.get",
  tags,
  summary: "The current workspace: name, landing-page subdomain, plan, branding",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: { description: "The workspace", content: json(WorkspaceSchema) },
    401: commonErrors[401],
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/api/workspace",
  operationId: "workspace.update",
  tags,
  summary: "Rename the workspace, change its subdomain (slug) or its branding",
  description:
    "Changing the slug moves every landing page to the new subdomain; links already sent stop working. `branding` replaces the whole object.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    body: {
      required: true,
      content: json(
        z
          .object({
            name: z.string().trim().min(1).max(100).optional(),
            slug: z.string().trim().min(1).max(40).optional(),
            branding: BrandingSchema.optional(),
          })
          .strict()
          .refine((b) => Object.keys(b).length > 0, { message: "send at least one of name, slug, branding" }),
      ),
    },
  },
  responses: {
    200: { description: "Updated", content: json(WorkspaceSchema) },
    ...commonErrors,
    403: forbidden,
    409: error("The slug is taken"),
  },
});

const ROLES = ["owner", "admin", "member"] as const;

const MemberSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    joinedAt: z.string(),
  })
  .openapi("Member");

const UserIdParam = z.object({
  userId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "userId", in: "path" }, example: "Xk3v9Qm2Lr7Tn5Wp8Yb1Cd4Fg6Hj0Ks" }),
});

const memberRules =
  "Owners and admins manage members; only an owner changes or removes an owner or makes someone owner; the last owner can be neither demoted nor removed.";

const changeRoleRoute = createRoute({
  method: "patch",
  path: "/api/workspace/members/{userId}",
  operationId: "workspace.members.update",
  tags,
  summary: "Change a member's role",
  description: `${memberRules} Their API keys act with the new role at once.`,
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    params: UserIdParam,
    body: { required: true, content: json(z.object({ role: z.enum(ROLES) }).strict()) },
  },
  responses: {
    200: { description: "The member with the new role", content: json(MemberSchema) },
    ...commonErrors,
    403: error("Not allowed by the rules above"),
    409: error("The workspace's last owner"),
  },
});

const removeMemberRoute = createRoute({
  method: "delete",
  path: "/api/workspace/members/{userId}",
  operationId: "workspace.members.remove",
  tags,
  summary: "Remove a member from the workspace",
  description: `${memberRules} The API keys they created in this workspace are revoked.`,
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: UserIdParam },
  responses: {
    204: { description: "Removed" },
    ...commonErrors,
    403: error("Not allowed by the rules above"),
    409: error("The workspace's last owner"),
  },
});

const membersRoute = createRoute({
  method: "get",
  path: "/api/workspace/members",
  operationId: "workspace.members.list",
  tags,
  summary: "The workspace's members",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: {
      description: "Members, oldest first",
      content: json(z.object({ members: z.array(MemberSchema) })),
    },
    401: commonErrors[401],
  },
});

const inviteRoute = createRoute({
  method: "post",
  path: "/api/workspace/invitations",
  operationId: "workspace.invitations.create",
  tags,
  summary: "Invite a teammate by email",
  description:
    "Sends an email with a one-time accept link (valid 7 days), also returned here as `acceptUrl` so it can be shared another way. Inviting the same address again replaces the earlier link.",
  security: SECURITY,
  middleware: requirePrincipal,
  request: {
    body: {
      required: true,
      content: json(z.object({ email: z.email().max(200), role: z.enum(INVITABLE_ROLES).default("member") })),
    },
  },
  responses: {
    201: { description: "Invited", content: json(InvitationSchema.extend({ acceptUrl: z.string() })) },
    ...commonErrors,
    402: error("The plan's seats are taken (members and pending invitations); the message names the way out"),
    403: forbidden,
    409: error("Already a member"),
  },
});

const listInvitationsRoute = createRoute({
  method: "get",
  path: "/api/workspace/invitations",
  operationId: "workspace.invitations.list",
  tags,
  summary: "Open invitations (not accepted, revoked or expired)",
  security: SECURITY,
  middleware: requirePrincipal,
  responses: {
    200: { description: "Invitations", content: json(z.object({ invitations: z.array(InvitationSchema) })) },
    401: commonErrors[401],
  },
});

const revokeInvitationRoute = createRoute({
  method: "delete",
  path: "/api/workspace/invitations/{id}",
  operationId: "workspace.invitations.revoke",
  tags,
  summary: "Revoke an open invitation; its link stops working",
  security: SECURITY,
  middleware: requirePrincipal,
  request: { params: IdParam("inv_4fJ9a0b1c2d3e4f5") },
  responses: { 204: { description: "Revoked" }, ...commonErrors, 403: forbidden },
});

const TokenParam = z.object({
  token: z
    .string()
    .min(16)
    .max(128)
    .openapi({ param: { name: "token", in: "path" } }),
});

const previewRoute = createRoute({
  method: "get",
  path: "/api/invitations/{token}",
  operationId: "invitations.get",
  security: [],
  tags,
  summary: "What an invitation link is for (no sign-in needed)",
  request: { params: TokenParam },
  responses: {
    200: {
      description: "The invitation",
      content: json(
        z.object({
          workspaceName: z.string(),
          email: z.string(),
          role: z.enum(INVITABLE_ROLES),
          invitedBy: z.string().nullable(),
          status: z.enum(["pending", "accepted", "revoked", "expired"]),
          expiresAt: z.string(),
        }),
      ),
    },
    400: commonErrors[400],
    404: commonErrors[404],
  },
});

const acceptRoute = createRoute({
  method: "post",
  path: "/api/invitations/{token}/accept",
  operationId: "invitations.accept",
  tags,
  summary: "Join the invitation's workspace as the signed-in user",
  description:
    "The signed-in user's email must be the invited one, and verified. The workspace becomes the current workspace of this session.",
  security: SECURITY,
  middleware: [requirePrincipal, rateLimit("invitation_accept_ip", "invitation_accept_user")] as const,
  request: { params: TokenParam },
  responses: {
    200: {
      description: "Joined",
      content: json(
        z.object({
          workspaceId: z.string(),
          name: z.string(),
          slug: z.string(),
          role: z.enum(INVITABLE_ROLES),
        }),
      ),
    },
    ...commonErrors,
    402: error("The workspace's plan has no seat left for another member"),
    403: error("Signed in with another email or an unverified one, or with an API key"),
    409: error("Already accepted, revoked or expired"),
    429: rateLimitedResponse,
  },
});

export function registerWorkspace(app: App) {
  const details = async (c: Context<AppEnv>) => {
    const workspace = await getWorkspaceDetails(c.get("workspace"));
    const base = landingUrl(c.req.url, c.get("env").LANDING_DOMAIN, workspace.slug, "");
    return { ...workspace, landingBaseUrl: base.replace(/\/$/, "") };
  };

  app.openapi(getRoute, async (c) => c.json(await details(c), 200));

  app.openapi(patchRoute, async (c) => {
    requireManager(c);
    await updateWorkspace(c.get("workspace"), c.req.valid("json"));
    return c.json(await details(c), 200);
  });

  app.openapi(membersRoute, async (c) => c.json({ members: await listMembers(c.get("workspace")) }, 200));

  /** A session may act as high as its role; an API key as high as its scope (verifyApiKey). */
  const actorOf = (c: Context<AppEnv>): MembershipActor => {
    const principal = c.get("principal");
    return { userId: principal.userId, cap: principal.kind === "session" ? "owner" : principal.role };
  };

  app.openapi(changeRoleRoute, async (c) => {
    requireManager(c);
    const member = await changeMemberRole(
      c.get("workspace"),
      actorOf(c),
      c.req.valid("param").userId,
      c.req.valid("json").role,
    );
    return c.json(member, 200);
  });

  app.openapi(removeMemberRoute, async (c) => {
    requireManager(c);
    const { userId } = c.req.valid("param");
    const { revokedKeys } = await removeMember(c.get("workspace"), actorOf(c), userId);
    c.get("log").info("member removed", { workspaceId: c.get("workspace").workspaceId, userId, revokedKeys });
    return c.body(null, 204);
  });

  app.openapi(inviteRoute, async (c) => {
    requireManager(c);
    const principal = c.get("principal");
    const body = c.req.valid("json");
    const invitation = await createInvitation(c.get("workspace"), c.get("log"), {
      email: body.email,
      role: body.role,
      invitedBy: principal.userId,
      origin: new URL(c.req.url).origin,
      billing: c.get("env").billing,
    });
    return c.json(invitation, 201);
  });

  app.openapi(listInvitationsRoute, async (c) =>
    c.json({ invitations: await listInvitations(c.get("workspace")) }, 200),
  );

  app.openapi(revokeInvitationRoute, async (c) => {
    requireManager(c);
    await revokeInvitation(c.get("workspace"), c.req.valid("param").id);
    return c.body(null, 204);
  });

  app.openapi(previewRoute, async (c) =>
    c.json(await previewInvitation(c.get("db"), c.req.valid("param").token), 200),
  );

  app.openapi(acceptRoute, async (c) => {
    const { userId, sessionId } = requireUser(c);
    const user = await getSessionUser(c);
    const joined = await acceptInvitation(c.get("db"), {
      token: c.req.valid("param").token,
      userId,
      sessionId,
      userEmail: user?.email ?? "",
      emailVerified: user?.emailVerified ?? false,
      billing: c.get("env").billing,
    });
    return c.json(joined, 200);
  });
}
