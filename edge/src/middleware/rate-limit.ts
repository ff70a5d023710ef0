import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context";
import { errorBody } from "../errors";
import { clientAddress } from "../lib/client-address";
import type { RateLimitOutcome } from "../rate-limit/client";
import { RATE_LIMIT_RULES, type RateLimitRule } from "../rate-limit/rules";

export type RateLimitCheck = readonly [rule: RateLimitRule, subject: string];

function tooMany(c: Context<AppEnv>, message: string, retryAfterMs: number): Response {
  c.header("retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return errorBody(c, "RATE_LIMITED", message);
}

/**
 * Counts the request against each check in turn; the first that is over its limit answers 429 with
 * `Retry-After` (later checks are not counted then, so a caller refused for its address does not use
 * up the account's allowance too). When the limiter cannot be asked, the request is refused as well:
 * a limit that gives way under load would give way exactly when it is needed.
 */
export async function refuseWhenLimited(
  c: Context<AppEnv>,
  checks: readonly RateLimitCheck[],
): Promise<Response | null> {
  for (const [rule, subject] of checks) {
    let outcome: RateLimitOutcome;
    try {
      outcome = await c.get("rateLimiter").consume(rule, subject);
    } catch (error) {
      c.get("log").error("rate limiter did not answer", { rule, error: String(error) });
      return tooMany(c, "The rate limiter did not answer; try again in a few seconds", 5_000);
    }
    if (!outcome.allowed) {
      const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
      return tooMany(
        c,
        `Too many ${RATE_LIMIT_RULES[rule].what}; try again in ${seconds} s`,
        outcome.retryAfterMs,
      );
    }
  }
  return null;
}

/** The subject a rule counts by, for requests that carry it in their address or principal. */
export function subjectOf(c: Context<AppEnv>, rule: RateLimitRule): string {
  const by = RATE_LIMIT_RULES[rule].by;
  if (by === "ip") return clientAddress(c.req.raw.headers);
  const principal = c.get("principal");
  if (by === "workspace") return principal.workspaceId;
  if (by === "user") return principal.userId ?? `key:${principal.apiKeyId}`;
  throw new Error(`rate limit ${rule} counts by ${by}, which the route must supply itself`);
}

/**
 * Route middleware (after `requirePrincipal` for rules that count by user or workspace): refuses with
 * 429 once any of `rules` is over its limit.
 */
export function rateLimit(...rules: RateLimitRule[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const refused = await refuseWhenLimited(
      c,
      rules.map((rule) => [rule, subjectOf(c, rule)] as const),
    );
    if (refused) return refused;
    await next();
  };
}
