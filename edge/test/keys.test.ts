import { describe, expect, it } from "vitest";
import { anonymous, authed, signUp } from "./helpers/accounts";
import { expectError } from "./helpers/fixtures";

interface KeyListItem {
  id: string;
  name: string;
  prefix: string;
  role: "admin" | "member";
  createdBy: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

async function listKeys(cookieOrKey: string): Promise<KeyListItem[]> {
  const res = await authed(cookieOrKey)("/api/keys");
  const body = (await res.json()) as { keys: KeyListItem[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.keys;
}

describe("POST /api/keys", () => {
  it("creates a key shown once, with a 12-character display prefix, that authenticates", async () => {
    const account = await signUp();
    const res = await authed(account.cookie)("/api/keys", { method: "POST", json: { name: "CI" } });
    const created = (await res.json()) as { id: string; name: string; prefix: string; key: string };
    expect(res.status, JSON.stringify(created)).toBe(201);
    expect(created.id).toMatch(/^key_/);
    expect(created.key).toMatch(/^ll_live_[0-9A-Za-z]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));

    const listed = (await listKeys(account.cookie)).find((k) => k.id === created.id);
    expect(listed, "the new key is listed").toMatchObject({
      name: "CI",
      prefix: created.prefix,
      lastUsedAt: null,
    });
    expect(JSON.stringify(await listKeys(account.cookie))).not.toContain(created.key);

    const me = await authed(created.key)("/api/me");
    expect(await me.json()).toMatchObject({ workspace: { id: account.workspaceId }, via: "api_key" });
    const used = (await listKeys(account.cookie)).find((k) => k.id === created.id);
    expect(used?.lastUsedAt, JSON.stringify(used)).not.toBeNull();
  });

  it("answers 400 naming the field when the name is missing, and creates nothing", async () => {
    const account = await signUp();
    const before = await listKeys(account.cookie);
    await expectError(
      await authed(account.cookie)("/api/keys", { method: "POST", json: {} }),
      400,
      "BAD_REQUEST",
      /name/,
    );
    await expectError(
      await authed(account.cookie)("/api/keys", { method: "POST", json: { name: "   " } }),
      400,
      "BAD_REQUEST",
      /name/,
    );
    expect(await listKeys(account.cookie)).toEqual(before);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const account = await signUp();
    const res = await authed(account.cookie)("/api/keys", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    await expectError(res, 400, "BAD_REQUEST");
  });

  it("answers 401 without credentials", async () => {
    await expectError(
      await anonymous("/api/keys", { method: "POST", json: { name: "x" } }),
      401,
      "UNAUTHORIZED",
    );
    await expectError(await anonymous("/api/keys"), 401, "UNAUTHORIZED");
  });
});

describe("API key scopes", () => {
  it("gives a key its creator's role by default, or a lower scope on request", async () => {
    const owner = await signUp();
    const call = authed(owner.cookie);
    const admin = (await (await call("/api/keys", { method: "POST", json: { name: "Full" } })).json()) as {
      key: string;
      role: string;
    };
    expect(admin.role).toBe("admin");
    const member = await call("/api/keys", { method: "POST", json: { name: "Read-mostly", role: "member" } });
    const memberKey = (await member.json()) as { id: string; key: string; role: string };
    expect(member.status, JSON.stringify(memberKey)).toBe(201);
    expect(memberKey.role).toBe("member");
    expect((await listKeys(owner.cookie)).find((k) => k.id === memberKey.id)).toMatchObject({
      role: "member",
      createdBy: owner.userId,
    });

    // The admin key manages the workspace; the member key works on campaigns only.
    expect(await (await authed(admin.key)("/api/me")).json()).toMatchObject({
      role: "admin",
      via: "api_key",
    });
    expect(await (await authed(memberKey.key)("/api/me")).json()).toMatchObject({ role: "member" });
    const renamed = await authed(admin.key)("/api/workspace", { method: "PATCH", json: { name: "By key" } });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    await expectError(
      await authed(memberKey.key)("/api/workspace", { method: "PATCH", json: { name: "Nope" } }),
      403,
      "FORBIDDEN",
      /acts as a member/,
    );
    expect((await authed(memberKey.key)("/api/campaigns")).status).toBe(200);
  });

  it("answers 400 naming the field for an unknown scope, creating nothing", async () => {
    const account = await signUp();
    const before = await listKeys(account.cookie);
    await expectError(
      await authed(account.cookie)("/api/keys", { method: "POST", json: { name: "x", role: "owner" } }),
      400,
      "BAD_REQUEST",
      /role/,
    );
    expect(await listKeys(account.cookie)).toEqual(before);
  });
});

describe("DELETE /api/keys/:id", () => {
  it("revokes the key: it stops working at once and leaves the list", async () => {
    const account = await signUp();
    const [key] = await listKeys(account.cookie);
    expect(key).toBeDefined();
    const res = await authed(account.cookie)(`/api/keys/${key?.id}`, { method: "DELETE" });
    expect(res.status, await res.clone().text()).toBe(204);

    await expectError(await authed(account.apiKey)("/api/me"), 401, "UNAUTHORIZED");
    expect((await listKeys(account.cookie)).map((k) => k.id)).not.toContain(key?.id);
    await expectError(
      await authed(account.cookie)(`/api/keys/${key?.id}`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
  });

  it("answers 404 for another workspace's key and leaves that key working", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const [key] = await listKeys(owner.cookie);
    await expectError(
      await authed(stranger.cookie)(`/api/keys/${key?.id}`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
    const me = await authed(owner.apiKey)("/api/me");
    expect(me.status).toBe(200);
    expect((await listKeys(stranger.cookie)).map((k) => k.id)).not.toContain(key?.id);
  });

  it("answers 401 without credentials", async () => {
    const owner = await signUp();
    const [key] = await listKeys(owner.cookie);
    await expectError(await anonymous(`/api/keys/${key?.id}`, { method: "DELETE" }), 401, "UNAUTHORIZED");
    expect((await authed(owner.apiKey)("/api/me")).status).toBe(200);
  });
});
