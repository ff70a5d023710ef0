import { MIN_PASSWORD_LENGTH } from "@loom-lite/schema";
import { account, session, user, verification } from "@loom-lite/schema/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import type { Context } from "hono";
import type { AppEnv } from "../context";
import type { Env } from "../env";
import type { Db } from "../lib/db";
import type { Logger } from "../lib/logger";
import { sendVerificationLink } from "../services/account-emails";
import { EMAIL_LINK_VALID_FOR_MS, sendEmail } from "../services/outbox";
import type { ProductAnalytics } from "../services/product-analytics";
import { ensureWorkspaceForUser, findWorkspaceOfUser } from "../services/workspaces";
import { trustedOrigins } from "./app-origins";

export const AUTH_BASE_PATH = "/api/auth";

export function createAuth(opts: {
  env: Env;
  db: Db;
  origin: string;
  log: Logger;
  analytics?: ProductAnalytics;
}) {
  const { env, db, origin, log, analytics } = opts;
  return betterAuth({
    appName: "Loom-Lite",
    secret: env.BETTER_AUTH_SECRET,
    baseURL: origin,
    basePath: AUTH_BASE_PATH,
    trustedOrigins: trustedOrigins(env),
    database: drizzleAdapter(db, {
      provider: "pg",
      usePlural: false,
      schema: { user, session, account, verification },
    }),
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user: to, url }) => {
        await sendEmail(db, log, {
          kind: "password_reset",
          to: to.email,
          subject: "Reset your Loom-Lite password",
          text: `Hi ${to.name || "there"},\n\nSomeone (hopefully you) asked to reset the password of your Loom-Lite account. Open this link within an hour to choose a new one:\n\n${url}\n\nIf it was not you, ignore this email; your password stays as it is.\n`,
        });
      },
    },
    // Sign-in works before the address is verified; what needs a verified one checks emailVerified.
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: EMAIL_LINK_VALID_FOR_MS / 1000,
      sendVerificationEmail: async ({ user: to, url }) => {
        await sendVerificationLink(db, log, to, url);
      },
    },
    // A new address takes effect only once the link sent to it is opened. The change is asked for
    // through PATCH /api/me, which checks the current password, so better-auth's own path is closed.
    user: { changeEmail: { enabled: true } },
    disabledPaths: ["/change-email"],
    session: {
      additionalFields: {
        // Set by the API (workspace switch, invitation), never from a request body.
        activeWorkspaceId: { type: "string", required: false, input: false },
      },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      user: {
        create: {
          after: async (created) => {
            const workspace = await ensureWorkspaceForUser(db, created);
            analytics?.capture("signed_up", created.id, { workspace_id: workspace.id });
          },
        },
      },
      session: {
        create: {
          // A new session starts in the workspace the user switched to last, and stays there.
          before: async (created) => {
            const workspace = await findWorkspaceOfUser(db, created.userId);
            return { data: { ...created, activeWorkspaceId: workspace?.id ?? null } };
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const perRequest = new WeakMap<Context, Auth>();

/** The better-auth instance for this request (built once, from the request's own origin). */
export function authFor(c: Context<AppEnv>): Auth {
  let auth = perRequest.get(c);
  if (!auth) {
    auth = createAuth({
      env: c.get("env"),
      db: c.get("db"),
      origin: new URL(c.req.url).origin,
      log: c.get("log"),
      analytics: c.get("services").analytics,
    });
    perRequest.set(c, auth);
  }
  return auth;
}
