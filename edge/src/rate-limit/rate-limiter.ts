import { DurableObject } from "cloudflare:workers";

export interface RateLimitDecision {
  allowed: boolean;
  /** Requests left in the window after this one (0 when refused). */
  remaining: number;
  /** When refused: how long until one more request would be allowed. */
  retryAfterMs: number;
}

/**
 * Counts requests per key over a sliding window. The client names one object per key
 * (`idFromName(key)`), so every isolate in every location that checks a key asks the same object:
 * the count lives here and nowhere else, and a burst spread over many isolates is still one count.
 *
 * Each call reads and writes SQLite with no await in between, so concurrent calls cannot both take
 * the last slot. Rows go when their window has passed; an idle object empties itself by alarm.
 */
export class RateLimiter extends DurableObject {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
  }

  /** Takes one slot of `limit` per `windowMs` for `key`, or says how long until one frees up. */
  async consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    this.ensureSchema();
    const now = Date.now();
    this.sql.exec("DELETE FROM hits WHERE key = ? AND at <= ?", key, now - windowMs);
    const used = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM hits WHERE key = ?", key).one().n;
    if (used >= limit) {
      // The slot frees up when the hit that keeps the count at the limit leaves the window (a limit
      // lowered since those hits were taken may need several to leave).
      const freeing = this.sql
        .exec<{ at: number }>(
          "SELECT at FROM hits WHERE key = ? ORDER BY at LIMIT 1 OFFSET ?",
          key,
          used - limit,
        )
        .one().at;
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, freeing + windowMs - now) };
    }
    this.sql.exec("INSERT INTO hits (key, at, expires_at) VALUES (?, ?, ?)", key, now, now + windowMs);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now + windowMs);
    return { allowed: true, remaining: limit - used - 1, retryAfterMs: 0 };
  }

  /** How many hits `key` holds in the window now (for operators and tests). */
  count(key: string, windowMs: number): number {
    this.ensureSchema();
    return this.sql
      .exec<{ n: number }>(
        "SELECT count(*) AS n FROM hits WHERE key = ? AND at > ?",
        key,
        Date.now() - windowMs,
      )
      .one().n;
  }

  /** Drops what has expired; an object with nothing left removes its storage altogether. */
  override async alarm(): Promise<void> {
    // Should anything below throw, look again in a minute.
    let rearmAt: number | null = Date.now() + 60_000;
    try {
      this.ensureSchema();
      this.sql.exec("DELETE FROM hits WHERE expires_at <= ?", Date.now());
      const next = this.sql.exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM hits").one().at;
      if (next === null) await this.ctx.storage.deleteAll();
      rearmAt = next;
    } finally {
      if (rearmAt !== null) await this.ctx.storage.setAlarm(rearmAt);
    }
  }

  /** deleteAll() also drops the table, so it is created again on first use after that. */
  private ensureSchema() {
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS hits (
        key        TEXT    NOT NULL,
        at         INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS hits_key_at ON hits (key, at);
      CREATE INDEX IF NOT EXISTS hits_expiry ON hits (expires_at);
    `);
  }
}
