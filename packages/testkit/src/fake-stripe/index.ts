/**
 * A local server that speaks Stripe's wire format for the calls Loom-Lite's billing makes, so the
 * official `stripe` SDK (configured with `{ host: "127.0.0.1", port, protocol: "http" }`) and the
 * local stack work without Stripe. See api.ts (the `/v1` API), pages.ts (hosted checkout and portal),
 * webhooks.ts (signed events), controls.ts (test controls) and vars.ts (the Worker's variables).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import qs from "qs";
import { createApi } from "./api";
import { createBilling } from "./billing";
import { fakeStripeControls } from "./control-client";
import { createControls, type RecordedRequest } from "./controls";
import { StripeApiError } from "./errors";
import { readBody, sendJson } from "./http";
import { createIdempotencyStore } from "./idempotency";
import { nowSeconds, stripeId } from "./ids";
import { createMeterEvents } from "./meter-events";
import { createHostedPages } from "./pages";
import { DEFAULT_FAKE_STRIPE_PRICES, type FakePriceConfig, toStripePrice } from "./prices";
import { FAKE_STRIPE_SECRET_KEY, FAKE_STRIPE_WEBHOOK_SECRET } from "./vars";
import { createWebhookSender } from "./webhooks";

export { TEST_CARD_DECLINE_AFTER_ATTACH, TEST_CARD_SUCCESS } from "./billing";
export { fakeStripeControls } from "./control-client";
export { DEFAULT_FAKE_STRIPE_PRICES, type FakePriceConfig } from "./prices";
export { fakeStripeVars } from "./vars";

export interface FakeStripeOptions {
  /** Defaults to DEFAULT_FAKE_STRIPE_PRICES (issue 12's plans). */
  prices?: readonly FakePriceConfig[];
  /** Where events are POSTed; without it they are only recorded. */
  webhookUrl?: string;
  webhookSecret?: string;
  secretKey?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Waits before each webhook retry (default 0.2 s, 1 s, 3 s). */
  webhookRetryDelaysMs?: readonly number[];
}

export interface FakeStripe {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  controls: ReturnType<typeof fakeStripeControls>;
  close: () => Promise<void>;
}

const noKey =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').";

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? FAKE_STRIPE_SECRET_KEY;
  const webhookSecret = options.webhookSecret ?? FAKE_STRIPE_WEBHOOK_SECRET;
  const requests: RecordedRequest[] = [];
  const idempotency = createIdempotencyStore();
  const webhooks = createWebhookSender({
    url: options.webhookUrl,
    secret: webhookSecret,
    retryDelaysMs: options.webhookRetryDelaysMs,
  });
  let handlers:
    | {
        api: ReturnType<typeof createApi>;
        pages: ReturnType<typeof createHostedPages>;
        controls: ReturnType<typeof createControls>;
      }
    | undefined;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    try {
      if (!handlers) throw new Error("fake stripe is starting");
      if (await handlers.controls(req, res, url)) return;
      if (await handlers.pages(req, res, url)) return;
      if (!url.pathname.startsWith("/v1/")) {
        sendJson(res, 404, { error: `fake stripe: no route for ${req.method} ${url.pathname}` });
        return;
      }
      const method = req.method ?? "GET";
      const raw = method === "POST" ? await readBody(req) : url.search.slice(1);
      const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const record = (status: number, params: Record<string, unknown>, replayed = false) =>
        requests.push({ method, path: url.pathname, idempotencyKey, params, status, replayed });
      const requestId = stripeId("req");
      const headers: Record<string, string> = {
        "request-id": requestId,
        "stripe-version": String(req.headers["stripe-version"] ?? ""),
      };
      const authorization = req.headers.authorization ?? "";
      const key = authorization.startsWith("Bearer ") ? authorization.slice(7) : "";
      if (key !== secretKey) {
        const message = key ? `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}` : noKey;
        record(401, {});
        sendJson(res, 401, { error: { type: "invalid_request_error", message } }, headers);
        return;
      }
      const form = qs.parse(raw, { arrayLimit: 100, depth: 5 }) as Record<string, unknown>;
      const fingerprint = `${method} ${url.pathname} ${JSON.stringify(form)}`;
      try {
        const keyed = idempotencyKey && (method === "POST" || method === "DELETE") ? idempotencyKey : null;
        const replay = keyed ? idempotency.replay(keyed, fingerprint) : undefined;
        if (replay) {
          record(replay.status, form, true);
          sendJson(res, replay.status, replay.body, { ...headers, "idempotent-replayed": "true" });
          return;
        }
        const result = handlers.api(method, url.pathname, form, { idempotencyKey: keyed });
        if (keyed) idempotency.remember(keyed, fingerprint, result.status, result.body);
        record(result.status, form);
        sendJson(res, result.status, result.body, headers);
      } catch (err) {
        if (!(err instanceof StripeApiError)) throw err;
        record(err.status, form);
        sendJson(res, err.status, err.envelope(), { ...headers, ...err.headers });
      }
    } catch (err) {
      console.error("fake stripe:", err);
      sendJson(res, 500, { error: { type: "api_error", message: `fake stripe: ${String(err)}` } });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const created = nowSeconds();
  const billing = createBilling({
    baseUrl: url,
    prices: (options.prices ?? DEFAULT_FAKE_STRIPE_PRICES).map((price) => toStripePrice(price, created)),
    webhooks,
  });
  const meterEvents = createMeterEvents();
  handlers = {
    api: createApi(billing, meterEvents),
    pages: createHostedPages(billing),
    controls: createControls(billing, meterEvents, webhooks, requests),
  };
  return {
    url,
    port,
    secretKey,
    webhookSecret,
    controls: fakeStripeControls(url),
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
