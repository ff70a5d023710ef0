import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AUTH_BASE_PATH } from "../auth/auth";
import type { App, AppEnv } from "../context";
import { errorBody } from "../errors";
import type { RateLimitRule } from "../rate-limit/rules";
import { type RateLimitCheck, refuseWhenLimited, subjectOf } from "./rate-limit";

/** better-auth's endpoints that guess or send something, and the limits in front of each. */
const LIMITED: Record<string, { rules: readonly RateLimitRule[]; email?: RateLimitRule }> = {
  "/sign-in/email": { rules: ["sign_in_ip"], email: "sign_in_email" },
  "/sign-up/email": { rules: ["sign_up_ip"] },
  "/request-password-reset": { rules: ["password_reset_ip"], email: "password_reset_email" },
  "/reset-password": { rules: ["password_reset_ip"] },
  "/send-verification-email": { rules: ["verification_email_ip"], email: "verification_email_email" },
};

/** Auth bodies are a name, an email and a password; anything bigger is not one. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;
const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json/i;

/**
 * The endpoint a path reaches inside better-auth, in the one spelling the table above uses, so that
 * `/Sign-In/email/`, `/sign%2Din/email` and the like are counted like the plain path.
 */
function endpointOf(pathname: string): string {
  let path = pathname.slice(AUTH_BASE_PATH.length);
  try {
    path = decodeURIComponent(path);
  } catch {
    // Left as sent; better-auth will not match it either.
  }
  return path
    .toLowerCase()
    .replace(/\/{2,}/g, "/")
    .replace(/\/+$/, "");
}

/**
 * The account a request is about, from its body as better-auth reads it (JSON or a form). A body
 * without a readable email shares one count with every other such body, so sending one buys nothing.
 */
async function emailOf(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header("content-type")?.toLowerCase() ?? "";
  const copy = c.req.raw.clone();
  let value: unknown;
  try {
    if (JSON_TYPE.test(type)) value = ((await copy.json()) as { email?: unknown } | null)?.email;
    else if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
      value = (await copy.formData()).get("email");
    }
  } catch {
    value = undefined;
  }
  return typeof value === "string" && value.trim() !== "" ? value.trim().toLowerCase() : "?";
}

const limitBody = bodyLimit({
  maxSize: MAX_AUTH_BODY_BYTES,
  onError: (c) => errorBody(c, "BAD_REQUEST", `body: at most ${MAX_AUTH_BODY_BYTES / 1024} KB`),
});

const limitAuthRequest: MiddlewareHandler<AppEnv> = async (c, next) => {
  const limited = c.req.method === "POST" ? LIMITED[endpointOf(new URL(c.req.url).pathname)] : undefined;
  if (!limited) return next();
  let refused: Response | null = null;
  const tooBig = await limitBody(c, async () => {
    const checks: RateLimitCheck[] = limited.rules.map((rule) => [rule, subjectOf(c, rule)] as const);
    if (limited.email) checks.push([limited.email, await emailOf(c)]);
    refused = await refuseWhenLimited(c, checks);
    if (!refused) await next();
  });
  return tooBig ?? refused ?? undefined;
};

/**
 * Rate limits in front of sign-in, sign-up and password reset, counted by the caller's address and
 * by the account the body names. Mounted before better-auth's handler.
 */
export function limitAuthRequests(app: App) {
  app.use(`${AUTH_BASE_PATH}/*`, limitAuthRequest);
}
