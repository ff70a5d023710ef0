import { createHash, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readText, sendJson } from "./http-body";

export const FAKE_RESEND_KEY = "re_test_0123456789abcdefghijklmnop";

/** What the fake delivered: one entry per e-mail Resend would have sent. */
export interface FakeResendEmail {
  id: string;
  idempotencyKey: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Every `POST /emails` the fake was asked, replays included, with its answer's status. */
export interface FakeResendRequest {
  idempotencyKey: string | null;
  to: string[];
  status: number;
}

const ADDRESS = /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;

/**
 * Resend's `POST /emails` (https://resend.com/docs/api-reference/emails/send-email): `Authorization:
 * Bearer <FAKE_RESEND_KEY>` (else 401 `missing_api_key` or 403 `invalid_api_key`), a JSON body with
 * `from`, `to` (an address or a list), `subject` and `text` or `html` (else 422
 * `missing_required_field`); a malformed address answers 422 `validation_error`. Success is 200
 * `{ "id": "<uuid>" }`. The `Idempotency-Key` header works as Resend's: the same key with the same body
 * answers the first answer again and sends nothing; with another body, 409 `invalid_idempotent_request`.
 * Errors have Resend's shape `{ statusCode, name, message }`.
 *
 * Test hooks, each scoped to one recipient so suites running side by side leave each other be:
 * `POST /_fake/resend/fail-next?to=<address>&status=<code>&count=<n>` makes the next n sends to that
 * address answer that status (no e-mail sent), `GET /_fake/resend/emails?to=<address>` lists what was
 * delivered to it, `GET /_fake/resend/requests?to=<address>` every request for it.
 */
export function createFakeResend() {
  const delivered: FakeResendEmail[] = [];
  const requests: FakeResendRequest[] = [];
  const byKey = new Map<string, { bodyHash: string; status: number; answer: unknown }>();
  const failNext = new Map<string, { status: number; count: number }>();

  const error = (statusCode: number, name: string, message: string) => ({ statusCode, name, message });

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const to = url.searchParams.get("to") ?? "";
    if (url.pathname === "/_fake/resend/fail-next" && req.method === "POST") {
      failNext.set(to, {
        status: Number(url.searchParams.get("status") ?? "500"),
        count: Number(url.searchParams.get("count") ?? "1"),
      });
      sendJson(res, 200, { ok: true });
      return true;
    }
    if (url.pathname === "/_fake/resend/emails") {
      sendJson(
        res,
        200,
        delivered.filter((e) => e.to.includes(to)),
      );
      return true;
    }
    if (url.pathname === "/_fake/resend/requests") {
      sendJson(
        res,
        200,
        requests.filter((r) => r.to.includes(to)),
      );
      return true;
    }
    if (url.pathname !== "/emails" || req.method !== "POST") return false;

    const raw = await readText(req);
    const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {}
    const recipients = (Array.isArray(body.to) ? body.to : [body.to]).filter(
      (t): t is string => typeof t === "string",
    );
    const answer = (status: number, payload: unknown) => {
      requests.push({ idempotencyKey: key, to: recipients, status });
      sendJson(res, status, payload);
      return true;
    };

    const auth = req.headers.authorization;
    if (!auth)
      return answer(401, error(401, "missing_api_key", "Missing API key in the authorization header."));
    if (auth !== `Bearer ${FAKE_RESEND_KEY}`)
      return answer(403, error(403, "invalid_api_key", "API key is invalid."));

    const bodyHash = createHash("sha256").update(raw).digest("hex");
    const seen = key ? byKey.get(key) : undefined;
    if (seen) {
      if (seen.bodyHash !== bodyHash) {
        return answer(
          409,
          error(
            409,
            "invalid_idempotent_request",
            "Same idempotency key used with a different request payload.",
          ),
        );
      }
      return answer(seen.status, seen.answer);
    }

    const failing = recipients.map((r) => failNext.get(r)).find((f) => f && f.count > 0);
    if (failing) {
      failing.count--;
      const name = failing.status === 429 ? "rate_limit_exceeded" : "application_error";
      return answer(failing.status, error(failing.status, name, "Injected by the fake"));
    }
    for (const field of ["from", "to", "subject"] as const) {
      if (body[field] === undefined) {
        return answer(422, error(422, "missing_required_field", `Missing \`${field}\` field.`));
      }
    }
    if (typeof body.text !== "string" && typeof body.html !== "string") {
      return answer(422, error(422, "missing_required_field", "Missing `text` or `html` field."));
    }
    for (const [field, values] of [
      ["from", [body.from]],
      ["to", recipients],
    ] as const) {
      if (values.length === 0 || !values.every((v) => typeof v === "string" && ADDRESS.test(v))) {
        return answer(
          422,
          error(
            422,
            "validation_error",
            `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
          ),
        );
      }
    }
    const id = randomUUID();
    delivered.push({
      id,
      idempotencyKey: key,
      from: String(body.from),
      to: recipients,
      subject: String(body.subject),
      text: String(body.text ?? ""),
    });
    if (key) byKey.set(key, { bodyHash, status: 200, answer: { id } });
    return answer(200, { id });
  };
}
