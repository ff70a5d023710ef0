import { platformOperators, user } from "@loom-lite/schema/db";
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { ApiError } from "../errors";
import type { Db } from "../lib/db";

export interface OperatorView {
  userId: string;
  name: string;
  email: string;
  /** Email of the operator who granted it; null for the admin token (or an account since deleted). */
  grantedBy: string | null;
  grantedAt: string;
}

/** An operator is a user with a row in platform_operators and a verified email address. */
export async function isOperator(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: platformOperators.userId })
    .from(platformOperators)
    .innerJoin(user, eq(user.id, platformOperators.userId))
    .where(and(eq(platformOperators.userId, userId), eq(user.emailVerified, true)));
  return row !== undefined;
}

export async function listOperators(db: Db): Promise<OperatorView[]> {
  const granter = alias(user, "granter");
  const rows = await db
    .select({
      userId: platformOperators.userId,
      name: user.name,
      email: user.email,
      grantedBy: granter.email,
      grantedAt: platformOperators.createdAt,
    })
    .from(platformOperators)
    .innerJoin(user, eq(user.id, platformOperators.userId))
    .leftJoin(granter, eq(granter.id, platformOperators.grantedBy))
    .orderBy(asc(platformOperators.createdAt));
  return rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() }));
}

/**
 * Makes the account with this email an operator. The address must be verified, so an account that
 * merely signed up with an operator's address never gets in. Granting twice changes nothing.
 */
export async function grantOperator(
  db: Db,
  input: { email: string; grantedBy: string | null },
): Promise<{ operator: OperatorView; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const [found] = await db
    .select({ id: user.id, emailVerified: user.emailVerified })
    .from(user)
    .where(sql`lower(${user.email}) = ${email}`);
  if (!found) throw new ApiError("NOT_FOUND", `email: no account signs in with ${email}`);
  if (!found.emailVerified) {
    throw new ApiError(
      "CONFLICT",
      `email: ${email} is not verified yet; its owner must open the verification link first`,
    );
  }
  const inserted = await db
    .insert(platformOperators)
    .values({ userId: found.id, grantedBy: input.grantedBy })
    .onConflictDoNothing()
    .returning({ userId: platformOperators.userId });
  const operator = (await listOperators(db)).find((o) => o.userId === found.id);
  if (!operator) throw new ApiError("NOT_FOUND", `email: no account signs in with ${email}`);
  return { operator, created: inserted.length > 0 };
}

export async function revokeOperator(db: Db, userId: string): Promise<void> {
  const removed = await db
    .delete(platformOperators)
    .where(eq(platformOperators.userId, userId))
    .returning({ userId: platformOperators.userId });
  if (removed.length === 0) throw new ApiError("NOT_FOUND", `userId: ${userId} is not an operator`);
}
