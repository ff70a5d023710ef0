import { expect } from "vitest";
import { authed, signUp, type TestAccount, uniqueEmail } from "./accounts";

/**
 * A new person invited into `owner`'s workspace with `role`, joined through the emailed link. Their
 * session (`cookie`) works in the owner's workspace; `workspaceId` and `apiKey` are of their own one.
 */
export async function addTeammate(
  owner: TestAccount,
  role: "admin" | "member" = "member",
  name?: string,
): Promise<TestAccount> {
  const email = uniqueEmail(role);
  const invited = await authed(owner.cookie)("/api/workspace/invitations", {
    method: "POST",
    json: { email, role },
  });
  const { acceptUrl } = (await invited.json()) as { acceptUrl: string };
  expect(invited.status, `invite answered ${acceptUrl}`).toBe(201);
  const mate = await signUp(name, { email });
  const token = acceptUrl.split("#/invite/")[1] as string;
  const accepted = await authed(mate.cookie)(`/api/invitations/${token}/accept`, { method: "POST" });
  expect(accepted.status, `accept answered ${await accepted.clone().text()}`).toBe(200);
  return mate;
}

/** A key the caller creates in the workspace their session works in. */
export async function createKey(
  cookie: string,
  role?: "admin" | "member",
): Promise<{ id: string; key: string }> {
  const res = await authed(cookie)("/api/keys", { method: "POST", json: { name: "k", role } });
  const body = (await res.json()) as { id: string; key: string };
  expect(res.status, `POST /api/keys answered ${JSON.stringify(body)}`).toBe(201);
  return body;
}

export interface MemberRow {
  userId: string;
  email: string;
  role: "owner" | "admin" | "member";
}

export async function membersOf(cookieOrKey: string): Promise<MemberRow[]> {
  const res = await authed(cookieOrKey)("/api/workspace/members");
  const body = (await res.json()) as { members: MemberRow[] };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.members;
}
