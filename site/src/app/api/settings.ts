import type { Branding } from "@loom-lite/schema";
import { request } from "./client";
import type {
  AccountDeletion,
  ApiKey,
  CreatedApiKey,
  Invitation,
  InvitationPreview,
  KeyScope,
  MailboxEmail,
  Me,
  Member,
  Role,
  WorkspaceDetails,
} from "./types";

const enc = encodeURIComponent;

// ---- account ----

/** A new email needs the current password and applies once the link sent to it is opened. */
export const updateProfile = (patch: { name?: string; email?: string; currentPassword?: string }) =>
  request<Me & { pendingEmail: string | null }>("PATCH", "/api/me", patch);

/** Sends the signed-in user's verification link again; it lands back on `callbackURL`. */
export const resendVerification = (email: string, callbackURL: string) =>
  request<unknown>("POST", "/api/auth/send-verification-email", { email, callbackURL });

export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  request<{ changed: true }>("POST", "/api/me/password", { ...input, revokeOtherSessions: true });

export const deleteAccount = (confirm: string) => request<AccountDeletion>("DELETE", "/api/me", { confirm });

/** better-auth mails a link to /api/auth/reset-password/…, which redirects to `redirectTo?token=…`. */
export const requestPasswordReset = (email: string) =>
  request<unknown>("POST", "/api/auth/request-password-reset", {
    email,
    redirectTo: `${window.location.origin}/app#/reset-password`,
  });

export const resetPassword = (token: string, newPassword: string) =>
  request<unknown>("POST", "/api/auth/reset-password", { token, newPassword });

export const listMailbox = () => request<{ emails: MailboxEmail[] }>("GET", "/api/dev/mailbox?limit=20");

// ---- API keys ----

export const listKeys = () => request<{ keys: ApiKey[] }>("GET", "/api/keys");
export const createKey = (input: { name: string; role: KeyScope }) =>
  request<CreatedApiKey>("POST", "/api/keys", input);
export const revokeKey = (id: string) => request<void>("DELETE", `/api/keys/${enc(id)}`);

// ---- workspace and team ----

export const getWorkspace = () => request<WorkspaceDetails>("GET", "/api/workspace");
export const updateWorkspace = (patch: { name?: string; slug?: string; branding?: Branding }) =>
  request<WorkspaceDetails>("PATCH", "/api/workspace", patch);

export const listMembers = () => request<{ members: Member[] }>("GET", "/api/workspace/members");
export const changeMemberRole = (userId: string, role: Role) =>
  request<Member>("PATCH", `/api/workspace/members/${enc(userId)}`, { role });
export const removeMember = (userId: string) =>
  request<void>("DELETE", `/api/workspace/members/${enc(userId)}`);
export const listInvitations = () =>
  request<{ invitations: Invitation[] }>("GET", "/api/workspace/invitations");
export const invite = (email: string, role: "admin" | "member") =>
  request<Invitation & { acceptUrl: string }>("POST", "/api/workspace/invitations", { email, role });
export const revokeInvitation = (id: string) =>
  request<void>("DELETE", `/api/workspace/invitations/${enc(id)}`);

export const previewInvitation = (token: string) =>
  request<InvitationPreview>("GET", `/api/invitations/${enc(token)}`);
export const acceptInvitation = (token: string) =>
  request<{ workspaceId: string; name: string; slug: string }>(
    "POST",
    `/api/invitations/${enc(token)}/accept`,
    {},
  );
