import { DurableObject } from "cloudflare:workers";
import { newId } from "../lib/ids";
import type {
  AcquireRequest,
  AssignRequest,
  AssignResult,
  GatePermit,
  GateSnapshot,
  Permit,
  Renewal,
} from "./types";

type PermitRow = {
  lease_id: string;
  render_id: string | null;
  workspace_id: string | null;
  workspace_cap: number | null;
  acquired_at: number;
  expires_at: number;
  cancel: number;
};

/**
 * The platform's render semaphore: one object (`idFromName("global")`) holds a permit for every render
 * a node is working on. Postgres says *which* render a node has; the gate says *how many* may run at
 * once, so a global cap and a per-workspace cap hold however many edge isolates claim in parallel.
 *
 * Every RPC method runs its reads and writes synchronously against SQLite, with no await in between,
 * so concurrent calls cannot interleave inside a check-then-insert.
 */
export class RenderGate extends DurableObject {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        CREATE TABLE IF NOT EXISTS permits (
          lease_id      TEXT PRIMARY KEY,
          render_id     TEXT,
          workspace_id  TEXT,
          workspace_cap INTEGER,
          acquired_at   INTEGER NOT NULL,
          expires_at    INTEGER NOT NULL,
          cancel        INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS permits_expiry ON permits (expires_at);
        CREATE INDEX IF NOT EXISTS permits_workspace ON permits (workspace_id);
        CREATE INDEX IF NOT EXISTS permits_render ON permits (render_id);
      `);
    });
  }

  /** A permit when fewer than `globalCap` are live, otherwise null. */
  async acquire({ globalCap, leaseMs }: AcquireRequest): Promise<Permit | null> {
    const now = Date.now();
    this.dropExpired(now);
    const live = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM permits").one().n;
    if (live >= globalCap) return null;
    const permit = { leaseId: newId("lease"), expiresAt: now + leaseMs };
    this.sql.exec(
      "INSERT INTO permits (lease_id, acquired_at, expires_at) VALUES (?, ?, ?)",
      permit.leaseId,
      now,
      permit.expiresAt,
    );
    await this.scheduleAlarm();
    return permit;
  }

  /**
   * Binds a permit to the render the database handed out. Refused when the render's workspace already
   * holds `workspaceCap` permits; the caller then gives the render back and releases the permit.
   */
  assign({ leaseId, renderId, workspaceId, workspaceCap }: AssignRequest): AssignResult {
    const now = Date.now();
    this.dropExpired(now);
    const permit = this.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM permits WHERE lease_id = ?", leaseId)
      .one().n;
    if (permit === 0) return { ok: false, reason: "lease_gone" };
    const held = this.sql
      .exec<{ n: number }>(
        "SELECT count(*) AS n FROM permits WHERE workspace_id = ? AND lease_id != ?",
        workspaceId,
        leaseId,
      )
      .one().n;
    if (held >= workspaceCap) return { ok: false, reason: "workspace_at_cap" };
    this.sql.exec(
      "UPDATE permits SET render_id = ?, workspace_id = ?, workspace_cap = ? WHERE lease_id = ?",
      renderId,
      workspaceId,
      workspaceCap,
      leaseId,
    );
    return { ok: true };
  }

  /** Live permits per workspace, so the claim query can skip workspaces that are at their cap. */
  activeByWorkspace(): Record<string, number> {
    this.dropExpired(Date.now());
    const rows = this.sql
      .exec<{ workspace_id: string; n: number }>(
        "SELECT workspace_id, count(*) AS n FROM permits WHERE workspace_id IS NOT NULL GROUP BY workspace_id",
      )
      .toArray();
    return Object.fromEntries(rows.map((r) => [r.workspace_id, r.n]));
  }

  /**
   * Workspaces at their cap: `caps[workspaceId]` when given (fresh from the database), otherwise the cap
   * recorded when the permit was assigned.
   */
  saturatedWorkspaces(caps: Record<string, number> = {}): string[] {
    this.dropExpired(Date.now());
    const rows = this.sql
      .exec<{ workspace_id: string; n: number; cap: number }>(
        `SELECT workspace_id, count(*) AS n, min(workspace_cap) AS cap
         FROM permits WHERE workspace_id IS NOT NULL GROUP BY workspace_id`,
      )
      .toArray();
    return rows.filter((r) => r.n >= (caps[r.workspace_id] ?? r.cap)).map((r) => r.workspace_id);
  }

  /** Extends a live permit; null when it expired or was released (the node has lost its lease). */
  async renew(leaseId: string, leaseMs: number): Promise<Renewal | null> {
    const now = Date.now();
    this.dropExpired(now);
    const row = this.sql
      .exec<{ cancel: number }>("SELECT cancel FROM permits WHERE lease_id = ?", leaseId)
      .toArray()[0];
    if (!row) return null;
    const expiresAt = now + leaseMs;
    this.sql.exec("UPDATE permits SET expires_at = ? WHERE lease_id = ?", expiresAt, leaseId);
    await this.scheduleAlarm();
    return { expiresAt, cancel: row.cancel === 1 };
  }

  /** Gives a permit back; true when it was still held. Safe to repeat. */
  async release(leaseId: string): Promise<boolean> {
    const released = this.sql.exec("DELETE FROM permits WHERE lease_id = ?", leaseId).rowsWritten > 0;
    if (released) await this.scheduleAlarm();
    return released;
  }

  /** Flags the render's permit so the node's next heartbeat answers `cancel: true`. */
  cancel(renderId: string): boolean {
    return this.sql.exec("UPDATE permits SET cancel = 1 WHERE render_id = ?", renderId).rowsWritten > 0;
  }

  snapshot(): GateSnapshot {
    const now = Date.now();
    const permits = this.sql
      .exec<PermitRow>("SELECT * FROM permits ORDER BY acquired_at, lease_id")
      .toArray()
      .map(toPermit);
    return { now, permits };
  }

  /** Drops expired permits, then wakes again at the next expiry. Running it twice changes nothing. */
  override async alarm(): Promise<void> {
    try {
      this.dropExpired(Date.now());
    } finally {
      await this.scheduleAlarm();
    }
  }

  private dropExpired(now: number): void {
    this.sql.exec("DELETE FROM permits WHERE expires_at <= ?", now);
  }

  private async scheduleAlarm(): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    // Read after the await, so the last caller schedules from the newest state.
    const next = this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM permits").one().at;
    if (next === null) {
      if (current !== null) await this.ctx.storage.deleteAlarm();
    } else if (current !== next) {
      await this.ctx.storage.setAlarm(next);
    }
  }
}

function toPermit(r: PermitRow): GatePermit {
  return {
    leaseId: r.lease_id,
    renderId: r.render_id,
    workspaceId: r.workspace_id,
    workspaceCap: r.workspace_cap,
    acquiredAt: r.acquired_at,
    expiresAt: r.expires_at,
    cancel: r.cancel === 1,
  };
}
