import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "./env";
import type { GateClient } from "./gate/client";
import type { CustomHostnamesClient } from "./lib/cloudflare-custom-hostnames";
import type { Db } from "./lib/db";
import type { Logger } from "./lib/logger";
import type { RateLimiterClient } from "./rate-limit/client";

/** Who is calling: a signed-in user or an API key, always inside one workspace. */
export interface Principal {
  kind: "session" | "api_key";
  /** The signed-in user, or the user who created the API key (null once that user is deleted). */
  userId: string | null;
  /** The better-auth session, for sessions: the current workspace is stored per session. */
  sessionId?: string;
  workspaceId: string;
  /**
   * The signed-in user's role in the workspace; for an API key, the lower of its scope and its creator's
   * current role there (owner-only actions need a signed-in owner).
   */
  role: "owner" | "admin" | "member";
  apiKeyId?: string;
}

export interface AppVariables {
  requestId: string;
  env: Env;
  db: Db;
  /** The RenderGate Durable Object (render permits), behind its client interface. */
  gate: GateClient;
  log: Logger;
  /** The RateLimiter Durable Objects (counts shared by every isolate), behind their client interface. */
  rateLimiter: RateLimiterClient;
  /** Cloudflare for SaaS custom hostnames; null when the deployment has no Cloudflare API token. */
  customHostnames: CustomHostnamesClient | null;
  principal: Principal;
  /** Set on /nodes/v1 routes after the node token is checked. */
  nodeId: string;
}

export type AppEnv = { Bindings: Record<string, unknown>; Variables: AppVariables };
export type App = OpenAPIHono<AppEnv>;
