import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys as baseKeys } from "./queries";
import type { Role } from "./schema";
import * as api from "./settings";

export const settingsKeys = {
  keys: ["api-keys"] as const,
  workspace: ["workspace"] as const,
  members: ["workspace", "members"] as const,
  invitations: ["workspace", "invitations"] as const,
  mailbox: ["dev-mailbox"] as const,
  myWorkspaces: ["me", "workspaces"] as const,
};

export const useApiKeys = () =>
  useQuery({ queryKey: settingsKeys.keys, queryFn: async () => (await api.listKeys()).keys });

export function useCreateKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.createKey,
    onSuccess: () => qc.invalidateQueries({ queryKey: settingsKeys.keys }),
  });
}

export function useRevokeKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.revokeKey,
    onSuccess: () => qc.invalidateQueries({ queryKey: settingsKeys.keys }),
  });
}

export const useWorkspace = () => useQuery({ queryKey: settingsKeys.workspace, queryFn: api.getWorkspace });

export function useUpdateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.updateWorkspace,
    onSuccess: (ws) => {
      qc.setQueryData(settingsKeys.workspace, ws);
      void qc.invalidateQueries({ queryKey: baseKeys.me });
    },
  });
}

export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.updateProfile,
    onSuccess: (me) => {
      qc.setQueryData(baseKeys.me, me);
      void qc.invalidateQueries({ queryKey: baseKeys.session });
    },
  });
}

export const useMembers = () =>
  useQuery({ queryKey: settingsKeys.members, queryFn: async () => (await api.listMembers()).members });

export function useChangeMemberRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => api.changeMemberRole(userId, role),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: settingsKeys.members });
      // Changing one's own role changes what this screen offers.
      void qc.invalidateQueries({ queryKey: baseKeys.me });
    },
  });
}

export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.removeMember,
    onSettled: () => qc.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

export function useResendVerification() {
  return useMutation({
    mutationFn: ({ email, callbackURL }: { email: string; callbackURL: string }) =>
      api.resendVerification(email, callbackURL),
  });
}

export const useInvitations = () =>
  useQuery({
    queryKey: settingsKeys.invitations,
    queryFn: async () => (await api.listInvitations()).invitations,
  });

export function useInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ email, role }: { email: string; role: "admin" | "member" }) => api.invite(email, role),
    onSuccess: () => qc.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

export function useRevokeInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.revokeInvitation,
    onSuccess: () => qc.invalidateQueries({ queryKey: settingsKeys.invitations }),
  });
}

/** The dev mailbox answers 404 when an email provider is configured; then there is nothing to link. */
export const useDevMailbox = () =>
  useQuery({ queryKey: settingsKeys.mailbox, queryFn: api.listMailbox, retry: false });

export const useMyWorkspaces = () =>
  useQuery({
    queryKey: settingsKeys.myWorkspaces,
    queryFn: async () => (await api.listMyWorkspaces()).workspaces,
  });

/** After a switch everything on screen belongs to the other workspace: every query is asked again. */
export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.switchWorkspace,
    onSuccess: async () => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "session" });
      await qc.invalidateQueries();
    },
  });
}
