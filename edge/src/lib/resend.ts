/** One e-mail as Resend's `POST /emails` takes it (plain text only: the platform writes no HTML). */
export interface ResendMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** What became of one send: accepted, worth another try later, or refused for good. */
export type ResendOutcome =
  | { outcome: "sent"; messageId: string | null }
  | { outcome: "retry"; error: string; rateLimited?: boolean }
  | { outcome: "rejected"; error: string };

export interface ResendClient {
  /**
   * Sends through Resend with `Idempotency-Key: <key>`: Resend answers a repeat of the key (within
   * 24 hours) with the first answer and sends nothing more, so a retry of an e-mail never sends it twice.
   */
  send(message: ResendMessage, idempotencyKey: string): Promise<ResendOutcome>;
}

/** Resend's error body: `{ "statusCode": 422, "name": "validation_error", "message": "…" }`. */
interface ResendError {
  statusCode?: number;
  name?: string;
  message?: string;
}

/**
 * Resend's HTTP API (https://resend.com/docs/api-reference/emails/send-email). 429, 5xx, a 409
 * `concurrent_idempotent_requests` (the same key still in flight) and no answer at all are worth
 * retrying; any other 4xx (a malformed address, an unverified sender, a bad key) will not change.
 */
export function resendClient(opts: { apiKey: string; apiUrl: string; timeoutMs?: number }): ResendClient {
  const endpoint = new URL("/emails", opts.apiUrl).toString();
  return {
    async send(message, idempotencyKey) {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: "POST",
          headers: {
            authorization: `Bearer ${opts.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": idempotencyKey,
          },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (error) {
        return { outcome: "retry", error: `Resend did not answer: ${(error as Error).name}` };
      }
      const body = (await res.json().catch(() => ({}))) as ResendError & { id?: unknown };
      if (res.ok) return { outcome: "sent", messageId: typeof body.id === "string" ? body.id : null };
      const error = `Resend answered ${res.status}${body.name ? ` ${body.name}` : ""}${body.message ? `: ${body.message}` : ""}`;
      const retryable =
        res.status === 429 || res.status >= 500 || body.name === "concurrent_idempotent_requests";
      if (!retryable) return { outcome: "rejected", error: error.slice(0, 500) };
      return { outcome: "retry", error: error.slice(0, 500), rateLimited: res.status === 429 };
    },
  };
}
