/**
 * Stripe's error envelope (https://docs.stripe.com/api/errors): `{ error: { type, code, message, param } }`
 * with the HTTP status that goes with it. The SDK turns `type` into its error classes
 * (`invalid_request_error` → StripeInvalidRequestError, `idempotency_error` → StripeIdempotencyError,
 * 401 → StripeAuthenticationError, `card_error` → StripeCardError).
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: "invalid_request_error" | "idempotency_error" | "card_error" | "api_error",
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** Headers Stripe adds to this answer, such as `Stripe-Should-Retry: false`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  envelope() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export const missingParam = (param: string) =>
  new StripeApiError(
    400,
    "invalid_request_error",
    `Missing required param: ${param}.`,
    "parameter_missing",
    param,
  );

export const invalidParam = (param: string, message: string, code?: string) =>
  new StripeApiError(400, "invalid_request_error", message, code, param);

export const resourceMissing = (kind: string, id: string, param = "id") =>
  new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param);
