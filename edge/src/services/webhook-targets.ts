import { customDomains } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";
import { bareHostname, isIpLiteral, isLocalHostname, isWithin } from "../lib/hostnames";

/** What decides where webhooks may go: the deployment's environment and the platform's own names. */
export interface TargetPolicy {
  environment: "development" | "production";
  appDomain: string;
  appHosts: readonly string[];
  /** The name customers CNAME their custom domains to; it and its subdomains are the platform. */
  customDomainTarget?: string;
}

export function targetPolicy(env: {
  ENVIRONMENT: "development" | "production";
  APP_DOMAIN: string;
  APP_HOSTS: readonly string[];
  CUSTOM_DOMAIN_TARGET?: string;
}): TargetPolicy {
  return {
    environment: env.ENVIRONMENT,
    appDomain: env.APP_DOMAIN,
    appHosts: env.APP_HOSTS,
    customDomainTarget: env.CUSTOM_DOMAIN_TARGET,
  };
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1"]);

/**
 * Why `rawUrl` may not receive webhooks, judged from the URL itself; null when it may. Events carry
 * every lead field, so they go over https to a public name: no IP literal in any spelling (URL parsing
 * has already turned decimal, octal and hex IPv4 into dotted form), no local or internal name, none of
 * the platform's own hosts. A local stack (development) may also post to this machine (localhost,
 * 127.0.0.1, [::1]) over http, and nowhere else private.
 */
export function targetProblem(rawUrl: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return "is not a valid URL";
  }
  const host = bareHostname(url.hostname);
  const localDev = policy.environment === "development" && LOOPBACK_NAMES.has(host);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && localDev)) {
    return policy.environment === "development"
      ? "must use https (http is allowed for localhost only, on a local stack)"
      : "must use https";
  }
  if (url.username || url.password) return "must not carry a user name or password";
  if (localDev) return null;
  if (isIpLiteral(host)) return "must name a host, not an IP address";
  if (isLocalHostname(host)) return `must be a public host name; ${host} is local or internal`;
  const platform = [policy.appDomain, ...policy.appHosts, policy.customDomainTarget ?? ""];
  if (platform.some((name) => isWithin(host, name)))
    return `must not be one of the platform's own hosts (${host})`;
  return null;
}

/** targetProblem, plus the customers' custom domains: they are served by this platform too. */
export async function webhookTargetProblem(
  db: Db,
  rawUrl: string,
  policy: TargetPolicy,
): Promise<string | null> {
  const problem = targetProblem(rawUrl, policy);
  if (problem) return problem;
  const host = bareHostname(new URL(rawUrl).hostname);
  const [claimed] = await db
    .select({ id: customDomains.id })
    .from(customDomains)
    .where(eq(customDomains.hostname, host))
    .limit(1);
  return claimed
    ? `must not be one of the platform's own hosts (${host} is a custom domain served here)`
    : null;
}

/** Refuses a target with 400 naming `url`. */
export async function assertWebhookTarget(db: Db, rawUrl: string, policy: TargetPolicy): Promise<void> {
  const problem = await webhookTargetProblem(db, rawUrl, policy);
  if (problem) throw new ApiError("BAD_REQUEST", `url: ${problem}`);
}
