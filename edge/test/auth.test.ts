import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";

describe("sign-up", () => {
  it("creates the user's workspace with a slug from the name, and a session", async () => {
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
});

describe("GET /api/me", () => {
  it("answers 401 without credentials", async () => {
    const res = await anonymous("/api/me");
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(401);
    expect(body).toMatchObject({ error: { code: "UNAUTHORIZED" } });
  });
});
