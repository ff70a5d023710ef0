import Stripe from "stripe";
import type { BillingConfig } from "./config";

/**
 * The official Stripe SDK as a Worker runs it: requests through `fetch`, pointed at `apiBase` (Stripe,
 * or the local fake Stripe in tests and `npm run dev`). Network errors and 409/429/5xx answers are
 * retried by the SDK with an idempotency key it adds to POSTs, so a retry never does a thing twice.
 */
export function stripeClient(config: BillingConfig): Stripe {
  const base = config.apiBase;
  const protocol = base.protocol === "http:" ? "http" : "https";
  return new Stripe(config.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    host: base.hostname,
    port: base.port || (protocol === "http" ? 80 : 443),
    protocol,
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

/** Checks the signature of a webhook on its raw body with Web Crypto (Workers have no sync HMAC). */
export function verifyStripeEvent(
  stripe: Stripe,
  rawBody: string,
  signature: string,
  webhookSecret: string,
): Promise<Stripe.Event> {
  return stripe.webhooks.constructEventAsync(
    rawBody,
    signature,
    webhookSecret,
    undefined,
    Stripe.createSubtleCryptoProvider(),
  );
}
