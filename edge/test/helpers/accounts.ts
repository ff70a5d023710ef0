import { SELF } from "cloudflare:test";
import { outboxEmails } from "@loom-lite/schema/db";
import { and, desc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { withDb } from "./db";

export const APP_ORIGIN = "http://localhost";

export interface TestAccount {
  /** `Cookie` header value carrying the session. */
  cookie: string;
  /** An API key of the same workspace (`ll_live_…`). */
  apiKey: string;
  workspaceId: string;
  workspaceSlug: string;
  userId: string;
  email: string;
  password: string;
}

let counter = 0;

function sessionCookieFrom(res: Response): string {
  // workerd implements getSetCookie; the workers-types in use do not declare it yet.
  const setCookies = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
  const cookies = setCookies.map((c) => c.split(";")[0] as string);
  const session = cookies.find((c) => c.includes("session_token="));
  if (!session)
    throw new Error(`no session cookie in sign-up answer; set-cookie: ${JSON.stringify(cookies)}`);
  return cookies.join("; ");
}

type EmailKind = (typeof outboxEmails.$inferSelect)["kind"];

/** The link in the newest email of that kind to that address, as the platform wrote it to the outbox. */
export async function emailedLink(to: string, kind: EmailKind): Promise<string> {
  const [email] = await withDb((db) =>
    db
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.to, to), eq(outboxEmails.kind, kind)))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(1),
  );
  const link = /(https?:\/\/\S+)/.exec(email?.text ?? "")?.[1];
  if (!link) throw new Error(`no ${kind} email to ${to}: ${JSON.stringify(email ?? null)}`);
  return link;
}

/** Opens the emailed verification link of that address (in the browser of `cookie`, when given). */
export async function openVerificationLink(
  to: string,
  opts: { cookie?: string; kind?: "email_verification" | "email_change" } = {},
): Promise<Response> {
  const link = await emailedLink(to, opts.kind ?? "email_verification");
  const res = await SELF.fetch(link, {
    redirect: "manual",
    headers: opts.cookie ? { cookie: opts.cookie } : {},
  });
  expect([200, 302], `opening ${link} answered ${res.status}: ${await res.clone().text()}`).toContain(
    res.status,
  );
  expect(res.headers.get("location") ?? "", "the link refused the token").not.toContain("error=");
  return res;
}

/**
 * Signs a fresh user up through the real endpoints (their own new workspace), verifies their email
 * with the emailed link (unless `verified: false`), then creates an API key for that workspace. Every
 * call gives a new, isolated account.
 */
export async function signUp(
  name?: string,
  opts: { email?: string; verified?: boolean } = {},
): Promise<TestAccount> {
  counter += 1;
  const unique = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  const email = opts.email ?? `user-${unique}@example.test`;
  const password = "correct horse battery staple";
  const res = await SELF.fetch(`${APP_ORIGIN}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_ORIGIN },
    body: JSON.stringify({ name: name ?? `Test User ${unique}`, email, password }),
  });
  const body = await res.text();
  expect(res.status, `sign-up answered: ${body}`).toBe(200);
  const cookie = sessionCookieFrom(res);
  const call = authed(cookie);
  if (opts.verified !== false) await openVerificationLink(email.toLowerCase(), { cookie });

  const meRes = await call("/api/me");
  const me = (await meRes.json()) as { user: { id: string }; workspace: { id: string; slug: string } };
  expect(meRes.status, `GET /api/me answered: ${JSON.stringify(me)}`).toBe(200);

  const keyRes = await call("/api/keys", { method: "POST", json: { name: "test key" } });
  const key = (await keyRes.json()) as { key: string };
  expect(keyRes.status, `POST /api/keys answered: ${JSON.stringify(key)}`).toBe(201);

  return {
    cookie,
    apiKey: key.key,
    workspaceId: me.workspace.id,
    workspaceSlug: me.workspace.slug,
    userId: me.user.id,
    email,
    password,
  };
}

/** A unique email address for a test account. */
export function uniqueEmail(label = "user"): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

/** Signs in through better-auth; the session cookie, or null when the credentials are refused. */
export async function signIn(email: string, password: string): Promise<string | null> {
  const res = await SELF.fetch(`${APP_ORIGIN}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) return null;
  return sessionCookieFrom(res);
}

export type AuthedInit = RequestInit & { json?: unknown };
export type AuthedFetch = (path: string, init?: AuthedInit) => Promise<Response>;

/**
 * A fetch against the Worker that authenticates as the given account: an `ll_live_…` key goes in
 * `Authorization: Bearer`, anything else is sent as the `Cookie` header. `json` sets a JSON body.
 */
export function authed(cookieOrKey: string): AuthedFetch {
  return (path, init = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (cookieOrKey.startsWith("ll_live_")) headers.set("authorization", `Bearer ${cookieOrKey}`);
    else headers.set("cookie", cookieOrKey);
    if (json !== undefined) {
      headers.set("content-type", "application/json");
      rest.body = JSON.stringify(json);
    }
    const url = path.startsWith("http") ? path : `${APP_ORIGIN}${path}`;
    return SELF.fetch(url, { ...rest, headers });
  };
}

/** A fetch without credentials, for the 401 checks. */
export const anonymous: AuthedFetch = (path, init = {}) => {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) {
    headers.set("content-type", "application/json");
    rest.body = JSON.stringify(json);
  }
  return SELF.fetch(path.startsWith("http") ? path : `${APP_ORIGIN}${path}`, { ...rest, headers });
};
