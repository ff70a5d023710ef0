import type { RenderGate } from "./render-gate";
import type { AcquireRequest, AssignRequest, AssignResult, GateSnapshot, Permit, Renewal } from "./types";

/** What routes and services need from the gate; tests and other deployments can supply their own. */
export interface GateClient {
  acquire(request: AcquireRequest): Promise<Permit | null>;
  assign(request: AssignRequest): Promise<AssignResult>;
  activeByWorkspace(): Promise<Record<string, number>>;
  saturatedWorkspaces(caps?: Record<string, number>): Promise<string[]>;
  renew(leaseId: string, leaseMs: number): Promise<Renewal | null>;
  release(leaseId: string): Promise<boolean>;
  cancel(renderId: string): Promise<boolean>;
  snapshot(): Promise<GateSnapshot>;
}

/** The one object every edge isolate coordinates through. */
export const GLOBAL_GATE_NAME = "global";

export function renderGateClient(
  ns: DurableObjectNamespace<RenderGate>,
  name: string = GLOBAL_GATE_NAME,
): GateClient {
  const stub = ns.get(ns.idFromName(name));
  return {
    acquire: (request) => stub.acquire(request),
    assign: (request) => stub.assign(request),
    activeByWorkspace: () => stub.activeByWorkspace(),
    saturatedWorkspaces: (caps) => stub.saturatedWorkspaces(caps),
    renew: (leaseId, leaseMs) => stub.renew(leaseId, leaseMs),
    release: (leaseId) => stub.release(leaseId),
    cancel: (renderId) => stub.cancel(renderId),
    snapshot: () => stub.snapshot(),
  };
}
