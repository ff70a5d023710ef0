import { stripeEvents } from "@loom-lite/schema/db";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../lib/db";

/** How long an event may stay `processing` before a redelivery takes it over (its worker died). */
export const STALE_PROCESSING_MS = 5 * 60_000;

export type EventClaim = "claimed" | "done" | "busy";

/**
 * Claims a Stripe event for this delivery: a new event is recorded `processing`; one already
 * `processed` is `done` (answer 200, apply nothing); one `failed`, or `processing` for longer than
 * STALE_PROCESSING_MS, is taken over (attempts + 1); one being processed right now is `busy`.
 */
export async function claimEvent(db: Db, event: { id: string; type: string }): Promise<EventClaim> {
  const inserted = await db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  if (inserted.length > 0) return "claimed";
  const staleBefore = sql`now() - make_interval(secs => ${STALE_PROCESSING_MS / 1000})`;
  const taken = await db
    .update(stripeEvents)
    .set({ state: "processing", attempts: sql`${stripeEvents.attempts} + 1`, lockedAt: sql`now()` })
    .where(
      and(
        eq(stripeEvents.id, event.id),
        or(
          eq(stripeEvents.state, "failed"),
          and(eq(stripeEvents.state, "processing"), lt(stripeEvents.lockedAt, staleBefore)),
        ),
      ),
    )
    .returning({ id: stripeEvents.id });
  if (taken.length > 0) return "claimed";
  const [row] = await db
    .select({ state: stripeEvents.state })
    .from(stripeEvents)
    .where(eq(stripeEvents.id, event.id));
  return row?.state === "processed" ? "done" : "busy";
}

export async function markEventProcessed(db: Db, eventId: string): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ state: "processed", processedAt: sql`now()`, error: null })
    .where(eq(stripeEvents.id, eventId));
}

export async function markEventFailed(db: Db, eventId: string, error: string): Promise<void> {
  await db
    .update(stripeEvents)
    .set({ state: "failed", error: error.slice(0, 1000) })
    .where(eq(stripeEvents.id, eventId));
}
