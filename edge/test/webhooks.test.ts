import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { customDomains, webhookDeliveries, webhooks } from "@loom-lite/schema/db";
import { waitFor } from "@loom-lite/testkit/wait";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import worker from "../src/index";
import { SIGNATURE_HEADER, signatureHeader, verifySignature } from "../src/lib/webhook-signature";
import { runScheduled } from "../src/scheduled";
import { deliverDue, enqueueWebhookEvent, NO_ANSWER } from "../src/services/webhook-deliveries";
import { renderFinished } from "../src/services/webhook-events";
import type { TargetPolicy } from "../src/services/webhook-targets";
import { anonymous, authed, signUp, type TestAccount } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { finishedRender, seedRender } from "./helpers/factories";
import { addLeads, createCampaign, expectError } from "./helpers/fixtures";
import {
  type ClaimedJob,
  nodeClient,
  ORIGIN,
  registerNode,
  retire,
  seedCampaign,
  uploadRequired,
} from "./helpers/render-world";
import { PRODUCTION_ORIGIN, PRODUCTION_VARS, workerWith } from "./helpers/worker-with";

const CHROME =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const fakeUrl = inject("fakeUrl");
let receivers = 0;

function receiver(kind: "ok" | "fail" | "hang") {
  receivers += 1;
  const name = `${kind}-${Date.now().toString(36)}-${receivers}`;
  return {
    url: `${fakeUrl}/hooks/${name}`,
    received: async () =>
      (await (await fetch(`${fakeUrl}/hooks/${name}/received`)).json()) as Array<{
        headers: Record<string, string>;
        body: string;
        at: number;
      }>,
  };
}

interface Created {
  id: string;
  url: string;
  events: string[];
  secret: string;
}

async function createWebhook(account: TestAccount, url: string, events: string[]): Promise<Created> {
  const res = await authed(account.cookie)("/api/webhooks", { method: "POST", json: { url, events } });
  const body = (await res.json()) as Created;
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

async function leadOf(account: TestAccount) {
  const call = authed(account.cookie);
  const campaign = await createCampaign(call);
  const [lead] = await addLeads(call, campaign.id, [{ first_name: "Ada", website: "example.com" }]);
  if (!lead) throw new Error("no lead");
  return { campaign, lead };
}

const cron = () => runScheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} }, env);

/** Where this suite's Worker (a local stack) may send webhooks. */
const LOCAL_TARGETS: TargetPolicy = { environment: "development", appDomain: "localhost", appHosts: [] };

/**
 * A node's POST straight to the Worker, waiting for the work it left in the background (webhook sends,
 * cache invalidation) before answering: what did not happen by then does not happen.
 */
async function nodeCallDrained(token: string, path: string, body: unknown) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    env,
    ctx,
  );
  const answer = { status: res.status, body: await res.text() };
  await waitOnExecutionContext(ctx);
  return answer;
}

/** The webhook deliveries recorded for the workspace, whatever their state. */
async function deliveriesOf(workspaceId: string) {
  return withDb((db) =>
    db
      .select({ event: webhookDeliveries.event })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, workspaceId)),
  );
}

describe("webhook signatures", () => {
  it("verify with the secret, and fail for another secret, a changed body or an old timestamp", async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = await signatureHeader("whsec_abc", '{"a":1}', now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(await verifySignature("whsec_abc", header, '{"a":1}')).toBe(true);
    expect(await verifySignature("whsec_other", header, '{"a":1}')).toBe(false);
    expect(await verifySignature("whsec_abc", header, '{"a":2}')).toBe(false);
    const old = await signatureHeader("whsec_abc", '{"a":1}', now - 3600);
    expect(await verifySignature("whsec_abc", old, '{"a":1}')).toBe(false);
    expect(await verifySignature("whsec_abc", "t=1,v1=zz", '{"a":1}')).toBe(false);
  });
});

describe("webhooks API", () => {
  it("creates an endpoint with its secret shown once, lists, changes and removes it", async () => {
    const account = await signUp();
    const call = authed(account.cookie);
    const hook = await createWebhook(account, "https://example.com/hooks", [
      "lead.viewed",
      "render.completed",
    ]);
    expect(hook.id).toMatch(/^whk_/);
    expect(hook.secret).toMatch(/^whsec_.{32}$/);
    const listed = (await (await call("/api/webhooks")).json()) as {
      webhooks: Array<Record<string, unknown>>;
    };
    expect(listed.webhooks).toEqual([
      {
        id: hook.id,
        url: "https://example.com/hooks",
        events: ["lead.viewed", "render.completed"],
        createdAt: expect.any(String),
      },
    ]);
    const got = (await (await call(`/api/webhooks/${hook.id}`)).json()) as Record<string, unknown>;
    expect(got).not.toHaveProperty("secret");
    const patched = await call(`/api/webhooks/${hook.id}`, {
      method: "PATCH",
      json: { events: ["lead.booked"] },
    });
    expect(((await patched.json()) as { events: string[] }).events).toEqual(["lead.booked"]);
    expect((await call(`/api/webhooks/${hook.id}`, { method: "DELETE" })).status).toBe(204);
    await expectError(await call(`/api/webhooks/${hook.id}`), 404, "NOT_FOUND");
  });

  it("names the bad field with 400", async () => {
    const call = authed((await signUp()).cookie);
    const post = (json: unknown) => call("/api/webhooks", { method: "POST", json });
    await expectError(
      await post({ url: "ftp://example.com", events: ["lead.viewed"] }),
      400,
      "BAD_REQUEST",
      /url/,
    );
    await expectError(await post({ url: "not a url", events: ["lead.viewed"] }), 400, "BAD_REQUEST", /url/);
    await expectError(
      await post({ url: "https://example.com", events: ["lead.exploded"] }),
      400,
      "BAD_REQUEST",
      /events/,
    );
    await expectError(await post({ url: "https://example.com", events: [] }), 400, "BAD_REQUEST", /events/);
  });

  it("test-send delivers a signed event that the receiver can verify, and logs it as succeeded", async () => {
    const account = await signUp();
    const target = receiver("ok");
    const hook = await createWebhook(account, target.url, ["lead.viewed"]);
    const res = await authed(account.cookie)(`/api/webhooks/${hook.id}/test`, { method: "POST" });
    const delivery = (await res.json()) as {
      id: string;
      state: string;
      attempts: number;
      lastStatus: number;
    };
    expect(res.status, JSON.stringify(delivery)).toBe(200);
    expect(delivery).toMatchObject({ state: "succeeded", attempts: 1, lastStatus: 200 });

    const [got] = await target.received();
    expect(got, "the receiver got the test event").toBeDefined();
    const header = got?.headers[SIGNATURE_HEADER] ?? "";
    expect(await verifySignature(hook.secret, header, got?.body ?? "")).toBe(true);
    expect(JSON.parse(got?.body ?? "{}")).toMatchObject({
      type: "webhook.test",
      workspaceId: account.workspaceId,
    });
    expect(got?.headers["loom-delivery"]).toBe(delivery.id);

    const log = (await (await authed(account.cookie)(`/api/webhooks/${hook.id}/deliveries`)).json()) as {
      deliveries: Array<{ id: string; state: string; deliveredAt: string | null }>;
    };
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]).toMatchObject({
      id: delivery.id,
      state: "succeeded",
      deliveredAt: expect.any(String),
    });
  });

  it("sends lead events from the landing page to subscribed endpoints only", async () => {
    const account = await signUp();
    const { lead } = await leadOf(account);
    const played = receiver("ok");
    const viewed = receiver("ok");
    await createWebhook(account, played.url, ["lead.played"]);
    await createWebhook(account, viewed.url, ["lead.viewed", "lead.cta_clicked"]);
    const beacon = (type: string) =>
      SELF.fetch(`http://${account.workspaceSlug}.localhost/${lead.slug}/events`, {
        method: "POST",
        headers: { "user-agent": CHROME, "content-type": "application/json" },
        body: JSON.stringify({ type, visitId: "visit-1" }),
      });
    expect((await beacon("play")).status).toBe(204);
    const [event] = await waitFor(
      "lead.played delivery",
      async () => {
        const got = await played.received();
        return got.length > 0 && got;
      },
      10_000,
      100,
    );
    expect(JSON.parse(event?.body ?? "{}")).toMatchObject({
      type: "lead.played",
      data: { leadId: lead.id, leadSlug: lead.slug, fields: { first_name: "Ada" } },
    });
    expect(await viewed.received()).toEqual([]);
  });

  it("announces a lead event once: replayed and forged repeats of a beacon do not fan out again", async () => {
    const account = await signUp();
    const { lead } = await leadOf(account);
    const target = receiver("ok");
    await createWebhook(account, target.url, ["lead.cta_clicked", "lead.booked"]);
    const beacon = (body: Record<string, unknown>) =>
      SELF.fetch(`http://${account.workspaceSlug}.localhost/${lead.slug}/events`, {
        method: "POST",
        headers: { "user-agent": CHROME, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const booking = { type: "booked", calendarEventId: "https://api.calendly.com/scheduled_events/X1" };
    for (let i = 0; i < 5; i += 1) {
      expect((await beacon({ type: "cta_click", visitId: "one-visit" })).status).toBe(204);
      expect((await beacon({ ...booking, visitId: `visit-${i}` })).status).toBe(204);
    }
    const got = await waitFor(
      "both first deliveries",
      async () => {
        const all = await target.received();
        return all.length >= 2 && all;
      },
      10_000,
      100,
    );
    // Whatever is still in flight has been sent by the time the cron has nothing due.
    await cron();
    const types = (await target.received()).map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types.sort(), JSON.stringify(got.map((r) => r.body))).toEqual(["lead.booked", "lead.cta_clicked"]);
    const rows = await withDb((db) =>
      db.select().from(webhookDeliveries).where(eq(webhookDeliveries.workspaceId, account.workspaceId)),
    );
    expect(rows, "one delivery per first occurrence").toHaveLength(2);
  });

  it("announces a finished render with render.completed", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadOf(account);
    const target = receiver("ok");
    await createWebhook(account, target.url, ["render.completed", "render.failed"]);
    const renderId = `rnd_hook_${lead.id.slice(3)}`;
    await seedRender(finishedRender(account, campaign, lead, { id: renderId }));
    await withDb(async (db) => {
      await renderFinished(
        db as never,
        { retryBaseMs: 30_000, maxAttempts: 5, targets: LOCAL_TARGETS },
        renderId,
      );
    });
    const [got] = await target.received();
    expect(JSON.parse(got?.body ?? "{}")).toMatchObject({
      type: "render.completed",
      data: { renderId, leadId: lead.id, campaignId: campaign.id },
    });
  });

  it("does not announce a render again when a node repeats its complete", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadOf(account);
    const target = receiver("ok");
    await createWebhook(account, target.url, ["render.completed"]);
    const renderId = `rnd_again_${lead.id.slice(3)}`;
    await seedRender(
      finishedRender(account, campaign, lead, {
        id: renderId,
        fence: 1,
      }),
    );
    const { token } = await registerNode();
    const again = await nodeCallDrained(token, `/nodes/v1/renders/${renderId}/complete`, {
      fence: 1,
      durationMs: 5,
      timings: {},
    });
    expect(again.status, again.body).toBe(200);
    // Everything the call left in the background has run: an announcement would be recorded by now.
    expect(await deliveriesOf(account.workspaceId)).toEqual([]);
    expect(await target.received()).toEqual([]);
  });

  it("announces render.failed when the cron ends a render whose attempts ran out", async () => {
    const account = await signUp();
    const { campaign, lead } = await leadOf(account);
    const target = receiver("ok");
    await createWebhook(account, target.url, ["render.failed"]);
    const renderId = `rnd_swept_${lead.id.slice(3)}`;
    await seedRender({
      id: renderId,
      workspaceId: account.workspaceId,
      campaignId: campaign.id,
      leadId: lead.id,
      state: "capturing",
      attempts: 3,
      maxAttempts: 3,
      fence: 3,
      leaseId: `lease_gone_${lead.id.slice(3)}`,
      leaseExpiresAt: new Date(Date.now() - 60_000),
    });
    await cron();
    const [got] = await target.received();
    expect(got, "render.failed delivered").toBeDefined();
    expect(JSON.parse(got?.body ?? "{}")).toMatchObject({
      type: "render.failed",
      data: { renderId, leadId: lead.id, errorCode: "lease_expired" },
    });
  });

  it("retries a failing endpoint with exponential backoff from the cron, then marks the delivery failed", async () => {
    const account = await signUp();
    const { lead } = await leadOf(account);
    const target = receiver("fail");
    const hook = await createWebhook(account, target.url, ["lead.viewed"]);
    const res = await SELF.fetch(`http://${account.workspaceSlug}.localhost/${lead.slug}/events`, {
      method: "POST",
      headers: { "user-agent": CHROME },
      body: JSON.stringify({ type: "view", visitId: "visit-1" }),
    });
    expect(res.status).toBe(204);

    const row = () =>
      withDb(
        async (db) =>
          (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)))[0],
      );
    const first = await waitFor(
      "first attempt",
      async () => {
        const r = await row();
        return r && r.attempts === 1 && r.lockedUntil === null && r;
      },
      10_000,
      100,
    );
    expect(first).toMatchObject({ state: "pending", lastStatus: 500 });
    const delay = (r: typeof first) => r.nextAttemptAt.getTime() - Date.now();
    expect(delay(first)).toBeGreaterThan(25_000);
    expect(delay(first)).toBeLessThanOrEqual(30_000);

    // Not due yet: the cron leaves it alone.
    await cron();
    expect((await row())?.attempts).toBe(1);

    for (const [attempts, expectedDelayMs] of [
      [2, 60_000],
      [3, 120_000],
      [4, 240_000],
    ] as const) {
      await withDb((db) =>
        db
          .update(webhookDeliveries)
          .set({ nextAttemptAt: sql`now() - interval '1 second'` })
          .where(eq(webhookDeliveries.webhookId, hook.id)),
      );
      await cron();
      const r = await row();
      expect(r, JSON.stringify(r)).toMatchObject({ attempts, state: "pending", lastStatus: 500 });
      if (!r) throw new Error("no delivery");
      expect(delay(r)).toBeGreaterThan(expectedDelayMs - 5_000);
      expect(delay(r)).toBeLessThanOrEqual(expectedDelayMs);
    }
    await withDb((db) =>
      db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: sql`now() - interval '1 second'` })
        .where(eq(webhookDeliveries.webhookId, hook.id)),
    );
    await cron();
    expect(await row()).toMatchObject({ attempts: 5, state: "failed", lastStatus: 500 });
    expect(await target.received()).toHaveLength(5);

    // Given up: no more attempts.
    await cron();
    expect(await target.received()).toHaveLength(5);
  });

  it("keeps each workspace's webhooks to itself, and needs authentication", async () => {
    const owner = await signUp();
    const hook = await createWebhook(owner, "https://example.com/hooks", ["lead.viewed"]);
    const stranger = authed((await signUp()).apiKey);
    await expectError(await stranger(`/api/webhooks/${hook.id}`), 404, "NOT_FOUND");
    await expectError(
      await stranger(`/api/webhooks/${hook.id}`, { method: "PATCH", json: { events: ["lead.booked"] } }),
      404,
      "NOT_FOUND",
    );
    await expectError(await stranger(`/api/webhooks/${hook.id}/deliveries`), 404, "NOT_FOUND");
    await expectError(await stranger(`/api/webhooks/${hook.id}/test`, { method: "POST" }), 404, "NOT_FOUND");
    await expectError(await stranger(`/api/webhooks/${hook.id}`, { method: "DELETE" }), 404, "NOT_FOUND");
    expect(((await (await stranger("/api/webhooks")).json()) as { webhooks: unknown[] }).webhooks).toEqual(
      [],
    );
    await expectError(await anonymous("/api/webhooks"), 401, "UNAUTHORIZED");
    await expectError(
      await anonymous(`/api/webhooks/${hook.id}/test`, { method: "POST" }),
      401,
      "UNAUTHORIZED",
    );
  });
});

describe("a render finished by two racing calls", () => {
  const workspacesUsed: string[] = [];
  afterAll(async () => {
    await retire(workspacesUsed);
  });

  /** A render a node holds with both artifacts uploaded, in a workspace with a subscribed endpoint. */
  async function heldRender() {
    const account = await signUp();
    workspacesUsed.push(account.workspaceId);
    const target = receiver("ok");
    await createWebhook(account, target.url, ["render.completed", "render.failed"]);
    const seeded = await seedCampaign({ workspaceId: account.workspaceId, renderConcurrency: 2 });
    const nodeReg = await registerNode();
    const node = nodeClient(nodeReg.token);
    const claimed = await node.claimJob();
    expect(claimed.renderId).toBe(seeded.renderIds[0]);
    await uploadRequired(node, claimed);
    return { account, target, token: nodeReg.token, claimed };
  }

  /**
   * Sends the same call four times at once, straight to the Worker, and waits for the work each left in
   * the background (the webhook sends). Each answer is either the state the render went to, or 409 for
   * a call that checked the lease after another call ended it.
   */
  async function atOnce(token: string, claimed: ClaimedJob, verb: "complete" | "fail", body: unknown) {
    const once = () => nodeCallDrained(token, `/nodes/v1/renders/${claimed.renderId}/${verb}`, body);
    const answers = await Promise.all([once(), once(), once(), once()]);
    const succeeded = answers.filter((a) => a.status === 200);
    expect(succeeded.length, JSON.stringify(answers)).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expect(answer.status, answer.body).toBe(409);
    }
    return succeeded.map((a) => JSON.parse(a.body) as unknown);
  }

  it("concurrent complete calls for the same fence: the render is done once, render.completed sent once", async () => {
    const { account, target, token, claimed } = await heldRender();
    const answers = await atOnce(token, claimed, "complete", {
      fence: claimed.fence,
      durationMs: 2000,
      timings: {},
    });
    for (const answer of answers) expect(answer).toEqual({ state: "done" });
    expect(await deliveriesOf(account.workspaceId)).toEqual([{ event: "render.completed" }]);
    const received = await target.received();
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(["render.completed"]);
  });

  it("concurrent fail calls for the same fence: the render fails once, render.failed sent once", async () => {
    const { account, target, token, claimed } = await heldRender();
    const answers = await atOnce(token, claimed, "fail", {
      fence: claimed.fence,
      message: "The page never loaded.",
      retryable: false,
    });
    for (const answer of answers) expect(answer).toEqual({ state: "failed" });
    expect(await deliveriesOf(account.workspaceId)).toEqual([{ event: "render.failed" }]);
    const received = await target.received();
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(["render.failed"]);
  });
});

describe("webhook targets", () => {
  const production = workerWith(PRODUCTION_VARS);
  const prodCall = (account: TestAccount, path: string, init: { method?: string; json?: unknown } = {}) =>
    production(`${PRODUCTION_ORIGIN}${path}`, {
      ...init,
      cookie: account.apiKey,
      headers: { origin: PRODUCTION_ORIGIN },
    });

  it("accepts a public https endpoint in production", async () => {
    const account = await signUp();
    const res = await prodCall(account, "/api/webhooks", {
      method: "POST",
      json: { url: "https://hooks.crm.example.com/loom", events: ["lead.viewed"] },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it("refuses http, IP literals in any spelling, local names and the platform's own hosts in production, and stores nothing", async () => {
    const account = await signUp();
    const customHost = `landing.customer-${Date.now().toString(36)}.com`;
    await withDb((db) =>
      db.insert(customDomains).values({
        id: `dom_${Date.now().toString(36)}`,
        workspaceId: account.workspaceId,
        hostname: customHost,
      }),
    );
    const refused: Array<[string, RegExp]> = [
      ["http://hooks.crm.example.com/loom", /must use https/],
      ["https://127.0.0.1/hook", /not an IP address/],
      ["https://2130706433/hook", /not an IP address/],
      ["https://0x7f000001/hook", /not an IP address/],
      ["https://0177.0.0.1/hook", /not an IP address/],
      ["https://127.1/hook", /not an IP address/],
      ["https://[::1]/hook", /not an IP address/],
      ["https://[::ffff:127.0.0.1]/hook", /not an IP address/],
      ["https://169.254.169.254/latest/meta-data/", /not an IP address/],
      ["https://10.0.0.8/hook", /not an IP address/],
      ["https://localhost/hook", /local or internal/],
      ["https://localhost./hook", /local or internal/],
      ["https://acme.localhost/hook", /local or internal/],
      ["https://metadata.google.internal/computeMetadata/v1/", /local or internal/],
      ["https://db.internal/hook", /local or internal/],
      ["https://printer.local/hook", /local or internal/],
      ["https://intranet/hook", /local or internal/],
      ["https://loom-lite.app/api/webhooks", /platform's own hosts/],
      ["https://acme.loom-lite.app/lead", /platform's own hosts/],
      ["https://LOOM-LITE.workers.dev/x", /platform's own hosts/],
      ["https://edge.domains.loom-lite.app/x", /platform's own hosts/],
      [`https://${customHost}/x`, /custom domain served here/],
      ["https://user:secret@hooks.crm.example.com/loom", /user name or password/],
    ];
    for (const [url, why] of refused) {
      const res = await prodCall(account, "/api/webhooks", {
        method: "POST",
        json: { url, events: ["lead.viewed"] },
      });
      const error = await expectError(res, 400, "BAD_REQUEST", /^url: /);
      expect(error?.message, url).toMatch(why);
    }
    const stored = await withDb((db) =>
      db.select().from(webhooks).where(eq(webhooks.workspaceId, account.workspaceId)),
    );
    expect(stored).toEqual([]);

    const good = (await (
      await prodCall(account, "/api/webhooks", {
        method: "POST",
        json: { url: "https://hooks.crm.example.com/loom", events: ["lead.viewed"] },
      })
    ).json()) as Created;
    await expectError(
      await prodCall(account, `/api/webhooks/${good.id}`, {
        method: "PATCH",
        json: { url: "https://[::1]/hook" },
      }),
      400,
      "BAD_REQUEST",
      /url: must name a host/,
    );
    const [row] = await withDb((db) => db.select().from(webhooks).where(eq(webhooks.id, good.id)));
    expect(row?.url).toBe("https://hooks.crm.example.com/loom");
  });

  it("lets a local stack post to this machine only", async () => {
    const call = authed((await signUp()).cookie);
    const post = (url: string) =>
      call("/api/webhooks", { method: "POST", json: { url, events: ["lead.viewed"] } });
    expect((await post(receiver("ok").url)).status).toBe(201);
    expect((await post("http://localhost:9/hook")).status).toBe(201);
    await expectError(
      await post("http://hooks.crm.example.com/loom"),
      400,
      "BAD_REQUEST",
      /http is allowed for localhost only/,
    );
    await expectError(
      await post("http://10.0.0.8/hook"),
      400,
      "BAD_REQUEST",
      /http is allowed for localhost only/,
    );
    await expectError(await post("https://192.168.1.1/hook"), 400, "BAD_REQUEST", /not an IP address/);
    await expectError(await post("https://acme.localhost/hook"), 400, "BAD_REQUEST", /local or internal/);
  });

  it("checks again before every delivery: an endpoint stored before the rules is never contacted", async () => {
    const account = await signUp();
    const { lead } = await leadOf(account);
    // Stored directly, as rows written before target checks existed are: plain http to a loopback IP.
    const target = receiver("ok");
    const hookId = `whk_old_${lead.id.slice(3)}`;
    await withDb((db) =>
      db.insert(webhooks).values({
        id: hookId,
        workspaceId: account.workspaceId,
        url: target.url,
        events: ["lead.viewed"],
        secret: "whsec_old",
      }),
    );
    const tested = await prodCall(account, `/api/webhooks/${hookId}/test`, { method: "POST" });
    const delivery = (await tested.json()) as {
      state: string;
      attempts: number;
      lastStatus: number | null;
      lastError: string;
    };
    expect(tested.status, JSON.stringify(delivery)).toBe(200);
    expect(delivery).toMatchObject({ state: "failed", attempts: 1, lastStatus: null });
    expect(delivery.lastError).toMatch(/^Not sent: the endpoint's URL must use https; change it$/);

    // A pending delivery (a lead event) is refused the same way when the cron sends it.
    await withDb((db) =>
      db.insert(webhookDeliveries).values({
        id: `whd_old_${lead.id.slice(3)}`,
        workspaceId: account.workspaceId,
        webhookId: hookId,
        event: "lead.viewed",
        body: "{}",
      }),
    );
    await runScheduled(
      { cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} },
      { ...env, ...PRODUCTION_VARS },
    );
    const rows = await withDb((db) =>
      db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hookId)),
    );
    expect(rows.map((r) => r.state)).toEqual(["failed", "failed"]);
    expect(await target.received(), "nothing reached the stored endpoint").toEqual([]);
  });

  it("logs one coarse outcome for a refused connection and a timeout, so the log maps no ports", async () => {
    const account = await signUp();
    const hang = receiver("hang");
    const refusedHook = await createWebhook(account, "http://127.0.0.1:1/hooks/closed", ["lead.viewed"]);
    const hangHook = await createWebhook(account, hang.url, ["lead.viewed"]);
    await withDb(async (db) => {
      const ids = await enqueueWebhookEvent(db as never, account.workspaceId, "lead.viewed", {
        leadId: "ld_x",
      });
      await deliverDue(
        db as never,
        { retryBaseMs: 30_000, maxAttempts: 5, timeoutMs: 500, targets: LOCAL_TARGETS },
        { ids },
      );
    });
    expect(await hang.received(), "the slow endpoint was reached, and never answered").toHaveLength(1);
    const logs = await Promise.all(
      [refusedHook, hangHook].map(async (hook) => {
        const res = await authed(account.cookie)(`/api/webhooks/${hook.id}/deliveries`);
        return (
          (await res.json()) as { deliveries: Array<{ lastStatus: number | null; lastError: string | null }> }
        ).deliveries;
      }),
    );
    expect(logs.map((l) => l.map((d) => [d.lastStatus, d.lastError]))).toEqual([
      [[null, NO_ANSWER]],
      [[null, NO_ANSWER]],
    ]);
  });
});
