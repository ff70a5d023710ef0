import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { bearerToken, sameSecret } from "../lib/same-secret";
import { isOperator } from "../services/operators";
import { getSessionUser } from "./auth";

/**
 * Operators: `Authorization: Bearer <ADMIN_TOKEN>`, or a signed-in user granted operator rights (a row
 * in platform_operators, with a verified email). 401 without credentials (or with a wrong token), 403
 * for a user who is not an operator. Routes that record who acted read it with operatorUserId.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const env = c.get("env");
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const token = bearerToken(header);
    if (!token || !env.ADMIN_TOKEN || !(await sameSecret(token, env.ADMIN_TOKEN))) {
      throw new ApiError("UNAUTHORIZED", "The admin token is wrong.");
    }
    return next();
  }
  const user = await getSessionUser(c);
  if (!user)
    throw new ApiError("UNAUTHORIZED", "Sign in as an operator, or send the admin token as a Bearer token.");
  if (!user.emailVerified || !(await isOperator(c.get("db"), user.id))) {
    throw new ApiError("FORBIDDEN", "This account is not an operator of the platform.");
  }
  return next();
};

/** The operator's user id after requireAdmin; null when the admin token was used. */
export async function operatorUserId(c: Context<AppEnv>): Promise<string | null> {
  if (c.req.header("authorization") !== undefined) return null;
  return (await getSessionUser(c))?.id ?? null;
}
