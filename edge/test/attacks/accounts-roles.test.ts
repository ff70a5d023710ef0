import { SELF } from "cloudflare:test";
import * as tables from "@loom-lite/schema/db";
import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { APP_ORIGIN, authed, signIn, signUp, type TestAccount, uniqueEmail } from "../helpers/accounts";
import { withDb } from "../helpers/db";
import { createCampaign, expectError } from "../helpers/fixtures";
import { adminCall } from "../helpers/render-world";
import { addTeammate, createKey, membersOf } from "../helpers/team";

/**
 * Accounts and roles, attacked: the requests someone would send to become an operator, to widen their
 * role in a workspace, or to make another session's writes land elsewhere. Each asserts the refusal and
 * that nothing changed.
 */

const ADMIN_ROUTES: Array<[string, string, unknown?]> = [
  ["GET", "/api/admin/settings"],
  ["PUT", "/api/admin/settings", { globalRenderCap: 0 }],
  ["POST", "/api/admin/nodes", { name: "attacker-node", capacity: 1 }],
  ["GET", "/api/admin/media?prefix=ws/"],
  ["POST", "/api/admin/operators", { email: "attacker@example.test" }],
];

async function operatorState() {
  const settings = await (await adminCall("/api/admin/settings")).json();
  const nodes = await withDb((db) =>
    db.select().from(tables.renderNodes).where(eq(tables.renderNodes.name, "attacker-node")),
  );
  const operators = await withDb((db) => db.select().from(tables.platformOperators));
  return JSON.stringify({ settings, nodes, operators });
}

async function expectNoOperatorRights(cookie: string) {
  for (const [method, path, json] of ADMIN_ROUTES) {
    await expectError(await authed(cookie)(path, { method, json }), 403, "FORBIDDEN");
  }
}

async function userRow(userId: string) {
  return withDb(async (db) => (await db.select().from(tables.user).where(eq(tables.user.id, userId)))[0]);
}

async function membershipsOf(workspaceId: string) {
  return withDb((db) =>
    db
      .select()
      .from(tables.memberships)
      .where(eq(tables.memberships.workspaceId, workspaceId))
      .orderBy(asc(tables.memberships.userId)),
  );
}

async function emailsTo(to: string) {
  return withDb((db) => db.select().from(tables.outboxEmails).where(eq(tables.outboxEmails.to, to)));
}

const tokenOf = (acceptUrl: string) => acceptUrl.split("#/invite/")[1] as string;

async function invite(owner: TestAccount, email: string, role: "admin" | "member" = "member") {
  const res = await authed(owner.cookie)("/api/workspace/invitations", {
    method: "POST",
    json: { email, role },
  });
  const body = (await res.json()) as { id: string; acceptUrl: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return tokenOf(body.acceptUrl);
}

describe("operator rights come from a database flag, never from an email address", () => {
  it("gives nothing to an account with the address a leftover ADMIN_EMAILS lists", async () => {
    // vitest.config.ts still sets ADMIN_EMAILS=admin@example.test, as an old deployment would.
    const before = await operatorState();
    const squatter = await signUp("Squatter", { email: "admin@example.test" });
    await expectNoOperatorRights(squatter.cookie);
    expect(await operatorState()).toBe(before);
  });

  it("cannot be granted to an account whose email is not verified", async () => {
    const unverified = await signUp("Unverified", { verified: false });
    const before = await operatorState();
    await expectError(
      await adminCall("/api/admin/operators", { method: "POST", json: { email: unverified.email } }),
      409,
      "CONFLICT",
      /not verified/,
    );
    await expectNoOperatorRights(unverified.cookie);
    expect(await operatorState()).toBe(before);
  });

  it("stays with the account: whoever signs up with an operator's former address gets nothing", async () => {
    const operator = await signUp("Operator");
    const granted = await adminCall("/api/admin/operators", {
      method: "POST",
      json: { email: operator.email },
    });
    expect(granted.status).toBe(201);
    const oldAddress = operator.email;
    const newAddress = uniqueEmail("operator-moved");
    const asked = await authed(operator.cookie)("/api/me", {
      method: "PATCH",
      json: { email: newAddress, currentPassword: operator.password },
    });
    expect(asked.status, await asked.clone().text()).toBe(200);
    const link = (await emailsTo(newAddress))[0]?.text.match(/https?:\/\/\S+/)?.[0] as string;
    expect(
      (await SELF.fetch(link, { redirect: "manual", headers: { cookie: operator.cookie } })).status,
    ).toBe(302);
    expect((await userRow(operator.userId))?.email).toBe(newAddress);

    const before = await operatorState();
    const squatter = await signUp("Squatter", { email: oldAddress });
    await expectNoOperatorRights(squatter.cookie);
    expect(await operatorState()).toBe(before);
    expect((await authed(operator.cookie)("/api/admin/settings")).status).toBe(200);
  });
});

describe("an email address changes only with the password and the new address's link", () => {
  it("refuses a change without the current password, or with a wrong one", async () => {
    const account = await signUp();
    const target = uniqueEmail("target");
    for (const json of [{ email: target }, { email: target, currentPassword: "not the password" }]) {
      await expectError(
        await authed(account.cookie)("/api/me", { method: "PATCH", json }),
        400,
        "BAD_REQUEST",
        /currentPassword/,
      );
    }
    expect(await userRow(account.userId)).toMatchObject({ email: account.email, emailVerified: true });
    expect(await emailsTo(target)).toEqual([]);
  });

  it("closes better-auth's own change-email path, which needs no password", async () => {
    const account = await signUp();
    const target = uniqueEmail("target");
    const res = await authed(account.cookie)("/api/auth/change-email", {
      method: "POST",
      headers: { origin: APP_ORIGIN },
      json: { newEmail: target },
    });
    expect(res.status, await res.clone().text()).toBe(404);
    expect(await userRow(account.userId)).toMatchObject({ email: account.email });
    expect(await emailsTo(target)).toEqual([]);
  });

  it("does not let an account take an invited address to accept someone else's invitation", async () => {
    const owner = await signUp("Owner");
    const attacker = await signUp("Attacker");
    const victimAddress = uniqueEmail("victim");
    const token = await invite(owner, victimAddress, "admin");

    await expectError(
      await authed(attacker.cookie)("/api/me", { method: "PATCH", json: { email: victimAddress } }),
      400,
      "BAD_REQUEST",
      /currentPassword/,
    );
    // Even with the attacker's own password, the address is only requested; the link goes to the victim.
    const asked = await authed(attacker.cookie)("/api/me", {
      method: "PATCH",
      json: { email: victimAddress, currentPassword: attacker.password },
    });
    expect(asked.status, await asked.clone().text()).toBe(200);
    expect(await userRow(attacker.userId)).toMatchObject({ email: attacker.email });
    await expectError(
      await authed(attacker.cookie)(`/api/invitations/${token}/accept`, { method: "POST" }),
      403,
      "FORBIDDEN",
    );
    expect((await membershipsOf(owner.workspaceId)).map((m) => m.userId)).toEqual([owner.userId]);
  });

  it("does not let an unverified account with the invited address accept the invitation", async () => {
    const owner = await signUp("Owner");
    const invited = uniqueEmail("invited");
    const token = await invite(owner, invited, "admin");
    const squatter = await signUp("Squatter", { email: invited, verified: false });
    await expectError(
      await authed(squatter.cookie)(`/api/invitations/${token}/accept`, { method: "POST" }),
      403,
      "FORBIDDEN",
      /Verify your email/,
    );
    expect((await membershipsOf(owner.workspaceId)).map((m) => m.userId)).toEqual([owner.userId]);
    const preview = await authed(squatter.cookie)(`/api/invitations/${token}`);
    expect(await preview.json()).toMatchObject({ status: "pending" });
  });
});

describe("an API key acts with the lower of its scope and its creator's current role", () => {
  async function workspaceState(workspaceId: string) {
    return withDb(async (db) =>
      JSON.stringify({
        workspace: await db.select().from(tables.workspaces).where(eq(tables.workspaces.id, workspaceId)),
        memberships: await db
          .select()
          .from(tables.memberships)
          .where(eq(tables.memberships.workspaceId, workspaceId))
          .orderBy(asc(tables.memberships.userId)),
        invitations: await db
          .select()
          .from(tables.invitations)
          .where(eq(tables.invitations.workspaceId, workspaceId)),
        webhooks: await db.select().from(tables.webhooks).where(eq(tables.webhooks.workspaceId, workspaceId)),
        domains: await db
          .select()
          .from(tables.customDomains)
          .where(eq(tables.customDomains.workspaceId, workspaceId)),
      }),
    );
  }

  /** What a member escalating through a key would try: admins invited, webhooks, the slug, a domain. */
  async function expectNoManagerPowers(key: string, workspaceId: string) {
    const before = await workspaceState(workspaceId);
    const call = authed(key);
    const tries: Array<[string, string, unknown]> = [
      ["POST", "/api/workspace/invitations", { email: uniqueEmail("accomplice"), role: "admin" }],
      ["PATCH", "/api/workspace", { slug: `taken-${Date.now().toString(36)}` }],
      ["POST", "/api/webhooks", { url: "https://attacker.example.com/in", events: ["lead.viewed"] }],
      ["POST", "/api/domains", { hostname: `videos-${Date.now().toString(36)}.attacker-example.com` }],
    ];
    for (const [method, path, json] of tries) {
      await expectError(await call(path, { method, json }), 403, "FORBIDDEN");
    }
    expect(await workspaceState(workspaceId)).toBe(before);
  }

  it("a member's key cannot manage the workspace", async () => {
    const owner = await signUp();
    const member = await addTeammate(owner, "member");
    const key = await createKey(member.cookie);
    await expectNoManagerPowers(key.key, owner.workspaceId);
  });

  it("a member cannot create a key scoped above their role", async () => {
    const owner = await signUp();
    const member = await addTeammate(owner, "member");
    const keysBefore = await withDb((db) =>
      db.select().from(tables.apiKeys).where(eq(tables.apiKeys.workspaceId, owner.workspaceId)),
    );
    await expectError(
      await authed(member.cookie)("/api/keys", { method: "POST", json: { name: "mine", role: "admin" } }),
      403,
      "FORBIDDEN",
      /role/,
    );
    const keysAfter = await withDb((db) =>
      db.select().from(tables.apiKeys).where(eq(tables.apiKeys.workspaceId, owner.workspaceId)),
    );
    expect(keysAfter).toEqual(keysBefore);
  });

  it("an admin's key loses admin powers the moment the admin is demoted", async () => {
    const owner = await signUp();
    const admin = await addTeammate(owner, "admin");
    const key = await createKey(admin.cookie, "admin");
    const demoted = await authed(owner.cookie)(`/api/workspace/members/${admin.userId}`, {
      method: "PATCH",
      json: { role: "member" },
    });
    expect(demoted.status, await demoted.clone().text()).toBe(200);
    expect(await (await authed(key.key)("/api/me")).json()).toMatchObject({ role: "member" });
    await expectNoManagerPowers(key.key, owner.workspaceId);
  });

  it("a removed person's keys are revoked and refused", async () => {
    const owner = await signUp();
    const admin = await addTeammate(owner, "admin");
    const key = await createKey(admin.cookie, "admin");
    expect(
      (await authed(owner.cookie)(`/api/workspace/members/${admin.userId}`, { method: "DELETE" })).status,
    ).toBe(204);
    await expectError(await authed(key.key)("/api/campaigns"), 401, "UNAUTHORIZED");
    const live = await withDb((db) =>
      db
        .select()
        .from(tables.apiKeys)
        .where(
          and(
            eq(tables.apiKeys.createdBy, admin.userId),
            eq(tables.apiKeys.workspaceId, owner.workspaceId),
            isNull(tables.apiKeys.revokedAt),
          ),
        ),
    );
    expect(live).toEqual([]);
  });

  it("a key whose creator is gone acts as a member", async () => {
    const owner = await signUp();
    const key = await createKey(owner.cookie, "admin");
    await withDb((db) =>
      db.update(tables.apiKeys).set({ createdBy: null }).where(eq(tables.apiKeys.id, key.id)),
    );
    expect(await (await authed(key.key)("/api/me")).json()).toMatchObject({ role: "member" });
    await expectNoManagerPowers(key.key, owner.workspaceId);
  });

  it("a member cannot revoke someone else's key", async () => {
    const owner = await signUp();
    const member = await addTeammate(owner, "member");
    const ownerKey = await createKey(owner.cookie);
    await expectError(
      await authed(member.cookie)(`/api/keys/${ownerKey.id}`, { method: "DELETE" }),
      403,
      "FORBIDDEN",
    );
    expect((await authed(ownerKey.key)("/api/me")).status).toBe(200);
    // Their own key they may revoke.
    const own = await createKey(member.cookie);
    expect((await authed(member.cookie)(`/api/keys/${own.id}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("members are managed by owners and admins, within the rules", () => {
  const setRole = (as: string, userId: string, role: string) =>
    authed(as)(`/api/workspace/members/${userId}`, { method: "PATCH", json: { role } });
  const remove = (as: string, userId: string) =>
    authed(as)(`/api/workspace/members/${userId}`, { method: "DELETE" });

  it("a member can neither remove an admin nor promote themselves", async () => {
    const owner = await signUp();
    const admin = await addTeammate(owner, "admin");
    const member = await addTeammate(owner, "member");
    const before = await membershipsOf(owner.workspaceId);
    await expectError(await remove(member.cookie, admin.userId), 403, "FORBIDDEN");
    await expectError(await setRole(member.cookie, member.userId, "admin"), 403, "FORBIDDEN");
    await expectError(await setRole(member.cookie, admin.userId, "member"), 403, "FORBIDDEN");
    expect(await membershipsOf(owner.workspaceId)).toEqual(before);
  });

  it("an admin, or an admin's key, can neither touch an owner nor make one", async () => {
    const owner = await signUp();
    const admin = await addTeammate(owner, "admin");
    const member = await addTeammate(owner, "member");
    const adminKey = await createKey(admin.cookie, "admin");
    const before = await membershipsOf(owner.workspaceId);
    for (const as of [admin.cookie, adminKey.key]) {
      await expectError(await setRole(as, owner.userId, "member"), 403, "FORBIDDEN", /owner/);
      await expectError(await remove(as, owner.userId), 403, "FORBIDDEN", /owner/);
      await expectError(await setRole(as, member.userId, "owner"), 403, "FORBIDDEN", /owner/);
      await expectError(await setRole(as, admin.userId, "owner"), 403, "FORBIDDEN", /owner/);
    }
    expect(await membershipsOf(owner.workspaceId)).toEqual(before);
  });

  it("nobody demotes or removes the last owner", async () => {
    const owner = await signUp();
    await addTeammate(owner, "admin");
    const before = await membershipsOf(owner.workspaceId);
    await expectError(await setRole(owner.cookie, owner.userId, "admin"), 409, "CONFLICT", /last owner/);
    await expectError(await remove(owner.cookie, owner.userId), 409, "CONFLICT", /last owner/);
    expect(await membershipsOf(owner.workspaceId)).toEqual(before);
  });

  it("two owners demoting each other at the same moment leave one owner", async () => {
    const first = await signUp();
    const second = await addTeammate(first, "admin");
    expect((await setRole(first.cookie, second.userId, "owner")).status).toBe(200);
    const answers = await Promise.all([
      setRole(first.cookie, second.userId, "member"),
      setRole(second.cookie, first.userId, "member"),
    ]);
    // Under the workspace lock the second sees itself demoted already, so it may no longer act.
    expect(answers.map((r) => r.status).sort()).toEqual([200, 403]);
    const owners = (await membersOf(first.cookie)).filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
  });

  it("another workspace's member ids answer 404 and change nothing", async () => {
    const victim = await signUp();
    const victimMate = await addTeammate(victim, "admin");
    const intruder = await signUp();
    const before = await membershipsOf(victim.workspaceId);
    for (const userId of [victim.userId, victimMate.userId]) {
      await expectError(await setRole(intruder.cookie, userId, "member"), 404, "NOT_FOUND");
      await expectError(await remove(intruder.cookie, userId), 404, "NOT_FOUND");
      await expectError(await remove(intruder.apiKey, userId), 404, "NOT_FOUND");
    }
    expect(await membershipsOf(victim.workspaceId)).toEqual(before);
  });
});

describe("the current workspace belongs to the session", () => {
  it("a switch in one session does not move another session's writes", async () => {
    const owner = await signUp();
    const mate = await addTeammate(owner, "member");
    // Two browsers of the same person, both working in the owner's workspace.
    const otherTab = (await signIn(mate.email, mate.password)) as string;
    const switched = await authed(mate.cookie)(`/api/me/workspaces/${mate.workspaceId}/switch`, {
      method: "POST",
    });
    expect(switched.status).toBe(200);

    const campaign = await createCampaign(authed(otherTab), { name: "Meant for the team" });
    const [row] = await withDb((db) =>
      db.select().from(tables.campaigns).where(eq(tables.campaigns.id, campaign.id)),
    );
    expect(row?.workspaceId).toBe(owner.workspaceId);
    const inOwn = await withDb((db) =>
      db.select().from(tables.campaigns).where(eq(tables.campaigns.workspaceId, mate.workspaceId)),
    );
    expect(inOwn).toEqual([]);
  });
});
