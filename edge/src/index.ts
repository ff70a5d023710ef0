import { createApp } from "./app";
import { RenderGate as RenderGateObject } from "./gate/render-gate";
import { registerLanding } from "./landing/app";
import { invalidateLandingOnWrite } from "./landing/invalidate";
import { instrumentDurableObject, sentryOptions, withErrorTracking } from "./lib/error-tracking";
import { limitAuthRequests } from "./middleware/auth-rate-limit";
import { refuseCrossSiteRequests } from "./middleware/same-origin";
import { securityHeaders } from "./middleware/security-headers";
import { RateLimiter as RateLimiterObject } from "./rate-limit/rate-limiter";
import { registerAdmin } from "./routes/admin";
import { registerAnalytics } from "./routes/analytics";
import { registerAssets } from "./routes/assets";
import { registerAuth } from "./routes/auth";
import { registerBilling } from "./routes/billing";
import { registerBillingCheckout } from "./routes/billing-checkout";
import { registerCampaigns } from "./routes/campaigns";
import { registerContact } from "./routes/contact";
import { registerDevMailbox } from "./routes/dev-mailbox";
import { registerDomains } from "./routes/domains";
import { registerEmailSnippet } from "./routes/email-snippet";
import { registerFacecams } from "./routes/facecams";
import { registerHealth } from "./routes/health";
import { registerKeys } from "./routes/keys";
import { registerLandingPreview } from "./routes/landing-preview";
import { registerLeadImport } from "./routes/lead-import";
import { registerLeadPreview } from "./routes/lead-preview";
import { registerLeads } from "./routes/leads";
import { registerMe } from "./routes/me";
import { registerMetrics } from "./routes/metrics";
import { registerNodes } from "./routes/nodes";
import { registerNotifications } from "./routes/notifications";
import { registerOpenApi } from "./routes/openapi";
import { registerRenders } from "./routes/renders";
import { registerSite } from "./routes/site";
import { registerSiteChecks } from "./routes/site-checks";
import { registerStripeWebhook } from "./routes/stripe-webhook";
import { registerTryIt } from "./routes/try-it";
import { registerWebhooks } from "./routes/webhooks";
import { registerWorkspace } from "./routes/workspace";
import { runScheduled } from "./scheduled";

const app = createApp();
app.use("*", securityHeaders);
// Host and path dispatch first: landing hosts and static site paths never reach the API routes.
registerLanding(app);
app.use("/api/*", refuseCrossSiteRequests);
app.use("/api/*", invalidateLandingOnWrite);
registerSite(app);
registerHealth(app);
limitAuthRequests(app);
registerAuth(app);
registerMe(app);
registerWorkspace(app);
registerDevMailbox(app);
registerKeys(app);
registerAssets(app);
registerFacecams(app);
registerCampaigns(app);
registerLandingPreview(app);
registerLeadImport(app);
registerLeads(app);
registerLeadPreview(app);
registerRenders(app);
registerSiteChecks(app);
registerAnalytics(app);
registerWebhooks(app);
registerNotifications(app);
registerDomains(app);
registerBilling(app);
registerEmailSnippet(app);
registerNodes(app);
registerAdmin(app);
registerMetrics(app);
registerBillingCheckout(app);
registerStripeWebhook(app);
registerContact(app);
registerTryIt(app);
// Last, so the generated document includes every route above.
registerOpenApi(app);

// Sentry wraps both handlers (on only with SENTRY_DSN): an error that escapes them is reported, and
// events captured while they run are flushed before the invocation ends.
const handler = {
  fetch: app.fetch,
  // Awaited, not waitUntil: a failed run must fail the invocation, where the cron's log and the local
  // stack's `/__scheduled` call can see it.
  scheduled: (controller, env, _ctx) => runScheduled(controller, env),
} satisfies ExportedHandler<CloudflareBindings>;
export default withErrorTracking<CloudflareBindings, unknown, unknown, typeof handler>(
  sentryOptions,
  handler,
);

const durableObjectSentryOptions = (env: unknown) => sentryOptions(env) ?? { enabled: false };
export const RenderGate: typeof RenderGateObject = instrumentDurableObject(
  durableObjectSentryOptions,
  RenderGateObject,
);
export const RateLimiter: typeof RateLimiterObject = instrumentDurableObject(
  durableObjectSentryOptions,
  RateLimiterObject,
);
// The instance types, for the bindings wrangler types (worker-configuration.d.ts).
export type RenderGate = RenderGateObject;
export type RateLimiter = RateLimiterObject;
