import type { Env } from "../env";
import { isLocalStack } from "../lib/deployment";
import { RESERVED_SLUGS } from "../services/workspaces";

type Domains = Pick<Env, "APP_DOMAIN" | "APP_HOSTS">;

/** Any port of localhost or 127.0.0.1 over http: a local stack's dashboard, `astro dev`, the tests. */
const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;

/**
 * The origins that serve the dashboard: APP_DOMAIN, its reserved labels (`app.`, `www.`, …) and the
 * hosts in APP_HOSTS, over https. Never a workspace's subdomain: landing pages show tenants' content.
 */
export function appOrigins(env: Domains): string[] {
  const hosts = [
    env.APP_DOMAIN,
    ...[...RESERVED_SLUGS].map((label) => `${label}.${env.APP_DOMAIN}`),
    ...env.APP_HOSTS,
  ];
  return hosts.map((host) => `https://${host}`);
}

/** better-auth's trustedOrigins (it trusts the request's own origin by itself). */
export function trustedOrigins(env: Domains): string[] {
  return [...appOrigins(env), ...(isLocalStack(env) ? ["http://localhost:*", "http://127.0.0.1:*"] : [])];
}

/** True when `origin` (an Origin header) is the app itself: the request's own origin or one above. */
export function isAppOrigin(origin: string, env: Domains, requestOrigin: string): boolean {
  if (origin === requestOrigin || appOrigins(env).includes(origin)) return true;
  return isLocalStack(env) && LOCAL_ORIGIN.test(origin);
}
