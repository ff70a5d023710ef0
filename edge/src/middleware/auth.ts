import type { Context, MiddlewareHandler } from "hono";
import { authFor } from "../auth/auth";
import type { AppEnv, Principal } from "../context";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { API_KEY_PREFIX, verifyApiKey } from "../services/api-keys";
import type { WorkspaceScope } from "../services/workspace-scope";
import { workspaceOfSession } from "../services/workspaces";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  /** Whether the person opened the verification link sent to `email`. */
  emailVerified: boolean;
}

/** A signed-in browser: the user and the session (each session works in its own workspace). */
export interface SignedIn {
  user: SessionUser;
  sessionId: string;
  activeWorkspaceId: string | null;
}

const signedInByRequest = new WeakMap<Context, Promise<SignedIn | null>>();

/** The user and session of the session cookie, or null. Looked up once per request. */
export function getSignedIn(c: Context<AppEnv>): Promise<SignedIn | null> {
  let pending = signedInByRequest.get(c);
  if (!pending) {
    pending = authFor(c)
      .api.getSession({ headers: c.req.raw.headers })
      .then((s) =>
        s
          ? {
              user: {
                id: s.user.id,
                name: s.user.name,
                email: s.user.email,
                emailVerified: s.user.emailVerified,
              },
              sessionId: s.session.id,
              activeWorkspaceId: s.session.activeWorkspaceId ?? null,
            }
          : null,
      );
    signedInByRequest.set(c, pending);
  }
  return pending;
}

/** The user signed in through the session cookie, or null. */
export async function getSessionUser(c: Context<AppEnv>): Promise<SessionUser | null> {
  return (await getSignedIn(c))?.user ?? null;
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
      role: key.role,
      apiKeyId: key.id,
    };
  }
  const signedIn = await getSignedIn(c);
  if (!signedIn) return null;
  const workspace = await workspaceOfSession(c.get("db"), signedIn);
  return {
    kind: "session",
    userId: signedIn.user.id,
    sessionId: signedIn.sessionId,
    workspaceId: workspace.id,
    role: workspace.role,
  };
}

/**
 * The one place a WorkspaceScope is made: from the principal this middleware checked (tests that call
 * workspace services directly use it too).
 */
export function bindWorkspace(db: Db, workspaceId: string): WorkspaceScope {
  return { db, workspaceId } as WorkspaceScope;
}

/**
 * Lets the request through when it carries a session cookie or `Authorization: Bearer ll_live_…`,
 * with `c.get("principal")` set to the caller and `c.get("workspace")` bound to its workspace;
 * answers 401 otherwise.
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
  c.set("workspace", bindWorkspace(c.get("db"), principal.workspaceId));
  await next();
};

/** A signed-in user (not an API key): for actions on the person's own account. */
export function requireUser(c: Context<AppEnv>): { userId: string; sessionId: string; workspaceId: string } {
  const principal = c.get("principal");
  if (principal.kind !== "session" || !principal.userId || !principal.sessionId) {
    throw new ApiError(
      "FORBIDDEN",
      "This is an action on a person's account; sign in to do it (API keys cannot)",
    );
  }
  return { userId: principal.userId, sessionId: principal.sessionId, workspaceId: principal.workspaceId };
}

/** Whether the caller's role (an API key's as it acts now) manages the workspace. */
export function isManager(principal: Principal): boolean {
  return principal.role === "owner" || principal.role === "admin";
}

/**
 * Workspace settings, invitations and the like: owners and admins, or an API key acting as an admin
 * (see verifyApiKey). `owner` narrows it to the owner's session.
 */
export function requireManager(c: Context<AppEnv>, level: "admin" | "owner" = "admin"): void {
  const principal = c.get("principal");
  if (level === "owner") {
    if (principal.kind !== "session" || principal.role !== "owner") {
      throw new ApiError("FORBIDDEN", "Only the workspace's owner, signed in, can do this");
    }
    return;
  }
  if (!isManager(principal)) {
    throw new ApiError(
      "FORBIDDEN",
      principal.kind === "api_key"
        ? "This API key acts as a member (its scope, or its creator's role); only an owner's or admin's key with admin scope can do this"
        : "Only the workspace's owner or an admin can do this",
    );
  }
}
