import { z } from "@hono/zod-openapi";
import { ErrorBodySchema } from "../errors";

/** Either security scheme registered in the OpenAPI document: an API key or the session cookie. */
export const SECURITY: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorBodySchema } },
});

/** The error answers every authenticated endpoint can give. */
export const commonErrors = {
  400: errorResponse("Malformed request; the message names the field"),
  401: errorResponse("No session and no valid API key"),
  404: errorResponse("Not found in this workspace"),
} as const;

/** The answer of a rate-limited endpoint. */
export const rateLimitedResponse = {
  ...errorResponse("Too many requests (code RATE_LIMITED); try again after the Retry-After header's seconds"),
  headers: z.object({
    "Retry-After": z
      .string()
      .openapi({ description: "Seconds until a request is allowed again", example: "30" }),
  }),
};

export const IdParam = (example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(64)
      .openapi({ param: { name: "id", in: "path" }, example }),
  });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
  cursor: z.string().max(64).optional().openapi({ description: "nextCursor of the previous page" }),
});
