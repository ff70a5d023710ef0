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
    return { kind: "api_key", userId: key.createdBy, workspaceId: key.workspaceId, apiKeyId: key.id };
  }
  const user = await getSessionUser(c);
  if (!user) return null;
  // Normally created at sign-up; this also repairs a user whose sign-up hook did not finish.
  const workspace = await ensureWorkspaceForUser(c.get("db"), user);
  return { kind: "session", userId: user.id, workspaceId: workspace.id };
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
