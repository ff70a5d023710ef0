import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../context";
import type { Env } from "../env";
import { ApiError } from "../errors";
import { EMAIL_KINDS, listOutbox } from "../services/outbox";
import { commonErrors } from "./openapi-common";

/** On only when asked for (DEV_MAILBOX=on, set by the local stack) and never in production. */
export function devMailboxEnabled(env: Pick<Env, "DEV_MAILBOX" | "ENVIRONMENT">): boolean {
  return env.ENVIRONMENT === "development" && env.DEV_MAILBOX === "on";
}

const mailboxRoute = createRoute({
  method: "get",
  path: "/api/dev/mailbox",
  operationId: "dev.mailbox.list",
  security: [],
  tags: ["Development"],
  summary: "The local dev mailbox: the latest emails the platform wrote (no email provider is configured)",
  description:
    "Only on a local stack (DEV_MAILBOX=on with ENVIRONMENT=development, which the dev and test stacks set); 404 elsewhere, and a production Worker refuses to run with it on. It shows reset, invitation and verification links to anyone who can reach it.",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
  responses: {
    200: {
      description: "Emails, newest first",
      content: {
        "application/json": {
          schema: z.object({
            emails: z.array(
              z.object({
                id: z.string(),
                kind: z.enum(EMAIL_KINDS),
                to: z.string(),
                subject: z.string(),
                text: z.string(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    400: commonErrors[400],
    404: commonErrors[404],
  },
});

export function registerDevMailbox(app: App) {
  app.openapi(mailboxRoute, async (c) => {
    if (!devMailboxEnabled(c.get("env"))) {
      throw new ApiError("NOT_FOUND", "The dev mailbox is off on this deployment");
    }
    return c.json({ emails: await listOutbox(c.get("db"), c.req.valid("query").limit) }, 200);
  });
}
