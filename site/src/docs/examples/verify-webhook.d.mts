/** Types of the docs' example (verify-webhook.mjs), for the test that runs it. */
export function verifyLoomSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  toleranceSeconds?: number,
): boolean;
