import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const satisfies Record<string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      requestId: z.string(),
    }),
  })
  .openapi("Error");

/** Thrown by handlers and services; `app.onError` turns it into the one error body. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): ContentfulStatusCode {
    return ERROR_CODES[this.code];
  }
}

/** The error code for an HTTP status raised outside our handlers (Hono's validators, for one). */
export function codeForStatus(status: number): ErrorCode {
  const exact = (Object.keys(ERROR_CODES) as ErrorCode[]).find((code) => ERROR_CODES[code] === status);
  if (exact) return exact;
  return status >= 500 ? "INTERNAL" : "BAD_REQUEST";
}

export function errorBody(c: Context, code: ErrorCode, message: string) {
  const requestId = (c.get("requestId" as never) as string | undefined) ?? "unknown";
  return c.json({ error: { code, message, requestId } }, ERROR_CODES[code]);
}

/** Renders zod issues as one sentence that names every offending field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.join(".") : "body";
      return `${field}: ${issue.message}`;
    })
    .join("; ");
}
