import { request } from "./client";
import type { GatePermit, RenderNodeInfo, RenderNodeToken, SystemSettings } from "./types";

export const listNodes = () => request<{ nodes: RenderNodeInfo[] }>("GET", "/api/admin/nodes");
export const rotateNodeToken = (id: string) =>
  request<RenderNodeToken>("POST", `/api/admin/nodes/${encodeURIComponent(id)}/rotate-token`);
export const revokeNode = (id: string) =>
  request<RenderNodeInfo>("POST", `/api/admin/nodes/${encodeURIComponent(id)}/revoke`);
export const getSettings = () => request<SystemSettings>("GET", "/api/admin/settings");
export const putSettings = (settings: SystemSettings) =>
  request<SystemSettings>("PUT", "/api/admin/settings", settings);
export const getGate = () => request<{ now: number; permits: GatePermit[] }>("GET", "/api/admin/gate");
