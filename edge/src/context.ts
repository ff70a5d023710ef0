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
  userId: string | null;
  workspaceId: string;
  /** The signed-in user's role in the workspace; null for API keys, which act for the workspace. */
  role: "owner" | "admin" | "member" | null;
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
