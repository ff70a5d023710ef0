import { parseEnv } from "./env";
import { renderGateClient } from "./gate/client";
import { customHostnamesFor } from "./lib/cloudflare-custom-hostnames";
import { openDb } from "./lib/db";
import { createLogger } from "./lib/logger";
import { checkPendingDomains } from "./services/custom-domains";
import { mediaStoresOf, queueOrphanedBunnyObjects, runMediaDeletions } from "./services/render-media";
import { sweepExpiredLeases } from "./services/render-queue";
import { deliverDue } from "./services/webhook-deliveries";
import { deliveryPolicy, renderFinished } from "./services/webhook-events";

/**
 * The cron trigger (every minute): ends leases that ran out even while no node is claiming, so the
 * dashboard shows dead renders as queued or failed rather than stuck mid-render; sends webhook
 * deliveries that are due (first tries that no request sent, and retries after their backoff);
 * deletes queued media (retrying what a store refused, e.g. Bunny being down); checks custom domains
 * that are not active yet.
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
    const orphans = await queueOrphanedBunnyObjects(handle.db, parsed.env.LEASE_TTL_MS);
    const media = await runMediaDeletions(handle.db, mediaStoresOf(parsed.env), { limit: 200 });
    log.info("scheduled media deletions", { ...media, orphansQueued: orphans });
    const activated = await checkPendingDomains({
      db: handle.db,
      cloudflare: customHostnamesFor(parsed.env),
      target: parsed.env.CUSTOM_DOMAIN_TARGET,
    });
    log.info("scheduled domain checks", { activated });
  } finally {
    await handle.close();
  }
}
