/**
 * Stripe's idempotent requests (https://docs.stripe.com/api/idempotent_requests): a POST or DELETE
 * with an `Idempotency-Key` that was seen before answers the stored response with
 * `Idempotent-Replayed: true`; the same key with other parameters is refused with `idempotency_error`.
 * Requests that failed validation are not stored, so they can be retried with the same key.
 */
import { StripeApiError } from "./errors";

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export function createIdempotencyStore() {
  const stored = new Map<string, StoredResponse>();
  return {
    /** The stored answer for this key, or undefined when the request should run. */
    replay(key: string, fingerprint: string): StoredResponse | undefined {
      const found = stored.get(key);
      if (!found) return undefined;
      if (found.fingerprint !== fingerprint) {
        throw new StripeApiError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      return found;
    },
    remember(key: string, fingerprint: string, status: number, body: unknown) {
      if (status >= 400 && status !== 402) return;
      stored.set(key, { fingerprint, status, body });
    },
  };
}
