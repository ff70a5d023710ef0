import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { ApiError } from "../errors";
import { tagErrors } from "../lib/error-tracking";
import { authenticateNode } from "../services/render-nodes";

/** Lets a render node through on `Authorization: Bearer ll_node_…`; sets `nodeId`. 401 otherwise. */
export const requireNode: MiddlewareHandler<AppEnv> = async (c, next) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  const node = match?.[1]
    ? await authenticateNode(c.get("db"), match[1], c.req.header("x-node-version") ?? null)
    : null;
  if (!node) {
    throw new ApiError(
      "UNAUTHORIZED",
      "Render nodes authenticate with `Authorization: Bearer ll_node_…`; the token is missing or unknown.",
    );
  }
  c.set("nodeId", node.id);
  tagErrors({
    node_id: node.id,
    render_id: c.req.path.startsWith("/nodes/v1/renders/") ? c.req.param("id") : undefined,
  });
  await next();
};
