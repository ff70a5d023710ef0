import { usageLedger } from "@loom-lite/schema/db";
import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import type { BillingDeps } from "./subscription-sync";

const MINUTE_MS = 60_000;
/** Stripe takes meter events up to 35 days old; older rows (reporting was down that long) count as of now − 34 days. */
const OLDEST_EVENT_S = 34 * 24 * 3600;

/** Stripe refuses a second event with one identifier: the first one got there, the row is reported. */
function alreadyReported(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.param === "identifier";
}

interface UnreportedRow {
  id: string;
  meter_identifier: string | null;
  stripe_customer_id: string | null;
  created_at: Date | string;
  /** The workspace's overage in the row's period up to and including the row, in ms. */
  through_ms: string | number;
  /** The same, before the row. */
  before_ms: string | number;
}

/**
 * Minutes a ledger row adds to the meter. Stripe meters take whole numbers, and rounding each render
 * up on its own would bill a minute per short render; instead the period's overage is billed per
 * started minute, and a row reports the minutes its overage starts: ceil(through) − ceil(before),
 * measured in the ledger's order. The rows of a period always add up to ceil(total overage minutes),
 * and a row's value never changes (the ledger is append-only), so a retry reports the same number.
 */
export function overageMinutesOfRow(beforeMs: number, throughMs: number): number {
  return Math.ceil(throughMs / MINUTE_MS) - Math.ceil(beforeMs / MINUTE_MS);
}

/**
 * Reports ledger rows with overage that the meter has not heard of yet, as Billing Meter events
 * identified by the row's meter identifier (Stripe drops a second event with the same identifier),
 * then marks each reported. A run that fails midway leaves the rest for the next run; a row whose
 * event went out but whose mark failed is sent again with the same identifier, which Stripe refuses
 * as a repeat (the row is then marked), so it is billed once.
 * Rows of workspaces without a Stripe customer wait (they cannot have overage without a subscription).
 */
export async function reportOverage(deps: BillingDeps, limit = 200): Promise<number> {
  const { db, stripe, config } = deps;
  const result = await db.execute(sql`
    WITH ordered AS (
      SELECT l.id, l.meter_identifier, l.created_at, l.overage_ms, l.meter_reported_at, l.workspace_id,
        sum(l.overage_ms) OVER (
          PARTITION BY l.workspace_id, l.period_start ORDER BY l.created_at, l.id
        ) AS through_ms
      FROM usage_ledger l
      WHERE l.overage_ms > 0
    )
    SELECT o.id, o.meter_identifier, o.created_at, o.through_ms, o.through_ms - o.overage_ms AS before_ms,
      b.stripe_customer_id
    FROM ordered o
    JOIN workspace_billing b ON b.workspace_id = o.workspace_id
    WHERE o.meter_reported_at IS NULL AND b.stripe_customer_id IS NOT NULL
    ORDER BY o.created_at, o.id
    LIMIT ${limit}
  `);
  let reported = 0;
  for (const row of result.rows as unknown as UnreportedRow[]) {
    const minutes = overageMinutesOfRow(Number(row.before_ms), Number(row.through_ms));
    if (minutes > 0 && row.stripe_customer_id) {
      const at = Math.floor(new Date(row.created_at).getTime() / 1000);
      await stripe.billing.meterEvents
        .create({
          event_name: config.meterEventName,
          identifier: row.meter_identifier ?? `usage_${row.id}`,
          payload: { stripe_customer_id: row.stripe_customer_id, value: String(minutes) },
          timestamp: Math.max(at, Math.floor(Date.now() / 1000) - OLDEST_EVENT_S),
        })
        .catch((error: unknown) => {
          if (!alreadyReported(error)) throw error;
        });
    }
    await db.update(usageLedger).set({ meterReportedAt: sql`now()` }).where(eq(usageLedger.id, row.id));
    reported += 1;
  }
  return reported;
}
