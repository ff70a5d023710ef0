/**
 * Test controls outside `/v1`, under `/_fake/stripe/`, so tests drive in seconds what takes Stripe a
 * month (JSON in and out; `control-client.ts` is their typed client):
 * - `POST subscriptions/:id/advance`: the period ends (renewal with an invoice and events; a
 *   subscription set to cancel ends; a past_due one whose last retry fails becomes unpaid);
 * - `POST subscriptions/:id/fail-next-payment`: its charges fail from now on until the card is updated;
 * - `POST checkout/:id/complete` `{ card }`: what the hosted page's form does;
 * - `GET events[?type=]`, `POST events/:id/redeliver`, `POST events/deliver` `{ ids }` (in that order,
 *   repeats allowed), `GET deliveries`, `POST webhooks/flush` (waits for queued first attempts, says how many retries are still scheduled);
 * - `GET requests` (the API calls received), `GET meter-events`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Billing, ControlError, TEST_CARD_SUCCESS } from "./billing";
import { StripeApiError } from "./errors";
import { readBody, sendJson } from "./http";
import type { MeterEvents } from "./meter-events";
import type { WebhookSender } from "./webhooks";

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Record<string, unknown>;
  status: number;
  replayed: boolean;
}

export function createControls(
  billing: Billing,
  meterEvents: MeterEvents,
  webhooks: WebhookSender,
  requests: RecordedRequest[],
) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith("/_fake/stripe/")) return false;
    const path = url.pathname.slice("/_fake/stripe/".length);
    const post = req.method === "POST";
    const raw = post ? await readBody(req) : "";
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      sendJson(res, 400, { error: "body must be JSON" });
      return true;
    }
    try {
      const sub = /^subscriptions\/([\w]+)\/(advance|fail-next-payment)$/.exec(path);
      const checkout = /^checkout\/([\w]+)\/complete$/.exec(path);
      const redeliver = /^events\/([\w]+)\/redeliver$/.exec(path);
      if (post && sub?.[1]) {
        if (sub[2] === "advance") billing.advance(sub[1]);
        else billing.failNextPayment(sub[1]);
        await webhooks.idle();
        sendJson(res, 200, JSON.parse(JSON.stringify(billing.subscription(sub[1]))));
      } else if (post && checkout?.[1]) {
        const card = typeof body.card === "string" ? body.card : TEST_CARD_SUCCESS;
        const outcome = billing.completeCheckout(checkout[1], card);
        await webhooks.idle();
        sendJson(res, outcome.ok ? 200 : 402, outcome);
      } else if (post && redeliver?.[1]) {
        if (!webhooks.get(redeliver[1])) throw new ControlError(`no such event: ${redeliver[1]}`);
        sendJson(res, 200, await webhooks.redeliver([redeliver[1]]));
      } else if (post && path === "events/deliver") {
        const ids = Array.isArray(body.ids)
          ? body.ids.filter((id): id is string => typeof id === "string")
          : [];
        const unknown = ids.filter((id) => !webhooks.get(id));
        if (ids.length === 0 || unknown.length > 0) {
          throw new ControlError(`give { ids: [...] } of recorded events; unknown: ${unknown.join(", ")}`);
        }
        sendJson(res, 200, await webhooks.redeliver(ids));
      } else if (post && path === "webhooks/flush") {
        await webhooks.idle();
        sendJson(res, 200, { pendingRetries: webhooks.pendingRetries() });
      } else if (!post && path === "events") {
        const type = url.searchParams.get("type");
        sendJson(
          res,
          200,
          webhooks.list().filter((event) => !type || event.type === type),
        );
      } else if (!post && path === "deliveries") {
        sendJson(res, 200, webhooks.attempts());
      } else if (!post && path === "requests") {
        sendJson(res, 200, requests);
      } else if (!post && path === "meter-events") {
        sendJson(res, 200, meterEvents.list());
      } else {
        sendJson(res, 404, { error: `fake stripe: no control ${req.method} /_fake/stripe/${path}` });
      }
    } catch (err) {
      if (err instanceof ControlError) sendJson(res, 409, { error: err.message });
      else if (err instanceof StripeApiError) sendJson(res, err.status, err.envelope());
      else throw err;
    }
    return true;
  };
}
