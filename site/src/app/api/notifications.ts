import { answer, api, done } from "./client";
import type { NotificationPreferences } from "./schema";

// Watch alerts (edge/src/routes/notifications.ts): the signed-in member's own, in this workspace.

/** Alerts per page of the bell's feed. */
const PAGE = 10;

export const listNotifications = (cursor?: string) =>
  answer(api.GET("/api/notifications", { params: { query: { limit: PAGE, cursor } } }));
export const markNotificationRead = (id: string) =>
  done(api.POST("/api/notifications/{id}/read", { params: { path: { id } } }));
export const markAllNotificationsRead = () => answer(api.POST("/api/notifications/read-all"));
export const getNotificationPreferences = () => answer(api.GET("/api/notifications/preferences"));
export const updateNotificationPreferences = (change: Partial<NotificationPreferences>) =>
  answer(api.PATCH("/api/notifications/preferences", { body: change }));
