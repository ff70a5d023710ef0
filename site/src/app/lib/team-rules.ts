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

export const canManageTeam = (myRole: Role | null) => myRole === "owner" || myRole === "admin";
