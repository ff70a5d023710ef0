import type { Context, MiddlewareHandler } from "hono";
import { authFor } from "../auth/auth";
import type { AppEnv, Principal } from "../context";
import { ApiError } from "../errors";
import { API_KEY_PREFIX, verifyApiKey } from "../services/api-keys";
import { ensureWorkspaceForUser } from "../services/workspaces";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

const sessionUsers = new WeakMap<Context, Promise<SessionUser | null>>();

/** The user signed in through the session cookie, or null. Looked up once per request. */
export function getSessionUser(c: Context<AppEnv>): Promise<SessionUser | null> {
  let pending = sessionUsers.get(c);
  if (!pending) {
    pending = authFor(c)
      .api.getSession({ headers: c.req.raw.headers })
      .then((s) => (s ? { id: s.user.id, name: s.user.name, email: s.user.email } : null));
    sessionUsers.set(c, pending);
  }
  return pending;
}

function bearerToken(c: Context): string | null {
  const header = c.req.header("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? "";
}

async function resolvePrincipal(c: Context<AppEnv>): Promise<Principal | null> {
  const token = bearerToken(c);
  if (token !== null) {
    if (!token.startsWith(API_KEY_PREFIX)) return null;
    const key = await verifyApiKey(c.get("db"), token);
    if (!key) return null;
    return {
      kind: "api_key",
      userId: key.createdBy,
      workspaceId: key.workspaceId,
      role: null,
      apiKeyId: key.id,
    };
  }
  const user = await getSessionUser(c);
  if (!user) return null;
  // Normally created at sign-up; this also repairs a user whose sign-up hook did not finish.
  const workspace = await ensureWorkspaceForUser(c.get("db"), user);
  return { kind: "session", userId: user.id, workspaceId: workspace.id, role: workspace.role };
}

/**
 * Lets the request through when it carries a session cookie or `Authorization: Bearer ll_live_…`,
 * with `c.get("principal")` set to the caller's workspace; answers 401 otherwise.
 */
export const requirePrincipal: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = await resolvePrincipal(c);
  if (!principal) {
    throw new ApiError(
      "UNAUTHORIZED",
      "Sign in, or send an API key as `Authorization: Bearer ll_live_…`; the one given is missing, unknown or revoked.",
    );
  }
  c.set("principal", principal);
  await next();
};

/** A signed-in user (not an API key): for actions on the person's own account. */
export function requireUser(c: Context<AppEnv>): { userId: string; workspaceId: string } {
  const principal = c.get("principal");
  if (principal.kind !== "session" || !principal.userId) {
    throw new ApiError(
      "FORBIDDEN",
      "This is an action on a person's account; sign in to do it (API keys cannot)",
    );
  }
  return { userId: principal.userId, workspaceId: principal.workspaceId };
}

/**
 * Workspace settings, invitations and the like: owners and admins, or an API key of the workspace.
 * `owner` narrows it to the owner's session.
 */
export function requireManager(c: Context<AppEnv>, level: "admin" | "owner" = "admin"): void {
  const { kind, role } = c.get("principal");
  if (level === "owner") {
    if (kind !== "session" || role !== "owner") {
      throw new ApiError("FORBIDDEN", "Only the workspace's owner, signed in, can do this");
    }
    return;
  }
  if (kind === "api_key") return;
  if (role !== "owner" && role !== "admin") {
    throw new ApiError("FORBIDDEN", "Only the workspace's owner or an admin can do this");
  }
}
