import { fakeStripeVars, startFakeStripe } from "@loom-lite/testkit/fake-stripe/index";
import {
  fakeBunnyVars,
  fakeCloudflareVars,
  fakeResendVars,
  startFakeThirdParties,
} from "@loom-lite/testkit/fake-third-parties";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the fake third parties (webhook receivers, Cloudflare's API). */
    fakeUrl: string;
    /** The Worker's variables that point Cloudflare's API and Bunny Storage at the fake. */
    fakeVars: Record<string, string>;
    /** http://127.0.0.1:<port> of the fake Stripe (its test controls are under /_fake/stripe/). */
    fakeStripeUrl: string;
    /**
     * The Worker's variables that turn billing on against the fake Stripe; only the billing suites set
     * them (workerWith), every other suite runs with billing off. Webhooks are not sent by the fake:
     * the tests read its recorded events and deliver them, in the order each test needs.
     */
    stripeVars: Record<string, string>;
    /** The Worker's variables that send e-mail through the fake Resend; only the e-mail suite sets them. */
    resendVars: Record<string, string>;
  }
}

/** Webhook receivers and Cloudflare's custom-hostnames API on 127.0.0.1, reached by workerd over HTTP. */
export default async function setup(project: TestProject) {
  const fake = await startFakeThirdParties();
  const stripe = await startFakeStripe();
  project.provide("fakeStripeUrl", stripe.url);
  project.provide("stripeVars", fakeStripeVars(stripe.url));
  project.provide("fakeUrl", fake.url);
  project.provide("resendVars", fakeResendVars(fake.url));
  // Built here rather than in vitest.config.ts: the config is loaded by plain Node, which cannot
  // import the test kit's TypeScript.
  project.provide("fakeVars", { ...fakeCloudflareVars(fake.url), ...fakeBunnyVars(fake.url) });
  return async () => {
    await stripe.close();
    await fake.close();
  };
}
