import { answer, api } from "./client";
import type { SystemSettings } from "./schema";

export const listNodes = () => answer(api.GET("/api/admin/nodes"));
export const rotateNodeToken = (id: string) =>
  answer(api.POST("/api/admin/nodes/{id}/rotate-token", { params: { path: { id } } }));
export const revokeNode = (id: string) =>
  answer(api.POST("/api/admin/nodes/{id}/revoke", { params: { path: { id } } }));
export const getSettings = () => answer(api.GET("/api/admin/settings"));
export const putSettings = (settings: SystemSettings) =>
  answer(api.PUT("/api/admin/settings", { body: settings }));
export const listContactRequests = () => answer(api.GET("/api/admin/contact-requests"));
