import type { Branding } from "@loom-lite/schema";
import { answer, api, done } from "./client";
import type { KeyScope, Role } from "./schema";

const byId = (id: string) => ({ params: { path: { id } } });
const byUser = (userId: string) => ({ params: { path: { userId } } });
const byToken = (token: string) => ({ params: { path: { token } } });

// ---- account ----

/** A new email needs the current password and applies once the link sent to it is opened. */
export const updateProfile = (patch: { name?: string; email?: string; currentPassword?: string }) =>
  answer(api.PATCH("/api/me", { body: patch }));

/** Sends the signed-in user's verification link again; it lands back on `callbackURL`. */
export const resendVerification = (email: string, callbackURL: string) =>
  answer(api.POST("/api/auth/send-verification-email", { body: { email, callbackURL } }));

export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  answer(api.POST("/api/me/password", { body: { ...input, revokeOtherSessions: true } }));

export const deleteAccount = (confirm: string) => answer(api.DELETE("/api/me", { body: { confirm } }));

/** better-auth mails a link to /api/auth/reset-password/…, which redirects to `redirectTo?token=…`. */
export const requestPasswordReset = (email: string) =>
  answer(
    api.POST("/api/auth/request-password-reset", {
      body: { email, redirectTo: `${window.location.origin}/app#/reset-password` },
    }),
  );

export const resetPassword = (token: string, newPassword: string) =>
  answer(api.POST("/api/auth/reset-password", { body: { token, newPassword } }));

export const listMailbox = () => answer(api.GET("/api/dev/mailbox", { params: { query: { limit: 20 } } }));

/** The workspaces the signed-in person belongs to, the one this session works in marked `current`. */
export const listMyWorkspaces = () => answer(api.GET("/api/me/workspaces"));

/** Moves this session (only) into another of the person's workspaces. */
export const switchWorkspace = (id: string) => answer(api.POST("/api/me/workspaces/{id}/switch", byId(id)));

// ---- API keys ----

export const listKeys = () => answer(api.GET("/api/keys"));
export const createKey = (input: { name: string; role: KeyScope }) =>
  answer(api.POST("/api/keys", { body: input }));
export const revokeKey = (id: string) => done(api.DELETE("/api/keys/{id}", byId(id)));

// ---- workspace and team ----

export const getWorkspace = () => answer(api.GET("/api/workspace"));
export const updateWorkspace = (patch: { name?: string; slug?: string; branding?: Branding }) =>
  answer(api.PATCH("/api/workspace", { body: patch }));

export const listMembers = () => answer(api.GET("/api/workspace/members"));
export const changeMemberRole = (userId: string, role: Role) =>
  answer(api.PATCH("/api/workspace/members/{userId}", { ...byUser(userId), body: { role } }));
export const removeMember = (userId: string) =>
  done(api.DELETE("/api/workspace/members/{userId}", byUser(userId)));
export const listInvitations = () => answer(api.GET("/api/workspace/invitations"));
export const invite = (email: string, role: "admin" | "member") =>
  answer(api.POST("/api/workspace/invitations", { body: { email, role } }));
export const revokeInvitation = (id: string) => done(api.DELETE("/api/workspace/invitations/{id}", byId(id)));

export const previewInvitation = (token: string) =>
  answer(api.GET("/api/invitations/{token}", byToken(token)));
export const acceptInvitation = (token: string) =>
  answer(api.POST("/api/invitations/{token}/accept", byToken(token)));
