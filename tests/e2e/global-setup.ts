import { fakeStripeVars, startFakeStripe } from "@loom-lite/testkit/fake-stripe/index";
import { fakeCloudflareVars, startFakeThirdParties } from "@loom-lite/testkit/fake-third-parties";
import { freePort } from "@loom-lite/testkit/postgres";
import { buildSiteWhenStale } from "@loom-lite/testkit/site-build";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { startStack } from "../harness/stack";
import { browserLaunchOptions } from "./lib/chromium";

declare module "vitest" {
  export interface ProvidedContext {
    /** Signs up in the browser test, which then makes it an operator with the admin token. */
    operatorEmail: string;
    /** The fake Cloudflare API (and webhook receivers) the Worker talks to, on 127.0.0.1. */
    fakeUrl: string;
    /** The fake Stripe (checkout and portal pages, test controls), sending its events to the Worker. */
    fakeStripeUrl: string;
    /** The Chromium every suite connects to (lib/browser.ts launchBrowser), started once for the run. */
    browserWsEndpoint: string;
  }
}

export const OPERATOR_EMAIL = "operator@loom-lite.test";

/**
 * The README's local stack for the browser: the built dashboard (site/dist) served by the Worker under
 * `wrangler dev`, a real PostgreSQL, and a static server for the lead websites. The test starts its own
 * render node against it. Everything listens on 127.0.0.1.
 */
export default async function setup(project: TestProject) {
  await buildSiteWhenStale();
  // Cloudflare's API cannot be reached from here; custom domains talk to a server speaking its format.
  const fake = await startFakeThirdParties();
  // Billing is on, as in `npm run dev`: the fake Stripe's signed events go to the Worker's webhook.
  const port = await freePort();
  const stripe = await startFakeStripe({ webhookUrl: `http://127.0.0.1:${port}/api/stripe/webhook` });
  // Chromium starts while the stack does.
  const startingBrowser = chromium.launchServer(browserLaunchOptions());
  startingBrowser.catch(() => {});
  const stopStack = await startStack(project, {
    port,
    name: "e2e",
    facecamSeconds: { short: 2, long: 6 },
    leaseTtlMs: 8000,
    // The booking suite's calendar is a local page (tests/pages/calendar.html) speaking like Calendly.
    vars: {
      CALENDAR_EMBED_HOSTS: "127.0.0.1",
      ...fakeCloudflareVars(fake.url),
      ...fakeStripeVars(stripe.url),
    },
  });
  const browserServer = await startingBrowser;
  project.provide("browserWsEndpoint", browserServer.wsEndpoint());
  project.provide("operatorEmail", OPERATOR_EMAIL);
  project.provide("fakeUrl", fake.url);
  project.provide("fakeStripeUrl", stripe.url);
  return async () => {
    await browserServer.close();
    await stopStack();
    await stripe.close();
    await fake.close();
  };
}
