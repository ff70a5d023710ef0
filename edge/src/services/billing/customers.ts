import { workspaceBilling, workspaces } from "@loom-lite/schema/db";
import { eq, isNull, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db } from "../../lib/db";

/**
 * The workspace's Stripe customer, created at its first checkout or portal visit (one per workspace).
 *
 * Two first checkouts at once both ask Stripe with the same idempotency key, so Stripe creates one
 * customer and answers both with it; the row is written only where no customer is recorded yet, so
 * even a customer created past the key's 24 hours cannot replace the one already in use.
 */
export async function ensureCustomer(db: Db, stripe: Stripe, workspaceId: string): Promise<string> {
  const known = await recordedCustomer(db, workspaceId);
  if (known) return known;
  const [workspace] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const customer = await stripe.customers.create(
    { name: workspace?.name, metadata: { workspace_id: workspaceId } },
    { idempotencyKey: `loomlite-customer-${workspaceId}` },
  );
  await db
    .insert(workspaceBilling)
    .values({ workspaceId, stripeCustomerId: customer.id })
    .onConflictDoUpdate({
      target: workspaceBilling.workspaceId,
      set: { stripeCustomerId: customer.id, updatedAt: sql`now()` },
      setWhere: isNull(workspaceBilling.stripeCustomerId),
    });
  // Whichever customer got recorded first is the workspace's.
  return (await recordedCustomer(db, workspaceId)) ?? customer.id;
}

export async function recordedCustomer(db: Db, workspaceId: string): Promise<string | null> {
  const [row] = await db
    .select({ customer: workspaceBilling.stripeCustomerId })
    .from(workspaceBilling)
    .where(eq(workspaceBilling.workspaceId, workspaceId));
  return row?.customer ?? null;
}

/** The workspace a Stripe customer belongs to; null for a customer we did not create. */
export async function workspaceOfCustomer(db: Db, customerId: string): Promise<string | null> {
  const [row] = await db
    .select({ workspaceId: workspaceBilling.workspaceId })
    .from(workspaceBilling)
    .where(eq(workspaceBilling.stripeCustomerId, customerId));
  return row?.workspaceId ?? null;
}
