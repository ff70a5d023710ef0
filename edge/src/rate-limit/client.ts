import type { RateLimitDecision, RateLimiter } from "./rate-limiter";
import type { RateLimitRule, RateLimits } from "./rules";

export interface RateLimitOutcome extends RateLimitDecision {
  rule: RateLimitRule;
}

/** What routes need from the limiter; tests and other deployments can supply their own. */
export interface RateLimiterClient {
  /** Counts one request against `rule` for `subject` (an address, an account, a lead). */
  consume(rule: RateLimitRule, subject: string): Promise<RateLimitOutcome>;
}

/** The bucket a rule keeps for one subject; also the name of the object that holds it. */
export function bucketKey(rule: RateLimitRule, subject: string): string {
  return `${rule}:${subject}`;
}

export function rateLimiterClient(
  ns: DurableObjectNamespace<RateLimiter>,
  limits: RateLimits,
): RateLimiterClient {
  return {
    async consume(rule, subject) {
      const key = bucketKey(rule, subject);
      const { limit, windowMs } = limits[rule];
      const decision = await ns.get(ns.idFromName(key)).consume(key, limit, windowMs);
      return { ...decision, rule };
    },
  };
}
