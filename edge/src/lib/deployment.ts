import type { Env } from "../env";

/**
 * A local stack: APP_DOMAIN is `localhost` (or a name under it). Development allowances (http origins,
 * no HSTS) key off this one test.
 */
export function isLocalStack(env: Pick<Env, "APP_DOMAIN">): boolean {
  const domain = env.APP_DOMAIN.toLowerCase();
  return domain === "localhost" || domain.endsWith(".localhost");
}
