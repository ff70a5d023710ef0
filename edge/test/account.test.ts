import { SELF } from "cloudflare:test";
import { user } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { devMailboxEnabled } from "../src/routes/dev-mailbox";
import {
  APP_ORIGIN,
  anonymous,
  authed,
  openVerificationLink,
  signIn,
  signUp,
  uniqueEmail,
} from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { expectError } from "./helpers/fixtures";

interface MeBody {
  user: { id: string; name: string; email: string; emailVerified: boolean } | null;
  workspace: { id: string; slug: string; name: string };
  role: string | null;
  via: string;
}

interface Email {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
}

async function mailFor(to: string): Promise<Email[]> {
  const res = await anonymous("/api/dev/mailbox?limit=200");
  const body = (await res.json()) as { emails: Email[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.emails.filter((e) => e.to === to);
}

async function userRow(id: string) {
  return withDb(async (db) => (await db.select().from(user).where(eq(user.id, id)))[0] ?? null);
}

describe("PATCH /api/me", () => {
  it("changes the name at once, and the email once the link sent to the new address is opened", async () => {
    const account = await signUp("Ada");
    const call = authed(account.cookie);
    const email = uniqueEmail("renamed");
    const res = await call("/api/me", {
      method: "PATCH",
      json: { name: "Ada Lovelace", email, currentPassword: account.password },
    });
    const body = (await res.json()) as MeBody & { pendingEmail: string | null };
    expect(res.status, JSON.stringify(body)).toBe(200);
    // Until the new address is verified, the account keeps the old one.
    expect(body.user).toMatchObject({ name: "Ada Lovelace", email: account.email, emailVerified: true });
    expect(body.pendingEmail).toBe(email);
    expect(body.role).toBe("owner");
    const [sent] = await mailFor(email);
    expect(sent).toMatchObject({ kind: "email_change", subject: "Confirm your new Loom-Lite email address" });
    expect(sent?.text).toContain(account.email);
    expect(await signIn(email, account.password)).toBeNull();

    await openVerificationLink(email, { cookie: account.cookie, kind: "email_change" });
    expect(await userRow(account.userId)).toMatchObject({ email, emailVerified: true });
    expect(await signIn(email, account.password)).not.toBeNull();
    expect(await signIn(account.email, account.password)).toBeNull();
    const me = (await (await call("/api/me")).json()) as MeBody;
    expect(me.user).toMatchObject({ email, emailVerified: true });
  });

  it("answers 400 naming the field, 409 for an email in use, 403 for an API key, changing nothing", async () => {
    const account = await signUp("Ada");
    const other = await signUp();
    const call = authed(account.cookie);
    await expectError(
      await call("/api/me", { method: "PATCH", json: { email: "nope" } }),
      400,
      "BAD_REQUEST",
      /email/,
    );
    await expectError(
      await call("/api/me", { method: "PATCH", json: { name: "" } }),
      400,
      "BAD_REQUEST",
      /name/,
    );
    await expectError(
      await call("/api/me", { method: "PATCH", json: {} }),
      400,
      "BAD_REQUEST",
      /name or email/,
    );
    await expectError(
      await call("/api/me", {
        method: "PATCH",
        json: { email: other.email, currentPassword: account.password },
      }),
      409,
      "CONFLICT",
      /email/,
    );
    await expectError(
      await authed(account.apiKey)("/api/me", { method: "PATCH", json: { name: "Key" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await anonymous("/api/me", { method: "PATCH", json: { name: "X" } }),
      401,
      "UNAUTHORIZED",
    );
    expect(await userRow(account.userId)).toMatchObject({ name: "Ada", email: account.email });
  });
});

describe("email verification", () => {
  it("sends a link at sign-up; opening it verifies the address and lands on the callback", async () => {
    const email = uniqueEmail("fresh");
    const res = await SELF.fetch(`${APP_ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
      body: JSON.stringify({ name: "Fresh", email, password: "fresh password 123", callbackURL: "/app" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = (res.headers as unknown as { getSetCookie(): string[] })
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    // Signed in at once, working in their own workspace, but not verified yet.
    const before = (await (await authed(cookie)("/api/me")).json()) as MeBody;
    expect(before.user).toMatchObject({ email, emailVerified: false });
    expect(before.role).toBe("owner");
    const [sent] = await mailFor(email);
    expect(sent).toMatchObject({
      kind: "email_verification",
      subject: "Verify your Loom-Lite email address",
    });

    // Opened in another browser (no cookie): verified, signed in there, sent to the callback.
    const opened = await openVerificationLink(email);
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/app");
    expect(String(opened.headers.get("set-cookie"))).toContain("session_token=");
    const after = (await (await authed(cookie)("/api/me")).json()) as MeBody;
    expect(after.user).toMatchObject({ email, emailVerified: true });
  });

  it("sends the link again on request, to the session's own address only", async () => {
    const account = await signUp(undefined, { verified: false });
    const call = authed(account.cookie);
    const resend = (email: string) =>
      call("/api/auth/send-verification-email", {
        method: "POST",
        headers: { origin: APP_ORIGIN },
        json: { email },
      });
    expect((await resend(account.email)).status).toBe(200);
    expect((await mailFor(account.email)).filter((e) => e.kind === "email_verification")).toHaveLength(2);
    const elsewhere = uniqueEmail("elsewhere");
    expect((await resend(elsewhere)).status).toBe(400);
    expect(await mailFor(elsewhere)).toEqual([]);
    await openVerificationLink(account.email, { cookie: account.cookie });
    expect(await userRow(account.userId)).toMatchObject({ emailVerified: true });
  });
});

describe("POST /api/me/password", () => {
  it("changes the password: the new one signs in, the old one no longer does", async () => {
    const account = await signUp();
    const res = await authed(account.cookie)("/api/me/password", {
      method: "POST",
      json: { currentPassword: account.password, newPassword: "a brand new password" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await signIn(account.email, "a brand new password")).not.toBeNull();
    expect(await signIn(account.email, account.password)).toBeNull();
  });

  it("answers 400 naming the field for a wrong or short password, 403 for an API key, changing nothing", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    await expectError(
      await call("/api/me/password", {
        method: "POST",
        json: { currentPassword: "not my password", newPassword: "long enough password" },
      }),
      400,
      "BAD_REQUEST",
      /currentPassword/,
    );
    await expectError(
      await call("/api/me/password", {
        method: "POST",
        json: { currentPassword: account.password, newPassword: "short" },
      }),
      400,
      "BAD_REQUEST",
      /newPassword/,
    );
    await expectError(
      await authed(account.apiKey)("/api/me/password", {
        method: "POST",
        json: { currentPassword: account.password, newPassword: "long enough password" },
      }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await anonymous("/api/me/password", {
        method: "POST",
        json: { currentPassword: account.password, newPassword: "long enough password" },
      }),
      401,
      "UNAUTHORIZED",
    );
    expect(await signIn(account.email, account.password)).not.toBeNull();
  });
});

describe("password reset by email", () => {
  it("writes a reset link to the outbox; the link's token sets a new password", async () => {
    const account = await signUp();
    const requested = await SELF.fetch(`${APP_ORIGIN}/api/auth/request-password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
      body: JSON.stringify({ email: account.email, redirectTo: "/app/reset-password" }),
    });
    expect(requested.status, await requested.clone().text()).toBe(200);
    const [email] = await mailFor(account.email);
    expect(email).toMatchObject({ kind: "password_reset", subject: "Reset your Loom-Lite password" });
    const link = /(http\S+reset-password\/\S+)/.exec(email?.text ?? "")?.[1];
    expect(link, email?.text).toBeDefined();

    const opened = await SELF.fetch(link as string, { redirect: "manual" });
    expect(opened.status).toBe(302);
    const landing = new URL(opened.headers.get("location") ?? "", APP_ORIGIN);
    expect(landing.pathname).toBe("/app/reset-password");
    const token = landing.searchParams.get("token");
    expect(token).toBeTruthy();

    const reset = await SELF.fetch(`${APP_ORIGIN}/api/auth/reset-password`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
      body: JSON.stringify({ token, newPassword: "reset to something new" }),
    });
    expect(reset.status, await reset.clone().text()).toBe(200);
    expect(await signIn(account.email, "reset to something new")).not.toBeNull();
    expect(await signIn(account.email, account.password)).toBeNull();
    // The session from before the reset is gone.
    await expectError(await authed(account.cookie)("/api/me"), 401, "UNAUTHORIZED");
  });
});

describe("DELETE /api/me", () => {
  it("needs the typed workspace address; only the owner's session may do it", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    await expectError(
      await call("/api/me", { method: "DELETE", json: { confirm: "yes" } }),
      400,
      "BAD_REQUEST",
      /confirm/,
    );
    await expectError(await call("/api/me", { method: "DELETE", json: {} }), 400, "BAD_REQUEST", /confirm/);
    await expectError(
      await authed(account.apiKey)("/api/me", { method: "DELETE", json: { confirm: account.workspaceSlug } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await anonymous("/api/me", { method: "DELETE", json: { confirm: account.workspaceSlug } }),
      401,
      "UNAUTHORIZED",
    );
    expect(await userRow(account.userId)).not.toBeNull();
    expect((await call("/api/me")).status).toBe(200);
  });
});

describe("the dev mailbox", () => {
  // It used to turn itself on whenever APP_DOMAIN was localhost, the shipped default: a deployment
  // that forgot to override it showed every reset link to anyone. Now only an explicit `on` in a
  // development environment opens it.
  it("is on only when DEV_MAILBOX=on in development, never by default and never in production", () => {
    expect(devMailboxEnabled({ ENVIRONMENT: "development", DEV_MAILBOX: "on" })).toBe(true);
    expect(devMailboxEnabled({ ENVIRONMENT: "development", DEV_MAILBOX: "off" })).toBe(false);
    expect(devMailboxEnabled({ ENVIRONMENT: "production", DEV_MAILBOX: "on" })).toBe(false);
    expect(devMailboxEnabled({ ENVIRONMENT: "production", DEV_MAILBOX: "off" })).toBe(false);
  });
});
