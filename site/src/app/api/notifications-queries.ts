import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as api from "./notifications";

export const notificationKeys = {
  feed: ["notifications"] as const,
  preferences: ["notifications", "preferences"] as const,
};

/** Asked again this often, so the bell shows a prospect's visit without a reload. */
const FEED_POLL_MS = 15_000;

/** The feed, newest first, a page at a time; every page carries the current unread count. */
export const useNotificationFeed = () =>
  useInfiniteQuery({
    queryKey: notificationKeys.feed,
    queryFn: ({ pageParam }) => api.listNotifications(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: FEED_POLL_MS,
  });

function useFeedMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.feed, exact: true }),
  });
}

export const useMarkRead = () => useFeedMutation(api.markNotificationRead);
export const useMarkAllRead = () => useFeedMutation(api.markAllNotificationsRead);

export const useNotificationPreferences = () =>
  useQuery({ queryKey: notificationKeys.preferences, queryFn: api.getNotificationPreferences });

export function useUpdateNotificationPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: api.updateNotificationPreferences,
    onSuccess: (prefs) => qc.setQueryData(notificationKeys.preferences, prefs),
  });
}
