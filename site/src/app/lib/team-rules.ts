import type { Role } from "../api/schema";

/**
 * What the signed-in person may do to one member, as the API allows it (the API checks again): owners
 * and admins manage; only an owner touches an owner or makes one; the last owner stays an owner.
 */
export function memberActions(
  myRole: Role | null,
  member: { role: Role },
  ownerCount: number,
): { roles: Role[]; canRemove: boolean } {
  const none = { roles: [member.role], canRemove: false };
  if (myRole !== "owner" && myRole !== "admin") return none;
  if (member.role === "owner" && myRole !== "owner") return none;
  if (member.role === "owner" && ownerCount <= 1) return none;
  const roles: Role[] = myRole === "owner" ? ["owner", "admin", "member"] : ["admin", "member"];
  return { roles, canRemove: true };
}

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

/**
 * The least role that may change each settings area, as the API checks it (`requireManager` in
 * edge/src/routes: workspace.ts, webhooks.ts and domains.ts need an admin; billing.ts,
 * billing-checkout.ts and deleting the account in me.ts need the owner). The dashboard shows a form
 * only to people this allows; everyone else is told who can.
 */
const SETTINGS_CHANGED_BY = {
  workspace: "admin",
  team: "admin",
  webhooks: "admin",
  domains: "admin",
  billing: "owner",
  danger: "owner",
} as const satisfies Record<string, Role>;
export type GuardedArea = keyof typeof SETTINGS_CHANGED_BY;

export function mayChange(myRole: Role | null, area: GuardedArea): boolean {
  return myRole !== null && RANK[myRole] >= RANK[SETTINGS_CHANGED_BY[area]];
}

/** Who to ask, in words: "an owner or admin" / "the owner". */
export function whoMayChange(area: GuardedArea): string {
  return SETTINGS_CHANGED_BY[area] === "owner" ? "the workspace's owner" : "an owner or admin";
}

export const canManageTeam = (myRole: Role | null) => mayChange(myRole, "team");
