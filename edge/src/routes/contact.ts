import { createRoute, z } from "@hono/zod-openapi";
import { CONTACT_HONEYPOT_FIELD, type ContactField, ContactRequestSchema } from "@loom-lite/schema";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { App, AppEnv } from "../context";
import { describeZodError, ERROR_CODES, ErrorBodySchema } from "../errors";
import { clientAddress } from "../lib/client-address";
import { type ContactPageState, contactPageWithErrors } from "../lib/contact-page";
import { newNonce } from "../lib/csp";
import { isLocalStack } from "../lib/deployment";
import { refuseWhenLimited } from "../middleware/rate-limit";
import { submitContactRequest } from "../services/contact-requests";
import { rateLimitedResponse } from "./openapi-common";
import { withNonces } from "./site";

/** Far above a real request (the message is at most 4,000 characters); refused before it is read. */
const MAX_CONTACT_BODY_BYTES = 32 * 1024;
const CONTACT_PAGE = "/contact/";
const THANKS_PAGE = "/contact/thanks/";

const FormSchema = ContactRequestSchema.extend({
  [CONTACT_HONEYPOT_FIELD]: z
    .string()
    .max(1_000)
    .optional()
    .openapi({ description: "Leave empty: the form hides it from people; a filled one is dropped" }),
}).openapi("ContactRequest");

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

/** A plain form post wants a page back; the site's script and API clients ask for JSON. */
function wantsPage(c: Context<AppEnv>): boolean {
  const accept = c.req.header("accept") ?? "";
  return accept.includes("text/html") && !accept.startsWith("application/json");
}

async function contactPage(c: Context<AppEnv>, state: ContactPageState, status: number) {
  const env = c.get("env");
  const page = env.ASSETS ? await env.ASSETS.fetch(new URL(CONTACT_PAGE, c.req.url)) : null;
  if (!page?.ok) {
    // No built site (tests of the Worker alone): the same words as JSON.
    const message = state.formError ?? Object.values(state.fieldErrors).join("; ");
    return c.json({ error: { code: "BAD_REQUEST", message, requestId: c.get("requestId") } }, 400);
  }
  return withNonces(contactPageWithErrors(page, state), newNonce(), isLocalStack(env), status);
}

function fieldErrorsOf(error: z.ZodError): ContactPageState["fieldErrors"] {
  const errors: Partial<Record<ContactField, string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "") as ContactField;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The submitted text, to put back into the page's fields (a file or a repeated field is dropped). */
function valuesOf(input: unknown): Record<string, string> {
  if (!input || typeof input !== "object") return {};
  return Object.fromEntries(
    Object.entries(input).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

const limitBody = bodyLimit({
  maxSize: MAX_CONTACT_BODY_BYTES,
  onError: (c) =>
    c.json(
      {
        error: {
          code: "BAD_REQUEST",
          message: `body: at most ${MAX_CONTACT_BODY_BYTES / 1024} KB`,
          requestId: c.get("requestId"),
        },
      },
      413,
    ),
});

/** Counted per client address before the body is read; a refused browser gets the form back. */
const limitPerClient: MiddlewareHandler<AppEnv> = async (c, next) => {
  const refused = await refuseWhenLimited(c, [["contact_ip", clientAddress(c.req.raw.headers)]]);
  if (!refused) return next();
  if (!wantsPage(c)) return refused;
  const { error } = (await refused.clone().json()) as { error: { message: string } };
  const page = await contactPage(c, { values: {}, fieldErrors: {}, formError: error.message }, 429);
  page.headers.set("retry-after", refused.headers.get("retry-after") ?? "60");
  return page;
};
const submitRoute = createRoute({
  method: "post",
  path: "/api/contact",
  operationId: "contact.submit",
  tags: ["Storefront"],
  // Public: a prospect without an account sends it.
  security: [],
  summary: "Send the contact / book-a-demo form to the sales team",
  description:
    "The storefront's /contact form posts here, with or without JavaScript. A browser that accepts HTML " +
    "is sent to the confirmation page (303) or gets the form back with each error beside its field " +
    `(400); other clients get JSON. At most ${MAX_CONTACT_BODY_BYTES / 1024} KB, and a few a client an hour.`,
  middleware: [limitPerClient, limitBody] as const,
  request: {
    body: { required: true, content: { "application/x-www-form-urlencoded": { schema: FormSchema } } },
  },
  responses: {
    201: { description: "Received", content: json(z.object({ received: z.literal(true) })) },
    303: { description: "Received; the browser goes to the confirmation page" },
    400: {
      description: "A field is wrong; the message (or the page) names it",
      content: json(ErrorBodySchema),
    },
    413: { description: "The body is too large", content: json(ErrorBodySchema) },
    429: rateLimitedResponse,
  },
});

export function registerContact(app: App) {
  app.openapi(
    submitRoute,
    async (c) => {
      const { [CONTACT_HONEYPOT_FIELD]: honeypot, ...request } = c.req.valid("form");
      if (honeypot) {
        // Answered like a success so the bot learns nothing; nothing is stored or sent.
        c.get("log").info("contact form honeypot filled; dropped", {
          client: clientAddress(c.req.raw.headers),
        });
      } else {
        await submitContactRequest(c.get("db"), c.get("log"), c.get("env").SALES_INBOX, request);
      }
      if (wantsPage(c)) return c.redirect(THANKS_PAGE, 303) as never;
      return c.json({ received: true as const }, 201);
    },
    (result, c) => (result.success ? undefined : refuseForm(c, result.error)),
  );
}

/** A form that failed its checks: the page with errors beside the fields, or JSON for a script. */
async function refuseForm(c: Context<AppEnv>, error: z.ZodError): Promise<Response> {
  const fieldErrors = fieldErrorsOf(error);
  if (!wantsPage(c)) {
    // The one error body, plus each field's message for the page's script to put beside it.
    const body = { code: "BAD_REQUEST", message: describeZodError(error), requestId: c.get("requestId") };
    return c.json({ error: { ...body, fields: fieldErrors } }, 400);
  }
  // The validator has read the body already; parseBody answers from its cache.
  const values = await c.req.parseBody().catch(() => ({}));
  return contactPage(c, { values: valuesOf(values), fieldErrors }, ERROR_CODES.BAD_REQUEST);
}
