import { PLANS } from "@loom-lite/schema";
import { sql } from "drizzle-orm";
import type { Db } from "../../lib/db";

/**
 * Writes Free over the plan of every workspace whose trial has ended (reads treat it as Free already,
 * see planInForce); with billing on, its concurrency follows the plan. Returns the workspaces moved.
 */
export async function endExpiredTrials(db: Db, billingOn: boolean, now = new Date()): Promise<string[]> {
  const concurrency = billingOn ? sql`${PLANS.free.rendersAtOnce}` : sql`w.render_concurrency`;
  const moved = await db.execute<{ id: string }>(sql`
    UPDATE workspaces w SET plan = 'free', render_concurrency = ${concurrency}
    FROM workspace_billing b
    WHERE b.workspace_id = w.id AND w.plan = 'trial'
      AND (b.trial_ends_at IS NULL OR b.trial_ends_at <= ${now})
    RETURNING w.id`);
  return moved.rows.map((r) => r.id);
}
