import { z } from "zod";
import { checkDeployment } from "./deployment-checks";
import { rateLimitsSchema } from "./rate-limit/rules";
import { billingConfig, billingVarsSchema, missingBillingVars } from "./services/billing/config";

const millis = z.coerce.number().int().positive();

/** A comma-separated list of hostnames, lower-cased. */
const hostList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );

/** The Worker's environment, checked on every request; a bad one answers 500 naming what is wrong. */
export const envSchema = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection string"),
    /** `neon` in production (HTTP/WebSocket driver); `pg` (TCP) locally and in tests. */
    DATABASE_DRIVER: z.enum(["pg", "neon"]).default("pg"),
    APP_DOMAIN: z.string().min(1).default("localhost"),
    /**
     * Landing pages live on `<workspace>.<LANDING_DOMAIN>`; unset, APP_DOMAIN. In production a separate
     * registrable domain keeps prospect-facing pages off the dashboard's site (cookies, trust).
     */
    LANDING_DOMAIN: z.string().min(1).optional(),
    /**
     * Extra hostnames that serve the app rather than landing pages (comma-separated), e.g. the Worker's
     * workers.dev name. Any other host outside APP_DOMAIN is treated as a customer's custom domain.
     */
    APP_HOSTS: hostList,
    /**
     * Hosts whose pages a landing page may embed as its calendar besides the known booking providers
     * (comma-separated); local stacks and tests list the host of their fake calendar.
     */
    CALENDAR_EMBED_HOSTS: hostList,
    BETTER_AUTH_SECRET: z.string().min(16, "must be at least 16 characters"),
    ADMIN_TOKEN: z.string().min(16).optional(),
    LEASE_TTL_MS: millis.default(60_000),
    /**
     * The read-only token of GET /api/metrics (queue metrics for autoscalers); unset, that endpoint
     * answers 404. Must differ from ADMIN_TOKEN: a scraper's secret must not be an operator's.
     */
    METRICS_TOKEN: z.string().min(16).optional(),
    /** GET /api/health/deep answers 503 when a claimable render has waited longer than this with no node alive. */
    HEALTH_MAX_QUEUE_AGE_S: z.coerce.number().int().positive().default(300),
    /** How long GET /api/health/deep waits for the RenderGate before calling it unreachable. */
    HEALTH_GATE_TIMEOUT_MS: millis.default(2_000),
    RETRY_BASE_MS: millis.default(10_000),
    MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
    /** First webhook retry delay; doubles per failed attempt (30 s, 1 min, 2 min, 4 min, …). */
    WEBHOOK_RETRY_BASE_MS: millis.default(30_000),
    /** Attempts before a webhook delivery is marked failed. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    /**
     * `production` (the default: a deployment that says nothing gets the strict checks) or
     * `development`, which the local stack and the test suites set.
     */
    ENVIRONMENT: z.enum(["development", "production"]).default("production"),
    /**
     * The dev mailbox (GET /api/dev/mailbox) shows every email in the outbox, reset links included, to
     * anyone: on only when set to `on`, which the local stack does, and refused in production.
     */
    DEV_MAILBOX: z.enum(["on", "off"]).default("off"),
    /**
     * The dashboard's address in e-mails (watch alerts link to the lead and to the preferences); unset,
     * `https://<APP_DOMAIN>`. Local stacks set their own (`http://localhost:8787`).
     */
    DASHBOARD_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Resend's API key: with EMAIL_FROM set, the outbox's e-mails are sent through Resend (the cron and
     * right after the request that wrote them); unset, they only stay in the outbox (the dev mailbox).
     */
    RESEND_API_KEY: z.string().min(1).optional(),
    /** Resend's API origin; tests point it at a local fake. */
    RESEND_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.resend.com"),
    /** The sender of every e-mail, `Name <address>` or an address, on a domain verified with Resend. */
    EMAIL_FROM: z
      .string()
      .refine((v) => z.email().safeParse(/^[^<>]*<([^<>]+)>$/.exec(v.trim())?.[1] ?? v.trim()).success, {
        message: "must be an address or `Name <address>`",
      })
      .optional(),
    /** First e-mail retry delay after a 429, a 5xx or no answer; doubles per attempt. */
    EMAIL_RETRY_BASE_MS: millis.default(60_000),
    /** Attempts before an e-mail is marked failed (the default spans about two hours). */
    EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(12).default(8),
    /** The hour (UTC, 0–23) at which the cron sends the watch-alert daily digests. */
    WATCH_DIGEST_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(8),
    /** Where the storefront's contact form sends each request (through the outbox). */
    SALES_INBOX: z.email().default("sales@loom-lite.local"),
    /**
     * The platform workspace that owns the storefront's "try it" samples; created on the first sample.
     * Its render cap is TRY_IT_CONCURRENCY: samples rendering at once, fleet-wide (0 pauses them).
     */
    TRY_IT_WORKSPACE_ID: z
      .string()
      .regex(/^ws_[A-Za-z0-9_]{1,60}$/, "must be a workspace id like ws_platform_try")
      .default("ws_platform_try"),
    TRY_IT_CONCURRENCY: z.coerce.number().int().min(0).max(50).default(1),
    /** Overrides of the rate limits (`sign_in_ip=5/15m,…`; see rate-limit/rules.ts). */
    RATE_LIMITS: rateLimitsSchema,
    /** Cloudflare API for custom domains (Cloudflare for SaaS); tests point it at a local fake. */
    CLOUDFLARE_API_BASE: z.url().default("https://api.cloudflare.com/client/v4"),
    /** API token with SSL and Certificates edit on the SaaS zone; without it custom domains are off. */
    CLOUDFLARE_API_TOKEN: z.string().min(1).optional(),
    CLOUDFLARE_ZONE_ID: z
      .string()
      .regex(/^[0-9a-f]{32}$/, "must be a 32-character zone id")
      .optional(),
    /** The name customers CNAME their domain to (the zone's fallback origin host). */
    CUSTOM_DOMAIN_TARGET: z.string().min(1).optional(),
    /**
     * Bunny Storage zone the render nodes may publish to (see the node's BUNNY_* variables); the edge
     * deletes objects there when leads, campaigns or accounts go. Region host, or an http(s) origin.
     */
    BUNNY_STORAGE_HOST: z.string().min(1).optional(),
    BUNNY_STORAGE_ZONE: z.string().min(1).optional(),
    BUNNY_STORAGE_KEY: z.string().min(1).optional(),
    /** Sentry's DSN for the Worker and its Durable Objects; unset, nothing is sent (lib/error-tracking.ts). */
    SENTRY_DSN: z.url({ protocol: /^https?$/ }).optional(),
    /** PostHog project API key for product events (sign-up, first render, subscription); unset, none are sent. */
    POSTHOG_KEY: z.string().min(1).optional(),
    /** PostHog's ingestion host (US cloud by default; `https://eu.i.posthog.com`, or a self-hosted one). */
    POSTHOG_HOST: z.url({ protocol: /^https?$/ }).default("https://us.i.posthog.com"),
    MEDIA: z.custom<CloudflareBindings["MEDIA"]>(
      (v) => typeof v === "object" && v !== null,
      "R2 binding MEDIA is missing",
    ),
    RENDER_GATE: z.custom<CloudflareBindings["RENDER_GATE"]>(
      (v) => typeof v === "object" && v !== null,
      "Durable Object binding RENDER_GATE is missing",
    ),
    RATE_LIMITER: z.custom<CloudflareBindings["RATE_LIMITER"]>(
      (v) => typeof v === "object" && v !== null,
      "Durable Object binding RATE_LIMITER is missing",
    ),
    ASSETS: z.custom<CloudflareBindings["ASSETS"]>().optional(),
  })
  .extend(billingVarsSchema.shape)
  .superRefine(checkDeployment)
  .superRefine((env, ctx) => {
    if (env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN === env.ADMIN_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["METRICS_TOKEN"], message: "must differ from ADMIN_TOKEN" });
    }
  })
  .superRefine((env, ctx) => {
    const bunny = ["BUNNY_STORAGE_HOST", "BUNNY_STORAGE_ZONE", "BUNNY_STORAGE_KEY"] as const;
    const set = bunny.filter((k) => env[k] !== undefined);
    if (set.length === 0 || set.length === bunny.length) return;
    for (const k of bunny.filter((name) => env[name] === undefined)) {
      ctx.addIssue({ code: "custom", path: [k], message: `required when ${set.join(", ")} is set` });
    }
  })
  .superRefine((env, ctx) => {
    if (env.RESEND_API_KEY !== undefined && env.EMAIL_FROM === undefined) {
      ctx.addIssue({ code: "custom", path: ["EMAIL_FROM"], message: "required when RESEND_API_KEY is set" });
    }
  })
  .superRefine((env, ctx) => {
    for (const name of missingBillingVars(env)) {
      ctx.addIssue({ code: "custom", path: [name], message: "required when STRIPE_SECRET_KEY is set" });
    }
  })
  .transform((env) => ({
    ...env,
    /** Null when billing is off: every workspace is unlimited and the dashboard says so. */
    billing: billingConfig(env),
    APP_DOMAIN: env.APP_DOMAIN.toLowerCase(),
    LANDING_DOMAIN: (env.LANDING_DOMAIN ?? env.APP_DOMAIN).toLowerCase(),
  }));

export type Env = z.infer<typeof envSchema>;

export function parseEnv(raw: unknown): { env: Env } | { problems: string[] } {
  const result = envSchema.safeParse(raw);
  if (result.success) return { env: result.data };
  return { problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}
