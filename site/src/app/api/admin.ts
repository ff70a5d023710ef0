import { request } from "./client";
import type { GatePermit, RenderNodeInfo, SystemSettings } from "./types";

export const listNodes = () => request<{ nodes: RenderNodeInfo[] }>("GET", "/api/admin/nodes");
export const getSettings = () => request<SystemSettings>("GET", "/api/admin/settings");
export const putSettings = (settings: SystemSettings) =>
  request<SystemSettings>("PUT", "/api/admin/settings", settings);
export const getGate = () => request<{ now: number; permits: GatePermit[] }>("GET", "/api/admin/gate");
