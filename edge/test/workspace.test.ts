import { env } from "cloudflare:test";
import { workspaces } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { anonymous, authed, signIn, signUp, uniqueEmail } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { addLeads, createCampaign, expectError, sample, uploadAsset } from "./helpers/fixtures";
import { addTeammate, createKey, membersOf } from "./helpers/team";

interface WorkspaceBody {
  id: string;
  name: string;
  slug: string;
  branding: Record<string, string>;
  landingBaseUrl: string;
}

async function workspaceRow(id: string) {
  return withDb(async (db) => (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0] ?? null);
}

async function inviteLink(to: string): Promise<string> {
  const res = await anonymous("/api/dev/mailbox?limit=200");
  const { emails } = (await res.json()) as { emails: Array<{ to: string; kind: string; text: string }> };
  const email = emails.find((e) => e.to === to && e.kind === "invitation");
  const link = /(http\S+#\/invite\/\S+)/.exec(email?.text ?? "")?.[1];
  if (!link) throw new Error(`no invitation email to ${to}: ${JSON.stringify(emails.slice(0, 3))}`);
  return link;
}

const tokenOf = (link: string) => link.split("#/invite/")[1] as string;

describe("GET/PATCH /api/workspace", () => {
  it("shows and changes the name, subdomain and branding", async () => {
    const account = await signUp("Ada Lovelace");
    const call = authed(account.cookie);
    const got = (await (await call("/api/workspace")).json()) as WorkspaceBody;
    expect(got).toMatchObject({ id: account.workspaceId, slug: account.workspaceSlug, branding: {} });
    expect(got.landingBaseUrl).toBe(`http://${account.workspaceSlug}.localhost`);

    const png = sample("png");
    const logo = await uploadAsset(call, "logo", png, "image/png");
    const slug = `acme-${account.workspaceId.slice(-6).toLowerCase()}`;
    const res = await authed(account.apiKey)("/api/workspace", {
      method: "PATCH",
      json: { name: "Acme", slug, branding: { logoAssetId: logo.id, primaryColor: "#ff5500" } },
    });
    const body = (await res.json()) as WorkspaceBody;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      name: "Acme",
      slug,
      branding: { logoAssetId: logo.id, primaryColor: "#ff5500" },
    });

    // Landing pages show the logo and color, on the new subdomain.
    const campaign = await createCampaign(call, { landing: { calendarUrl: "https://calendly.com/ada" } });
    const [lead] = await addLeads(call, campaign.id, [{ first_name: "Bo", website: "bo.example.com" }]);
    const page = await anonymous(`http://${slug}.localhost/${lead?.slug}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<iframe class="calendar" src="https://calendly.com/ada"');
    expect(html).toContain(`src="/${lead?.slug}/logo"`);
    expect(html).toContain("--primary: #ff5500;");
    const logoRes = await anonymous(`http://${slug}.localhost/${lead?.slug}/logo`);
    expect(logoRes.status).toBe(200);
    expect(new Uint8Array(await logoRes.arrayBuffer())).toEqual(png);
    expect((await anonymous(`http://${account.workspaceSlug}.localhost/${lead?.slug}`)).status).toBe(404);
  });

  it("answers 400 naming the field and 409 for a taken slug, changing nothing", async () => {
    const account = await signUp();
    const other = await signUp();
    const call = authed(account.cookie);
    const facecam = await uploadAsset(call);
    const cases: Array<[unknown, RegExp]> = [
      [{ slug: "Has Spaces" }, /slug/],
      [{ slug: "-dash" }, /slug/],
      [{ slug: "admin" }, /slug: "admin" is reserved/],
      [{ name: "" }, /name/],
      [{ branding: { primaryColor: "red" } }, /branding\.primaryColor/],
      [{ branding: { logoAssetId: facecam.id } }, /branding\.logoAssetId/],
      [{ branding: { logoAssetId: "ast_nope" } }, /branding\.logoAssetId/],
      [{}, /at least one/],
    ];
    for (const [json, field] of cases) {
      await expectError(await call("/api/workspace", { method: "PATCH", json }), 400, "BAD_REQUEST", field);
    }
    await expectError(
      await call("/api/workspace", { method: "PATCH", json: { slug: other.workspaceSlug } }),
      409,
      "CONFLICT",
      /slug/,
    );
    await expectError(
      await anonymous("/api/workspace", { method: "PATCH", json: { name: "x" } }),
      401,
      "UNAUTHORIZED",
    );
    expect(await workspaceRow(account.workspaceId)).toMatchObject({
      slug: account.workspaceSlug,
      branding: {},
    });
  });
});

describe("invitations", () => {
  it("invites by email; the invitee signs up, accepts, works in the workspace and can switch back", async () => {
    const owner = await signUp("Owner");
    const email = uniqueEmail("teammate");
    const invited = await authed(owner.cookie)("/api/workspace/invitations", {
      method: "POST",
      json: { email: email.toUpperCase(), role: "member" },
    });
    const invitation = (await invited.json()) as { id: string; email: string; acceptUrl: string };
    expect(invited.status, JSON.stringify(invitation)).toBe(201);
    expect(invitation.email).toBe(email);
    const link = await inviteLink(email);
    expect(link).toBe(invitation.acceptUrl);
    expect(link).toMatch(/^http:\/\/localhost\/app#\/invite\//);

    const preview = await anonymous(`/api/invitations/${tokenOf(link)}`);
    expect(await preview.json()).toMatchObject({
      email,
      role: "member",
      invitedBy: "Owner",
      status: "pending",
    });
    const listed = await authed(owner.apiKey)("/api/workspace/invitations");
    expect(
      ((await listed.json()) as { invitations: Array<{ id: string }> }).invitations.map((i) => i.id),
    ).toEqual([invitation.id]);

    const teammate = await signUp("Teammate", { email });
    const accepted = await authed(teammate.cookie)(`/api/invitations/${tokenOf(link)}/accept`, {
      method: "POST",
    });
    expect(await accepted.json()).toMatchObject({ workspaceId: owner.workspaceId, role: "member" });

    const me = (await (await authed(teammate.cookie)("/api/me")).json()) as {
      workspace: { id: string };
      role: string;
    };
    expect(me).toMatchObject({ workspace: { id: owner.workspaceId }, role: "member" });
    const members = await authed(owner.cookie)("/api/workspace/members");
    expect(((await members.json()) as { members: Array<{ email: string; role: string }> }).members).toEqual([
      expect.objectContaining({ email: owner.email, role: "owner" }),
      expect.objectContaining({ email, role: "member" }),
    ]);
    // A member works on campaigns but does not manage the workspace.
    await createCampaign(authed(teammate.cookie));
    await expectError(
      await authed(teammate.cookie)("/api/workspace", { method: "PATCH", json: { name: "Mine now" } }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await authed(teammate.cookie)("/api/workspace/invitations", {
        method: "POST",
        json: { email: uniqueEmail() },
      }),
      403,
      "FORBIDDEN",
    );

    const list = await authed(teammate.cookie)("/api/me/workspaces");
    const { workspaces: mine } = (await list.json()) as {
      workspaces: Array<{ id: string; current: boolean }>;
    };
    expect(mine).toHaveLength(2);
    expect(mine.find((w) => w.current)?.id).toBe(owner.workspaceId);
    const own = mine.find((w) => !w.current)?.id as string;
    expect(
      (await authed(teammate.cookie)(`/api/me/workspaces/${own}/switch`, { method: "POST" })).status,
    ).toBe(200);
    const back = (await (await authed(teammate.cookie)("/api/me")).json()) as { workspace: { id: string } };
    expect(back.workspace.id).toBe(own);
    await expectError(
      await authed(teammate.cookie)(`/api/me/workspaces/${(await signUp()).workspaceId}/switch`, {
        method: "POST",
      }),
      404,
      "NOT_FOUND",
    );

    await expectError(
      await authed(teammate.cookie)(`/api/invitations/${tokenOf(link)}/accept`, { method: "POST" }),
      409,
      "CONFLICT",
      /accepted/,
    );
  });

  it("refuses a user with another email, a revoked link, and another workspace's invitation", async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const email = uniqueEmail("invitee");
    const res = await authed(owner.cookie)("/api/workspace/invitations", { method: "POST", json: { email } });
    const invitation = (await res.json()) as { id: string; acceptUrl: string };
    const token = tokenOf(invitation.acceptUrl);

    await expectError(
      await authed(stranger.cookie)(`/api/invitations/${token}/accept`, { method: "POST" }),
      403,
      "FORBIDDEN",
      new RegExp(email),
    );
    await expectError(
      await authed(stranger.cookie)(`/api/workspace/invitations/${invitation.id}`, { method: "DELETE" }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await anonymous(`/api/workspace/invitations/${invitation.id}`, { method: "DELETE" }),
      401,
      "UNAUTHORIZED",
    );
    expect(
      (await authed(owner.cookie)(`/api/workspace/invitations/${invitation.id}`, { method: "DELETE" }))
        .status,
    ).toBe(204);
    expect(await (await anonymous(`/api/invitations/${token}`)).json()).toMatchObject({ status: "revoked" });
    const invitee = await signUp(undefined, { email });
    await expectError(
      await authed(invitee.cookie)(`/api/invitations/${token}/accept`, { method: "POST" }),
      409,
      "CONFLICT",
      /revoked/,
    );
    await expectError(await anonymous(`/api/invitations/${"x".repeat(40)}`), 404, "NOT_FOUND");
  });

  it("answers 400 naming the field, 409 for a member, 401 without credentials, inviting nobody", async () => {
    const owner = await signUp();
    const call = authed(owner.cookie);
    await expectError(
      await call("/api/workspace/invitations", { method: "POST", json: { email: "nope" } }),
      400,
      "BAD_REQUEST",
      /email/,
    );
    await expectError(
      await call("/api/workspace/invitations", {
        method: "POST",
        json: { email: uniqueEmail(), role: "owner" },
      }),
      400,
      "BAD_REQUEST",
      /role/,
    );
    await expectError(
      await call("/api/workspace/invitations", { method: "POST", json: { email: owner.email } }),
      409,
      "CONFLICT",
      /already a member/,
    );
    await expectError(
      await anonymous("/api/workspace/invitations", { method: "POST", json: { email: uniqueEmail() } }),
      401,
      "UNAUTHORIZED",
    );
    const listed = await call("/api/workspace/invitations");
    expect(((await listed.json()) as { invitations: unknown[] }).invitations).toEqual([]);
  });
});

describe("managing members", () => {
  const patchRole = (cookie: string, userId: string, role: string) =>
    authed(cookie)(`/api/workspace/members/${userId}`, { method: "PATCH", json: { role } });
  const remove = (cookie: string, userId: string) =>
    authed(cookie)(`/api/workspace/members/${userId}`, { method: "DELETE" });

  it("an owner changes a member's role and removes them: their keys stop, their session goes home", async () => {
    const owner = await signUp("Owner");
    const mate = await addTeammate(owner, "member", "Mate");
    const promoted = await patchRole(owner.cookie, mate.userId, "admin");
    expect(promoted.status, await promoted.clone().text()).toBe(200);
    expect(await promoted.json()).toMatchObject({ userId: mate.userId, email: mate.email, role: "admin" });
    expect((await membersOf(owner.cookie)).find((m) => m.userId === mate.userId)?.role).toBe("admin");
    // As an admin the teammate manages the workspace, also through a key of their own.
    const renamed = await authed(mate.cookie)("/api/workspace", { method: "PATCH", json: { name: "Team" } });
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    const key = await createKey(mate.cookie);
    expect(
      (await authed(key.key)("/api/workspace", { method: "PATCH", json: { name: "Team 2" } })).status,
    ).toBe(200);

    const removed = await remove(owner.cookie, mate.userId);
    expect(removed.status, await removed.clone().text()).toBe(204);
    expect((await membersOf(owner.cookie)).map((m) => m.userId)).toEqual([owner.userId]);
    await expectError(await authed(key.key)("/api/me"), 401, "UNAUTHORIZED");
    const me = (await (await authed(mate.cookie)("/api/me")).json()) as { workspace: { id: string } };
    expect(me.workspace.id).toBe(mate.workspaceId);
    // Their own workspace and its key are untouched.
    expect((await authed(mate.apiKey)("/api/me")).status).toBe(200);
  });

  it("an admin promotes, demotes and removes members and admins", async () => {
    const owner = await signUp();
    const admin = await addTeammate(owner, "admin");
    const member = await addTeammate(owner, "member");
    expect((await patchRole(admin.cookie, member.userId, "admin")).status).toBe(200);
    expect((await patchRole(admin.cookie, member.userId, "member")).status).toBe(200);
    expect((await remove(admin.cookie, member.userId)).status).toBe(204);
    expect((await membersOf(owner.cookie)).map((m) => [m.userId, m.role])).toEqual([
      [owner.userId, "owner"],
      [admin.userId, "admin"],
    ]);
  });

  it("an owner appoints another owner, after which either may step down", async () => {
    const first = await signUp();
    const second = await addTeammate(first, "admin");
    expect((await patchRole(first.cookie, second.userId, "owner")).status).toBe(200);
    const stepDown = await patchRole(second.cookie, first.userId, "admin");
    expect(stepDown.status, await stepDown.clone().text()).toBe(200);
    expect((await membersOf(second.cookie)).map((m) => [m.userId, m.role])).toEqual([
      [first.userId, "admin"],
      [second.userId, "owner"],
    ]);
    // The first is an admin now: the owner-only account deletion is closed to them.
    await expectError(
      await authed(first.cookie)("/api/me", { method: "DELETE", json: { confirm: first.workspaceSlug } }),
      403,
      "FORBIDDEN",
    );
  });

  it("answers 400 naming the field, 404 for someone not in the workspace, 401 without credentials", async () => {
    const owner = await signUp();
    const mate = await addTeammate(owner);
    const stranger = await signUp();
    const before = await membersOf(owner.cookie);
    await expectError(await patchRole(owner.cookie, mate.userId, "boss"), 400, "BAD_REQUEST", /role/);
    await expectError(await patchRole(owner.cookie, stranger.userId, "admin"), 404, "NOT_FOUND", /userId/);
    await expectError(await remove(owner.cookie, stranger.userId), 404, "NOT_FOUND", /userId/);
    await expectError(
      await anonymous(`/api/workspace/members/${mate.userId}`, { method: "DELETE" }),
      401,
      "UNAUTHORIZED",
    );
    expect(await membersOf(owner.cookie)).toEqual(before);
  });
});

describe("the current workspace", () => {
  it("is per session; a new session starts in the workspace switched to last", async () => {
    const owner = await signUp();
    const mate = await addTeammate(owner);
    const other = (await signIn(mate.email, mate.password)) as string;
    const meOf = async (cookie: string) =>
      ((await (await authed(cookie)("/api/me")).json()) as { workspace: { id: string } }).workspace.id;
    // The new session starts where the user last went (the joined workspace).
    expect(await meOf(other)).toBe(owner.workspaceId);
    const switched = await authed(other)(`/api/me/workspaces/${mate.workspaceId}/switch`, { method: "POST" });
    expect(switched.status).toBe(200);
    expect(await meOf(other)).toBe(mate.workspaceId);
    expect(await meOf(mate.cookie)).toBe(owner.workspaceId);
    const third = (await signIn(mate.email, mate.password)) as string;
    expect(await meOf(third)).toBe(mate.workspaceId);
  });
});

describe("deleting an account", () => {
  it("removes the workspace's rows, its media and the user, and says what was removed", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const campaign = await createCampaign(call);
    await addLeads(call, campaign.id, [{ website: "a.example.com" }, { website: "b.example.com" }]);
    await call("/api/workspace/invitations", { method: "POST", json: { email: uniqueEmail() } });
    const stray = `ws/${account.workspaceId}/renders/rnd_x/video.mp4`;
    await env.MEDIA.put(stray, new Uint8Array([1]));
    const other = await signUp();
    const otherCampaign = await createCampaign(authed(other.cookie));

    const res = await call("/api/me", { method: "DELETE", json: { confirm: account.workspaceSlug } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({
      workspace: { id: account.workspaceId, slug: account.workspaceSlug },
      removed: {
        campaigns: 1,
        leads: 2,
        renders: 0,
        assets: 1,
        apiKeys: 1,
        memberships: 1,
        invitations: 1,
        emails: 1,
        mediaFiles: 2,
      },
      userDeleted: true,
    });
    expect(await workspaceRow(account.workspaceId)).toBeNull();
    expect((await env.MEDIA.list({ prefix: `ws/${account.workspaceId}/` })).objects).toEqual([]);
    expect(await signIn(account.email, account.password)).toBeNull();
    await expectError(await authed(account.apiKey)("/api/me"), 401, "UNAUTHORIZED");
    // Nothing of another workspace is touched.
    expect((await authed(other.cookie)(`/api/campaigns/${otherCampaign.id}`)).status).toBe(200);
  });

  it("is refused to a member who is not the owner", async () => {
    const owner = await signUp();
    const email = uniqueEmail("member");
    const res = await authed(owner.cookie)("/api/workspace/invitations", { method: "POST", json: { email } });
    const { acceptUrl } = (await res.json()) as { acceptUrl: string };
    const member = await signUp(undefined, { email });
    await authed(member.cookie)(`/api/invitations/${tokenOf(acceptUrl)}/accept`, { method: "POST" });
    await expectError(
      await authed(member.cookie)("/api/me", { method: "DELETE", json: { confirm: owner.workspaceSlug } }),
      403,
      "FORBIDDEN",
    );
    expect(await workspaceRow(owner.workspaceId)).not.toBeNull();
  });
});
