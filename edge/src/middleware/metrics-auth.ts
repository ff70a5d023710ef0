import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { bearerToken, sameSecret } from "../lib/same-secret";

/**
 * The read-only metrics token (`Authorization: Bearer <METRICS_TOKEN>`), and only it: the admin token and
 * sessions open nothing here, and this token opens nothing else. 404 while METRICS_TOKEN is unset, so
 * a deployment that did not ask for metrics does not serve them.
 */
export const requireMetricsToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.get("env").METRICS_TOKEN;
  if (!expected) {
    throw new ApiError(
      "NOT_FOUND",
      "Metrics are not configured on this deployment (METRICS_TOKEN is unset).",
    );
  }
  const token = bearerToken(c.req.header("authorization"));
  if (!token || !(await sameSecret(token, expected))) {
    throw new ApiError("UNAUTHORIZED", "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.");
  }
  return next();
};
