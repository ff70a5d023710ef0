import { answer, api } from "./client";
import type { SystemSettings } from "./schema";

export const listNodes = () => answer(api.GET("/api/admin/nodes"));
export const getSettings = () => answer(api.GET("/api/admin/settings"));
export const putSettings = (settings: SystemSettings) =>
  answer(api.PUT("/api/admin/settings", { body: settings }));
export const getGate = () => answer(api.GET("/api/admin/gate"));
