import { parseEnv } from "./env";
import { renderGateClient } from "./gate/client";
import { customHostnamesFor } from "./lib/cloudflare-custom-hostnames";
import { openDb } from "./lib/db";
import { createLogger } from "./lib/logger";
import { checkPendingDomains } from "./services/custom-domains";
import { INVITATION_VALID_FOR_MS } from "./services/invitations";
import { PASSWORD_RESET_VALID_FOR_MS, purgeExpiredOutbox } from "./services/outbox";
import { sweepExpiredLeases } from "./services/render-queue";
import { deliverDue } from "./services/webhook-deliveries";
import { deliveryPolicy, renderFinished } from "./services/webhook-events";

/**
 * The cron trigger (every minute): ends leases that ran out even while no node is claiming, so the
 * dashboard shows dead renders as queued or failed rather than stuck mid-render; sends webhook
 * deliveries that are due (first tries that no request sent, and retries after their backoff);
 * checks custom domains that are not active yet; deletes emails whose links have expired.
 */
export async function runScheduled(controller: ScheduledController, rawEnv: unknown): Promise<void> {
  const log = createLogger({ cron: controller.cron });
  const parsed = parseEnv(rawEnv);
  if ("problems" in parsed) {
    log.error("scheduled run skipped: invalid environment", { problems: parsed.problems });
    return;
  }
  const handle = openDb(parsed.env);
  try {
    const failed: string[] = [];
    const swept = await sweepExpiredLeases({
      db: handle.db,
      gate: renderGateClient(parsed.env.RENDER_GATE),
      log,
      onFailed: (ids) => failed.push(...ids),
    });
    for (const renderId of failed) await renderFinished(handle.db, deliveryPolicy(parsed.env), renderId);
    log.info("scheduled sweep", { swept });
    const webhooksSent = await deliverDue(handle.db, deliveryPolicy(parsed.env), { limit: 200 });
    log.info("scheduled webhook deliveries", { attempted: webhooksSent });
    const activated = await checkPendingDomains({
      db: handle.db,
      cloudflare: customHostnamesFor(parsed.env),
      target: parsed.env.CUSTOM_DOMAIN_TARGET,
    });
    log.info("scheduled domain checks", { activated });
    const purged = await purgeExpiredOutbox(handle.db, {
      invitation: INVITATION_VALID_FOR_MS,
      password_reset: PASSWORD_RESET_VALID_FOR_MS,
    });
    log.info("scheduled outbox purge", { purged });
  } finally {
    await handle.close();
  }
}
