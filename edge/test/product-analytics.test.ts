import { user } from "@loom-lite/schema/db";
import { type FakePostHogEvent, fakePostHogEvents } from "@loom-lite/testkit/fake-posthog";
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, inject, it } from "vitest";
import { productAnalyticsFor } from "../src/services/product-analytics";
import { signUp } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { nodeClient, registerNode, seedCampaign, uploadRequired } from "./helpers/render-world";
import {
  billingRow,
  checkout,
  fakeStripe,
  sessionIdOf,
  eventsOf as stripeEventsOf,
  stripeVars,
} from "./helpers/stripe";
import { workerWith } from "./helpers/worker-with";

/**
 * Product events to PostHog's capture API (POSTHOG_KEY, POSTHOG_HOST pointed at the fake of
 * test/fake-servers.ts): each arrives once, named by a user or workspace id, never an e-mail. Each test
 * has a project key of its own on the fake.
 */

const fakeUrl = inject("fakeUrl");
const newKey = () => `phc_test${crypto.randomUUID().replaceAll("-", "")}`;
const withPostHog = (key: string) => workerWith({ POSTHOG_KEY: key, POSTHOG_HOST: fakeUrl });

async function eventsOf(key: string, count: number): Promise<FakePostHogEvent[]> {
  let events: FakePostHogEvent[] = [];
  await expect
    .poll(async () => {
      events = await fakePostHogEvents(fakeUrl, key);
      return events.length;
    })
    .toBe(count);
  return events;
}

describe("product analytics", () => {
  it("sends signed_up once, named by the new user's id, without the e-mail or the name", async () => {
    const key = newKey();
    const email = `analytics-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const res = await withPostHog(key)("/api/auth/sign-up/email", {
      method: "POST",
      json: { name: "Maria Prospectova", email, password: "correct horse battery staple" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const [created] = await withDb((db) =>
      db.select({ id: user.id }).from(user).where(eq(user.email, email)),
    );

    const [event] = await eventsOf(key, 1);
    expect(event).toMatchObject({ api_key: key, event: "signed_up", distinct_id: created?.id });
    expect(event?.properties?.workspace_id).toMatch(/^ws_/);
    expect(JSON.stringify(event)).not.toContain(email);
    expect(JSON.stringify(event)).not.toContain("Prospectova");
  });

  it("sends first_render_completed once per workspace, for the first video only", async () => {
    const key = newKey();
    const seeded = await seedCampaign({ leads: 2 });
    const { token } = await registerNode();
    const node = nodeClient(token);
    // The finish is what announces the render: that call goes to a Worker with POSTHOG_KEY set.
    const finishingNode = nodeClient(token, withPostHog(key));
    for (let i = 0; i < 2; i++) {
      const claimed = await node.claimJob();
      await uploadRequired(node, claimed);
      const res = await finishingNode.complete(claimed.renderId, {
        fence: claimed.fence,
        durationMs: 2000,
        timings: {},
      });
      expect(res.status, await res.clone().text()).toBe(200);
      if (i === 0) {
        const [event] = await eventsOf(key, 1);
        expect(event).toMatchObject({
          event: "first_render_completed",
          distinct_id: seeded.workspaceId,
          properties: { render_id: claimed.renderId },
        });
      }
    }
    // The second render's finish has been announced (its waitUntil work awaited) and sent nothing more.
    expect(await fakePostHogEvents(fakeUrl, key)).toHaveLength(1);
  });

  it("sends subscription_started once for the workspace, however often Stripe delivers its events", async () => {
    const key = newKey();
    const owner = await signUp();
    const answer = await checkout(owner, "starter");
    expect(await fakeStripe.completeCheckout(sessionIdOf(answer.url as string))).toEqual({ ok: true });
    const customer = (await billingRow(owner.workspaceId))?.stripeCustomerId as string;
    const billedWithPostHog = workerWith({ ...stripeVars, POSTHOG_KEY: key, POSTHOG_HOST: fakeUrl });
    const events = await stripeEventsOf(customer);
    // Every event twice, as Stripe's retries do.
    for (const event of [...events, ...events]) {
      const payload = JSON.stringify(event);
      const secret = stripeVars.STRIPE_WEBHOOK_SECRET as string;
      const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret });
      const res = await billedWithPostHog("/api/stripe/webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body: payload,
      });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const [event] = await eventsOf(key, 1);
    expect(event).toMatchObject({
      event: "subscription_started",
      distinct_id: owner.workspaceId,
      properties: { status: "active" },
    });
    expect(JSON.stringify(event)).not.toContain(owner.email);
  });

  it("sends nothing, and defers no work, without POSTHOG_KEY", () => {
    const deferred: Promise<unknown>[] = [];
    const log = { info() {}, warn() {}, error() {} };
    const off = productAnalyticsFor({ POSTHOG_HOST: fakeUrl, ENVIRONMENT: "development" }, log, (w) =>
      deferred.push(w),
    );
    off.capture("signed_up", "usr_1");
    expect(deferred).toHaveLength(0);
    const on = productAnalyticsFor(
      { POSTHOG_KEY: "phc_x", POSTHOG_HOST: fakeUrl, ENVIRONMENT: "development" },
      log,
      (w) => deferred.push(w),
    );
    on.capture("signed_up", "usr_1");
    expect(deferred).toHaveLength(1);
    return Promise.all(deferred);
  });
});
