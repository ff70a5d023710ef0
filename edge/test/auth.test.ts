import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { APP_ORIGIN, anonymous, authed, signUp } from "./helpers/accounts";
import { expectError } from "./helpers/fixtures";

async function signIn(email: string, password: string): Promise<Response> {
  return SELF.fetch(`${APP_ORIGIN}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: APP_ORIGIN },
    body: JSON.stringify({ email, password }),
  });
}

function cookieOf(res: Response): string {
  const all = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
  return all.map((c) => c.split(";")[0]).join("; ");
}

describe("sign-up", () => {
  it("creates the user's workspace with a slug from the name, the user as owner, and a session", async () => {
    const account = await signUp("Ada Lovelace");
    const res = await authed(account.cookie)("/api/me");
    const me = await res.json();
    expect(res.status, JSON.stringify(me)).toBe(200);
    expect(me).toMatchObject({
      user: { id: account.userId, name: "Ada Lovelace", email: account.email },
      workspace: { id: account.workspaceId, name: "Ada Lovelace" },
      via: "session",
    });
    expect(account.workspaceId).toMatch(/^ws_/);
    expect(account.workspaceSlug).toMatch(/^ada-lovelace(-[a-z0-9]{4})?$/);
  });

  it("gives a second user with the same name a different, still DNS-safe slug", async () => {
    const first = await signUp("Grace Hopper");
    const second = await signUp("Grace Hopper");
    expect(second.workspaceSlug).not.toBe(first.workspaceSlug);
    expect(second.workspaceSlug).toMatch(/^grace-hopper-[a-z0-9]{4}$/);
    expect(second.workspaceId).not.toBe(first.workspaceId);
  });

  it("refuses a short password and creates nothing", async () => {
    const email = `short-${Date.now()}@example.test`;
    const res = await SELF.fetch(`${APP_ORIGIN}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: APP_ORIGIN },
      body: JSON.stringify({ name: "Short", email, password: "abc" }),
    });
    expect(res.status, await res.clone().text()).toBe(400);
    const retry = await signIn(email, "abc");
    expect(retry.status).toBe(401);
  });
});

describe("sign-in and sign-out", () => {
  it("signs in with the right password into the same workspace, and sign-out ends the session", async () => {
    const account = await signUp();
    const res = await signIn(account.email, account.password);
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = cookieOf(res);

    const me = await authed(cookie)("/api/me");
    expect(await me.json()).toMatchObject({ workspace: { id: account.workspaceId } });

    const out = await authed(cookie)("/api/auth/sign-out", {
      method: "POST",
      headers: { origin: APP_ORIGIN },
      json: {},
    });
    expect(out.status, await out.clone().text()).toBe(200);
    await expectError(await authed(cookie)("/api/me"), 401, "UNAUTHORIZED");
  });

  it("refuses a wrong password", async () => {
    const account = await signUp();
    const res = await signIn(account.email, "not the password at all");
    expect(res.status, await res.clone().text()).toBe(401);
    expect(res.headers.get("set-cookie") ?? "").not.toContain("session_token=");
  });
});

describe("GET /api/me", () => {
  it("answers 401 without credentials", async () => {
    await expectError(await anonymous("/api/me"), 401, "UNAUTHORIZED");
  });

  it("answers 401 for a forged session cookie", async () => {
    await expectError(await authed("better-auth.session_token=forged.value")("/api/me"), 401, "UNAUTHORIZED");
  });

  it("works with an API key, naming the user who created it", async () => {
    const account = await signUp("Key Holder");
    const res = await authed(account.apiKey)("/api/me");
    const me = await res.json();
    expect(res.status, JSON.stringify(me)).toBe(200);
    expect(me).toMatchObject({
      user: { id: account.userId, name: "Key Holder" },
      workspace: { id: account.workspaceId, slug: account.workspaceSlug },
      via: "api_key",
    });
  });

  it("answers 401 for an unknown key, a malformed bearer and a non-key bearer", async () => {
    for (const authorization of [
      "Bearer ll_live_0000000000000000000000000000000",
      "Bearer",
      "Bearer some-other-token",
      "Basic dXNlcjpwYXNz",
    ]) {
      const res = await anonymous("/api/me", { headers: { authorization } });
      await expectError(res, 401, "UNAUTHORIZED");
    }
  });

  it("does not let a valid session rescue a wrong API key", async () => {
    const account = await signUp();
    const res = await SELF.fetch(`${APP_ORIGIN}/api/me`, {
      headers: { cookie: account.cookie, authorization: "Bearer ll_live_wrongwrongwrongwrongwrongwrongwr" },
    });
    await expectError(res, 401, "UNAUTHORIZED");
  });
});
