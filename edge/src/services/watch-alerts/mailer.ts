import type { Env } from "../../env";
import type { Logger } from "../../lib/logger";
import { dashboardLinks } from "./emails";
import type { AlertMailer } from "./raise";

/** What watch-alert e-mails are written with: the log and the dashboard's links of this deployment. */
export function alertMailerFor(env: Pick<Env, "DASHBOARD_URL" | "APP_DOMAIN">, log: Logger): AlertMailer {
  return { log, links: dashboardLinks(env.DASHBOARD_URL ?? `https://${env.APP_DOMAIN}`) };
}
