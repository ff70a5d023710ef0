/** Shapes crossing the RenderGate RPC boundary (epoch milliseconds throughout). */

export interface AcquireRequest {
  /** Permits allowed at once across the platform (system_settings.global_render_cap). */
  globalCap: number;
  leaseMs: number;
}

export interface Permit {
  leaseId: string;
  expiresAt: number;
}

export interface AssignRequest {
  leaseId: string;
  renderId: string;
  workspaceId: string;
  /** The workspace's cap as the database has it now (workspaces.render_concurrency). */
  workspaceCap: number;
}

export type AssignResult = { ok: true } | { ok: false; reason: "workspace_at_cap" | "lease_gone" };

export interface Renewal {
  expiresAt: number;
  /** The user asked to cancel this render. */
  cancel: boolean;
}

export interface GatePermit {
  leaseId: string;
  renderId: string | null;
  workspaceId: string | null;
  workspaceCap: number | null;
  acquiredAt: number;
  expiresAt: number;
  cancel: boolean;
}

export interface GateSnapshot {
  now: number;
  permits: GatePermit[];
}
