import { parseEnv } from "./env";
import { reportError } from "./lib/error-tracking";
import { createLogger } from "./lib/logger";
import { runBillingMinute } from "./services/billing/cron";
import { applyDueDowngrades } from "./services/billing/downgrades";
import { reportOverage } from "./services/billing/meter";
import { BILLING_EMAIL_KEPT_FOR_MS } from "./services/billing/payment-failed-email";
import { SALES_INQUIRY_KEPT_FOR_MS } from "./services/contact-requests";
import { createServices } from "./services/create-services";
import { checkPendingDomains } from "./services/custom-domains";
import { INVITATION_VALID_FOR_MS } from "./services/invitations";
import {
  EMAIL_LINK_VALID_FOR_MS,
  PASSWORD_RESET_VALID_FOR_MS,
  purgeExpiredOutbox,
  USAGE_WARNING_KEPT_FOR_MS,
} from "./services/outbox";
import { emailSenderFor, sendDueEmails } from "./services/outbox-delivery";
import { queueOrphanedBunnyObjects, runMediaDeletions } from "./services/render-media";
import { sweepExpiredLeases } from "./services/render-queue";
import { deleteExpiredSamples } from "./services/try-it/samples";
import { sendDueDigests } from "./services/watch-alerts/digest";
import { WATCH_ALERT_EMAIL_KEPT_FOR_MS } from "./services/watch-alerts/emails";
import { alertMailerFor } from "./services/watch-alerts/mailer";
import { deliverDue } from "./services/webhook-deliveries";
import { renderFinished } from "./services/webhook-events";

/** One or more steps of a scheduled run failed; the others still ran. */
export class ScheduledRunFailed extends Error {
  override readonly name = "ScheduledRunFailed";
  constructor(readonly failedSteps: string[]) {
    super(`scheduled run failed: ${failedSteps.join(", ")}`);
  }
}

/**
 * The cron trigger (every minute): ends leases that ran out even while no node is claiming, so the
 * dashboard shows dead renders as queued or failed rather than stuck mid-render; sends webhook
 * deliveries that are due (first tries that no request sent, and retries after their backoff);
 * deletes queued media (retrying what a store refused, e.g. Bunny being down); deletes the storefront's
 * try-it samples (rows and media) a day after they were asked for; checks custom domains
 * that are not active yet; ends trials that ran out and starts held renders that now fit; with billing
 * on, applies downgrades whose period is ending and reports overage minutes to Stripe's meter;
 * sends the watch-alert daily digests once their hour has come; with an e-mail provider configured, sends
 * the outbox's due e-mails (first tries a request did not make, and retries after their backoff);
 * deletes emails whose links have expired.
 *
 * Each step runs even when an earlier one failed (a Cloudflare API outage must not stop the lease
 * sweep); any failure is logged and then thrown, so the invocation is reported as failed (Cloudflare's
 * cron event log locally, `/__scheduled` answering 500 under `wrangler dev`).
 */
export async function runScheduled(controller: ScheduledController, rawEnv: unknown): Promise<void> {
  const log = createLogger({ cron: controller.cron });
  const parsed = parseEnv(rawEnv);
  if ("problems" in parsed) {
    log.error("scheduled run skipped: invalid environment", { problems: parsed.problems });
    throw new ScheduledRunFailed(["environment"]);
  }
  const { env } = parsed;
  // Work a service defers past its answer is awaited before the run ends (there is no answer to wait for).
  const deferred: Promise<unknown>[] = [];
  const services = createServices(env, log, (work) => deferred.push(work));
  const { db } = services;
  const failed: string[] = [];
  const step = async (name: string, run: () => Promise<Record<string, unknown>>) => {
    try {
      log.info(`scheduled ${name}`, await run());
    } catch (error) {
      failed.push(name);
      log.error(`scheduled ${name} failed`, { error: describe(error) });
      reportError(error, { cron_step: name });
    }
  };
  try {
    await step("sweep", async () => {
      const leaseFailed: string[] = [];
      // Announced here rather than in the background, so a failed announcement fails this step.
      const swept = await sweepExpiredLeases({
        ...services.renderQueue,
        announceFinished: (renderId) => leaseFailed.push(renderId),
      });
      for (const renderId of leaseFailed) await renderFinished(db, services.webhookDelivery, renderId);
      return { swept };
    });
    await step("billing", () => runBillingMinute(db, env.billing));
    await step("webhook deliveries", async () => ({
      attempted: await deliverDue(db, services.webhookDelivery, { limit: 200 }),
    }));
    await step("media deletions", async () => {
      const orphansQueued = await queueOrphanedBunnyObjects(db, env.LEASE_TTL_MS);
      const media = await runMediaDeletions(db, services.mediaStores, { limit: 200 });
      return { ...media, orphansQueued };
    });
    await step("try-it samples", () =>
      deleteExpiredSamples(db, services.mediaStores, env.TRY_IT_WORKSPACE_ID, {
        now: new Date(controller.scheduledTime),
        leaseMs: env.LEASE_TTL_MS,
      }),
    );
    await step("domain checks", async () => ({
      activated: await checkPendingDomains({
        db,
        cloudflare: services.customHostnames,
        target: env.CUSTOM_DOMAIN_TARGET,
      }),
    }));
    const { billing } = services;
    if (billing) {
      await step("billing downgrades", async () => ({ applied: await applyDueDowngrades(billing) }));
      await step("overage meter", async () => ({ reported: await reportOverage(billing) }));
    }
    await step("watch digests", async () => ({
      sent: await sendDueDigests(db, alertMailerFor(env, log), {
        now: new Date(controller.scheduledTime),
        hourUtc: env.WATCH_DIGEST_HOUR_UTC,
      }),
    }));
    const emailSender = emailSenderFor(env, log);
    if (emailSender) {
      // After every step that writes e-mails (digests, payment notices), so they leave in this run.
      await step("e-mail send", () => sendDueEmails(db, emailSender, { limit: 200 }));
    }
    await step("outbox purge", async () => ({
      purged: await purgeExpiredOutbox(db, {
        invitation: INVITATION_VALID_FOR_MS,
        password_reset: PASSWORD_RESET_VALID_FOR_MS,
        email_verification: EMAIL_LINK_VALID_FOR_MS,
        email_change: EMAIL_LINK_VALID_FOR_MS,
        usage_warning: USAGE_WARNING_KEPT_FOR_MS,
        payment_failed: BILLING_EMAIL_KEPT_FOR_MS,
        watch_alert: WATCH_ALERT_EMAIL_KEPT_FOR_MS,
        watch_digest: WATCH_ALERT_EMAIL_KEPT_FOR_MS,
        sales_inquiry: SALES_INQUIRY_KEPT_FOR_MS,
      }),
    }));
  } finally {
    await Promise.allSettled(deferred);
    await services.close();
  }
  if (failed.length > 0) throw new ScheduledRunFailed(failed);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
