import type { Env } from "../env";
import { type GateClient, renderGateClient } from "../gate/client";
import { bunnyStorageFor } from "../lib/bunny-storage";
import { type CustomHostnamesClient, customHostnamesFor } from "../lib/cloudflare-custom-hostnames";
import { type Db, openDb } from "../lib/db";
import type { Logger } from "../lib/logger";
import { type RateLimiterClient, rateLimiterClient } from "../rate-limit/client";
import { onPlanChanged } from "./billing/plan-changed";
import { stripeClient } from "./billing/stripe-client";
import type { BillingDeps } from "./billing/subscription-sync";
import { firstRenderOfWorkspace, type ProductAnalytics, productAnalyticsFor } from "./product-analytics";
import { type MediaStores, mediaStoresOf } from "./render-media";
import type { QueueDeps } from "./render-queue";
import type { DeliveryPolicy } from "./webhook-deliveries";
import { deliveryPolicy, renderFinished } from "./webhook-events";

/** Everything a request (or the cron) works with, built once from the parsed environment. */
export interface Services {
  db: Db;
  /** The RenderGate Durable Object (render permits), behind its client interface. */
  gate: GateClient;
  /** The RateLimiter Durable Objects (counts shared by every isolate), behind their client interface. */
  rateLimiter: RateLimiterClient;
  /** Cloudflare for SaaS custom hostnames; null when the deployment has no Cloudflare API token. */
  customHostnames: CustomHostnamesClient | null;
  /** Where render media can be: R2, and Bunny Storage when BUNNY_STORAGE_* are set. */
  mediaStores: MediaStores;
  webhookDelivery: DeliveryPolicy;
  /** Stripe (the SDK client) and what billing works with; null when billing is off (no Stripe settings). */
  billing: BillingDeps | null;
  /** Product events to PostHog, sent past the answer; a no-op without POSTHOG_KEY. */
  analytics: ProductAnalytics;
  /** What the render-node protocol works with; finished renders are announced in the background. */
  renderQueue: QueueDeps;
  /**
   * Work that must not hold up the answer (webhook sends after a beacon, say). It gets its own
   * connection: the request's is closed as soon as the answer is out. A failure is logged.
   */
  inBackground(name: string, work: (db: Db) => Promise<unknown>): void;
  /** Closes the connection; hand it to `waitUntil` at the end of the request. */
  close(): Promise<void>;
}

/**
 * The one place that builds clients from the environment: the request middleware and the cron both
 * call it. `defer` runs work past the answer (`executionCtx.waitUntil`).
 */
export function createServices(env: Env, log: Logger, defer: (work: Promise<unknown>) => void): Services {
  const handle = openDb(env);
  const webhookDelivery = deliveryPolicy(env);
  const gate = renderGateClient(env.RENDER_GATE);
  const analytics = productAnalyticsFor(env, log, defer);
  const inBackground = (name: string, work: (db: Db) => Promise<unknown>) =>
    defer(
      (async () => {
        const own = openDb(env);
        try {
          await work(own.db);
        } catch (error) {
          log.warn(`${name} failed in the background`, { error: String(error) });
        } finally {
          await own.close();
        }
      })(),
    );
  return {
    db: handle.db,
    gate,
    rateLimiter: rateLimiterClient(env.RATE_LIMITER, env.RATE_LIMITS),
    customHostnames: customHostnamesFor(env),
    mediaStores: mediaStoresOf(env),
    webhookDelivery,
    billing: env.billing
      ? {
          db: handle.db,
          stripe: stripeClient(env.billing),
          config: env.billing,
          log,
          onPlanChanged,
          analytics,
        }
      : null,
    renderQueue: {
      db: handle.db,
      gate,
      media: env.MEDIA,
      log,
      leaseMs: env.LEASE_TTL_MS,
      retryBaseMs: env.RETRY_BASE_MS,
      billingOn: env.billing !== null,
      bunnyZone: bunnyStorageFor(env)?.zone ?? null,
      defer,
      // Webhooks and the landing cache hear of a finished render after the node has its answer.
      announceFinished: (renderId) =>
        inBackground("render finished", async (db) => {
          await renderFinished(db, webhookDelivery, renderId);
          const firstOf = await firstRenderOfWorkspace(db, renderId);
          if (firstOf) analytics.capture("first_render_completed", firstOf, { render_id: renderId });
        }),
    },
    analytics,
    inBackground,
    close: () => handle.close(),
  };
}
