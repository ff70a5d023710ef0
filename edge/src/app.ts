import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./context";
import { parseEnv } from "./env";
import { ApiError, codeForStatus, describeZodError, errorBody } from "./errors";
import { reportError, tagErrors } from "./lib/error-tracking";
import { createLogger } from "./lib/logger";
import { createServices } from "./services/create-services";
import { emailSenderFor, sendingWrittenEmails } from "./services/outbox-delivery";

/**
 * The bare application: request ids, environment check, per-request services, the one error model.
 * Route modules are registered on top of it in `index.ts`.
 */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorBody(c, "BAD_REQUEST", describeZodError(result.error));
    },
  });

  app.use("*", requestId({ generator: () => `req_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}` }));

  app.use("*", async (c, next) => {
    tagErrors({ request_id: c.get("requestId") });
    const parsed = parseEnv(c.env);
    if ("problems" in parsed) {
      reportError(new Error(`The Worker's environment is invalid: ${parsed.problems.join("; ")}`));
      return c.json(
        {
          error: {
            code: "INTERNAL",
            message: `The Worker's environment is invalid: ${parsed.problems.join("; ")}`,
            requestId: c.get("requestId"),
          },
        },
        500,
      );
    }
    const log = createLogger({ requestId: c.get("requestId") });
    const services = createServices(parsed.env, log, (work) => c.executionCtx.waitUntil(work));
    c.set("env", parsed.env);
    c.set("log", log);
    c.set("services", services);
    c.set("db", services.db);
    c.set("gate", services.gate);
    c.set("rateLimiter", services.rateLimiter);
    c.set("customHostnames", services.customHostnames);
    try {
      await sendingWrittenEmails(emailSenderFor(parsed.env, log), services.inBackground, next);
    } finally {
      c.executionCtx.waitUntil(services.close());
    }
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return errorBody(c, err.code, err.message);
    // Hono's own 4xx (e.g. "Malformed JSON in request body" from the validator) keep their status.
    if (err instanceof HTTPException && err.status < 500) {
      return errorBody(c, codeForStatus(err.status), err.message);
    }
    c.get("log")?.error("unhandled error", { error: String(err), stack: (err as Error).stack });
    reportError(err);
    return errorBody(c, "INTERNAL", "Something went wrong on our side; the request id identifies it.");
  });

  app.notFound((c) =>
    errorBody(c, "NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`),
  );

  return app;
}
