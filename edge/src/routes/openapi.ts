import { z } from "@hono/zod-openapi";
import { MIN_PASSWORD_LENGTH } from "@loom-lite/schema";
import { html } from "hono/html";
import { AUTH_BASE_PATH } from "../auth/auth";
import type { App } from "../context";
import { ErrorBodySchema } from "../errors";
import { rateLimitedResponse } from "./openapi-common";

const DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Loom-Lite API",
    version: "1.0.0",
    description:
      "Personalized videos for every lead. Authenticate with the dashboard's session cookie or an API key " +
      "(`Authorization: Bearer ll_live_…`, created under API keys). Errors answer " +
      "`{ error: { code, message, requestId } }`.",
  },
  // Relative: the API is served by the deployment that serves this document.
  servers: [{ url: "/", description: "This deployment" }],
};

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, unknown>>;
};
type Document = { paths?: Record<string, Record<string, Operation>> };

/** The user as better-auth answers it (the fields clients rely on; it sends more). */
const AuthUserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean().openapi({ description: "Confirmed by the emailed link" }),
  })
  .openapi("AuthUser");

const SessionSchema = z
  .object({
    user: AuthUserSchema,
    session: z.object({ id: z.string(), expiresAt: z.string() }),
  })
  .openapi("Session");

/** better-auth serves these itself; they are declared here so the reference lists them. */
function registerAuthPaths(app: App) {
  const credentials = z.object({ email: z.email(), password: z.string().min(MIN_PASSWORD_LENGTH) });
  const session = {
    description: "Signed in; the session cookie is set",
    content: {
      "application/json": { schema: z.object({ user: AuthUserSchema }) },
    },
  };
  const failed = {
    description: "Rejected",
    content: { "application/json": { schema: z.object({}).passthrough() } },
  };
  const paths: Array<{
    path: string;
    operationId: string;
    summary: string;
    body: z.ZodType;
  }> = [
    {
      path: "/sign-up/email",
      operationId: "auth.signUp",
      summary:
        "Create an account (and its workspace), signed in at once; a link to verify the email is sent to it",
      body: credentials.extend({
        name: z.string().min(1),
        callbackURL: z.string().optional().openapi({
          description: "Where the verification link lands once opened, e.g. /app",
        }),
      }),
    },
    {
      path: "/sign-in/email",
      operationId: "auth.signIn",
      summary: "Sign in with email and password",
      body: credentials,
    },
    {
      path: "/sign-out",
      operationId: "auth.signOut",
      summary: "End the session",
      body: z.object({}),
    },
    {
      path: "/request-password-reset",
      operationId: "auth.requestPasswordReset",
      summary:
        "Email a password reset link (to the outbox and dev mailbox when no provider is configured); answers the same whether or not the account exists",
      body: z.object({
        email: z.email(),
        redirectTo: z.string().optional().openapi({
          description: "Where the link lands with ?token=…, e.g. /app/reset-password",
        }),
      }),
    },
    {
      path: "/send-verification-email",
      operationId: "auth.sendVerificationEmail",
      summary:
        "Send the email verification link again (signed in: to the session's own unverified address); answers the same whether or not the account exists",
      body: z.object({ email: z.email(), callbackURL: z.string().optional() }),
    },
    {
      path: "/reset-password",
      operationId: "auth.resetPassword",
      summary: "Set a new password with the token from the reset link; signs out every session",
      body: z.object({ token: z.string(), newPassword: z.string().min(MIN_PASSWORD_LENGTH) }),
    },
  ];
  for (const p of paths) {
    app.openAPIRegistry.registerPath({
      method: "post",
      path: `${AUTH_BASE_PATH}${p.path}`,
      operationId: p.operationId,
      tags: ["Account"],
      // better-auth's own checks apply; sign-out without a session is a no-op.
      security: [],
      summary: p.summary,
      request: { body: { content: { "application/json": { schema: p.body } } } },
      responses: {
        200: session,
        400: failed,
        401: failed,
        ...(p.path === "/sign-out" ? {} : { 429: rateLimitedResponse }),
      },
    });
  }
  app.openAPIRegistry.registerPath({
    method: "get",
    path: `${AUTH_BASE_PATH}/verify-email`,
    operationId: "auth.verifyEmail",
    tags: ["Account"],
    security: [],
    summary:
      "The emailed verification link: confirms the address (or applies a requested email change), signs the browser in and redirects to callbackURL",
    request: {
      query: z.object({ token: z.string(), callbackURL: z.string().optional() }),
    },
    responses: {
      200: {
        description: "Verified (no callbackURL)",
        content: { "application/json": { schema: z.unknown() } },
      },
      302: { description: "Verified, or refused with ?error=…; redirects to callbackURL" },
      401: failed,
    },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: `${AUTH_BASE_PATH}/get-session`,
    operationId: "auth.getSession",
    tags: ["Account"],
    // Public: without a session cookie it answers null.
    security: [],
    summary: "The current session, or null",
    responses: {
      200: {
        description: "Session or null",
        content: { "application/json": { schema: SessionSchema.nullable() } },
      },
    },
  });
}

const METHOD_ORDER = ["get", "post", "put", "patch", "delete"];

const SCHEME_NAMES: Record<string, string> = {
  bearerAuth: "API key",
  sessionCookie: "session cookie",
  adminToken: "admin token",
  nodeToken: "render-node token",
  metricsToken: "metrics token",
};

/** "Session cookie or API key" from an operation's security requirements; nothing for public ones. */
function authNote(security: Array<Record<string, unknown>> | undefined) {
  const schemes = (security ?? []).flatMap((requirement) => Object.keys(requirement));
  if (schemes.length === 0) return "";
  const names = schemes.map((s) => SCHEME_NAMES[s] ?? s).join(" or ");
  return html`<p class="auth">${names.charAt(0).toUpperCase()}${names.slice(1)}</p>`;
}

/** A plain, server-rendered list of the operations; no scripts, nothing fetched from elsewhere. */
function referencePage(doc: Document) {
  const byTag = new Map<string, Array<{ method: string; path: string; op: Operation }>>();
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) {
      if (!METHOD_ORDER.includes(method)) continue;
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  const sections = [...byTag.entries()].map(
    ([tag, ops]) => html`<section>
      <h2>${tag}</h2>
      ${ops.map(
        ({ method, path, op }) => html`<article>
          <h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
          ${op.summary ? html`<p>${op.summary}</p>` : ""}
          ${op.description ? html`<p class="d">${op.description}</p>` : ""}
          ${authNote(op.security)}
        </article>`,
      )}
    </section>`,
  );
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${DOCUMENT.info.title} reference</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 900px; margin: 2rem auto; padding: 0 1rem; color: #0f172a; }
      h2 { margin-top: 2.5rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .3rem; }
      article { margin: 1rem 0; } h3 { font-size: 1rem; margin: 0 0 .3rem; }
      .m { display: inline-block; min-width: 4.5rem; font-size: .8rem; padding: .1rem .4rem; border-radius: 4px; color: #fff; text-align: center; }
      .get { background: #0284c7; } .post { background: #16a34a; } .put, .patch { background: #d97706; } .delete { background: #dc2626; }
      .d { color: #475569; } .auth { font-size: .8rem; color: #64748b; }
    </style>
  </head>
  <body>
    <h1>${DOCUMENT.info.title}</h1>
    <p>${DOCUMENT.info.description}</p>
    <p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
    ${sections}
  </body>
</html>`;
}

/** Registered last: the document lists every route declared before it. */
export function registerOpenApi(app: App) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key, `ll_live_…`",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "better-auth.session_token",
    description: "The dashboard's session, set by sign-in",
  });
  app.openAPIRegistry.register("Error", ErrorBodySchema);
  registerAuthPaths(app);

  app.doc31("/api/openapi.json", DOCUMENT);

  let cached: Document | undefined;
  app.get("/api/docs", async (c) => {
    cached ??= app.getOpenAPI31Document(DOCUMENT) as Document;
    return c.html(await referencePage(cached));
  });
}
