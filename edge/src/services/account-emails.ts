import { user } from "@loom-lite/schema/db";
import { eq } from "drizzle-orm";
import type { Db } from "../lib/db";
import type { Logger } from "../lib/logger";
import { sendEmail } from "./outbox";

const VALID_FOR = "24 hours";

/**
 * The link that proves someone reads `to.email`. better-auth asks for it at sign-up, on a resend, and
 * for an email change, where `to.email` is the new address while the account still has its old one.
 */
export async function sendVerificationLink(
  db: Db,
  log: Logger,
  to: { id: string; name?: string | null; email: string },
  url: string,
): Promise<void> {
  const [current] = await db.select({ email: user.email }).from(user).where(eq(user.id, to.id));
  const hi = `Hi ${to.name || "there"},`;
  if (current && current.email.toLowerCase() !== to.email.toLowerCase()) {
    await sendEmail(db, log, {
      kind: "email_change",
      to: to.email,
      subject: "Confirm your new Loom-Lite email address",
      text: `${hi}\n\nSomeone (hopefully you) asked to sign in to Loom-Lite with this address from now on, instead of ${current.email}. Open this link within ${VALID_FOR} to make the change:\n\n${url}\n\nUntil then the account keeps its old address. If it was not you, ignore this email.\n`,
    });
    return;
  }
  await sendEmail(db, log, {
    kind: "email_verification",
    to: to.email,
    subject: "Verify your Loom-Lite email address",
    text: `${hi}\n\nOpen this link within ${VALID_FOR} to confirm that this address is yours:\n\n${url}\n\nUntil then you can work in your own workspace, but not join a teammate's. If you did not create a Loom-Lite account, ignore this email.\n`,
  });
}
