import {
  abortAllDurableObjects,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  SELF,
} from "cloudflare:test";
import { apiKeys, leads, memberships, outboxEmails, session, user } from "@loom-lite/schema/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bucketKey } from "../src/rate-limit/client";
import type { RateLimitRule } from "../src/rate-limit/rules";
import { APP_ORIGIN, authed, signUp, uniqueEmail } from "./helpers/accounts";
import { withDb } from "./helpers/db";
import { createCampaign, expectError } from "./helpers/fixtures";
import { freshAddress, limitedWorker, workerWith } from "./helpers/worker-with";

const WRONG = "not the password at all";

const sessionsOf = (userId: string) =>
  withDb(async (db) => (await db.select().from(session).where(eq(session.userId, userId))).length);

/** The RateLimiter object that holds `rule`'s count for `subject`, as the Worker names it. */
function limiterFor(rule: RateLimitRule, subject: string) {
  const ns = env.RATE_LIMITER;
  return ns.get(ns.idFromName(bucketKey(rule, subject)));
}

async function expectRateLimited(res: Response, what: RegExp, maxSeconds: number) {
  const retryAfter = Number(res.headers.get("retry-after"));
  await expectError(res, 429, "RATE_LIMITED", what);
  expect(retryAfter, "Retry-After in seconds").toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(res.headers.get("set-cookie") ?? "", "no session handed out").not.toContain("session_token=");
}

describe("sign-in limits", () => {
  it("answers the 6th attempt from one address with 429 and Retry-After, while another address still signs in", async () => {
    const account = await signUp();
    const call = limitedWorker("sign_in_ip=5/15m");
    const attacker = freshAddress();
    const attempt = (password: string, ip: string) =>
      call("/api/auth/sign-in/email", { method: "POST", ip, json: { email: account.email, password } });
    for (let i = 1; i <= 5; i += 1) {
      const res = await attempt(WRONG, attacker);
      expect(res.status, `attempt ${i}: ${await res.clone().text()}`).toBe(401);
    }
    const before = await sessionsOf(account.userId);
    // Even the right password is refused now: the guess is never checked.
    await expectRateLimited(
      await attempt(account.password, attacker),
      /sign-in attempts from this address/,
      900,
    );
    expect(await sessionsOf(account.userId), "no session was created").toBe(before);

    const owner = await attempt(account.password, freshAddress());
    expect(owner.status, await owner.clone().text()).toBe(200);
    expect(await sessionsOf(account.userId)).toBe(before + 1);
  });

  it("counts guesses at one account from many addresses, however the email is spelled", async () => {
    const victim = await signUp();
    const bystander = await signUp();
    const call = limitedWorker("sign_in_email=3/15m");
    const spellings = [
      victim.email,
      ` ${victim.email.toUpperCase()} `,
      victim.email.replace(/^./, (c) => c.toUpperCase()),
    ];
    for (const email of spellings) {
      const res = await call("/api/auth/sign-in/email", {
        method: "POST",
        ip: freshAddress(),
        json: { email, password: WRONG },
      });
      expect([400, 401], await res.clone().text()).toContain(res.status);
    }
    const before = await sessionsOf(victim.userId);
    await expectRateLimited(
      await call("/api/auth/sign-in/email", {
        method: "POST",
        ip: freshAddress(),
        json: { email: victim.email, password: victim.password },
      }),
      /sign-in attempts for this account/,
      900,
    );
    // The same guess sent as a form is the same account.
    await expectRateLimited(
      await call("/api/auth/sign-in/email", {
        method: "POST",
        ip: freshAddress(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: victim.email, password: victim.password }).toString(),
      }),
      /for this account/,
      900,
    );
    expect(await sessionsOf(victim.userId)).toBe(before);

    const other = await call("/api/auth/sign-in/email", {
      method: "POST",
      ip: freshAddress(),
      json: { email: bystander.email, password: bystander.password },
    });
    expect(other.status, await other.clone().text()).toBe(200);
  });

  it("counts in the RateLimiter object: other spellings of the path, other entry points and a restarted object share one count", async () => {
    const account = await signUp();
    const attacker = freshAddress();
    const body = { email: account.email, password: WRONG };
    // Two attempts through the Worker's own binding (another entry point, the suite's lifted limits) …
    for (const path of ["/api/auth/sign-in/email", "/api/auth/Sign-In/email/"]) {
      const res = await SELF.fetch(`${APP_ORIGIN}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP_ORIGIN, "cf-connecting-ip": attacker },
        body: JSON.stringify(body),
      });
      expect([401, 404], await res.clone().text()).toContain(res.status);
    }
    // … are counted where a deployment with a limit of 4 looks.
    const stub = limiterFor("sign_in_ip", attacker);
    expect(
      await runInDurableObject(stub, (limiter) => limiter.count(bucketKey("sign_in_ip", attacker), 900_000)),
    ).toBe(2);

    const call = limitedWorker("sign_in_ip=4/15m");
    const attempt = () => call("/api/auth/sign-in/email", { method: "POST", ip: attacker, json: body });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    // The count is in the object's storage, not in any isolate's memory: it survives a restart.
    await abortAllDurableObjects();
    await expectRateLimited(await attempt(), /sign-in attempts/, 900);
    const stored = await runInDurableObject(
      limiterFor("sign_in_ip", attacker),
      (_limiter, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM hits").one().n,
    );
    expect(stored, "refused attempts take no slot").toBe(4);
  });

  it("counts an IPv6 caller by its /64, so rotating addresses inside it buys nothing", async () => {
    const account = await signUp();
    const call = limitedWorker("sign_in_ip=2/15m");
    const [a = 0, b = 0] = crypto.getRandomValues(new Uint16Array(2));
    const net = `2001:db8:${a.toString(16)}:${b.toString(16)}`;
    for (const host of ["::1", "::2"]) {
      const res = await call("/api/auth/sign-in/email", {
        method: "POST",
        ip: `${net}${host}`,
        json: { email: account.email, password: WRONG },
      });
      expect(res.status).toBe(401);
    }
    await expectRateLimited(
      await call("/api/auth/sign-in/email", {
        method: "POST",
        ip: `${net}:ffff:ffff:ffff:ffff`,
        json: { email: account.email, password: account.password },
      }),
      /from this address/,
      900,
    );
  });

  it("refuses an oversized body before reading it, so padding cannot hide the account", async () => {
    const account = await signUp();
    const call = limitedWorker("sign_in_email=1/15m");
    const padded = `{"email":${JSON.stringify(account.email)},"password":"${WRONG}"${" ".repeat(20_000)}}`;
    await expectError(
      await call("/api/auth/sign-in/email", {
        method: "POST",
        ip: freshAddress(),
        headers: { "content-type": "application/json" },
        body: padded,
      }),
      400,
      "BAD_REQUEST",
      /body: at most 16 KB/,
    );
    const first = await call("/api/auth/sign-in/email", {
      method: "POST",
      ip: freshAddress(),
      json: { email: account.email, password: account.password },
    });
    expect(first.status, await first.clone().text()).toBe(200);
  });
});

describe("sign-up and password reset limits", () => {
  it("refuses the 3rd sign-up from one address and creates no user", async () => {
    const call = limitedWorker("sign_up_ip=2/1h");
    const ip = freshAddress();
    const signUpAs = (email: string) =>
      call("/api/auth/sign-up/email", {
        method: "POST",
        ip,
        json: { name: "Flood", email, password: "correct horse battery staple" },
      });
    expect((await signUpAs(uniqueEmail("flood"))).status).toBe(200);
    expect((await signUpAs(uniqueEmail("flood"))).status).toBe(200);
    const third = uniqueEmail("flood");
    await expectRateLimited(await signUpAs(third), /sign-ups from this address/, 3600);
    const rows = await withDb((db) => db.select().from(user).where(eq(user.email, third)));
    expect(rows).toEqual([]);
  });

  it("sends at most 2 reset emails to one address per hour, whoever asks", async () => {
    const account = await signUp();
    const call = limitedWorker("password_reset_email=2/1h");
    const ask = () =>
      call("/api/auth/request-password-reset", {
        method: "POST",
        ip: freshAddress(),
        json: { email: account.email, redirectTo: "/app/reset-password" },
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    await expectRateLimited(await ask(), /password reset emails for this account/, 3600);
    const sent = await withDb((db) =>
      db
        .select()
        .from(outboxEmails)
        .where(and(eq(outboxEmails.to, account.email), eq(outboxEmails.kind, "password_reset"))),
    );
    expect(sent).toHaveLength(2);
  });

  it("sends at most 2 verification emails to one address per hour, whoever asks", async () => {
    const account = await signUp(undefined, { verified: false });
    const call = limitedWorker("verification_email_email=2/1h");
    const before = await verificationEmailsTo(account.email);
    const ask = () =>
      call("/api/auth/send-verification-email", {
        method: "POST",
        ip: freshAddress(),
        json: { email: account.email, callbackURL: "/app" },
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    await expectRateLimited(await ask(), /verification emails for this account/, 3600);
    expect(await verificationEmailsTo(account.email)).toHaveLength(before.length + 2);
  });

  it("limits reset-token guesses per address", async () => {
    const call = limitedWorker("password_reset_ip=2/1h");
    const ip = freshAddress();
    const guess = () =>
      call("/api/auth/reset-password", {
        method: "POST",
        ip,
        json: { token: `guess${Math.random()}`, newPassword: "a new long password" },
      });
    expect((await guess()).status).toBe(400);
    expect((await guess()).status).toBe(400);
    await expectRateLimited(await guess(), /password resets from this address/, 3600);
  });
});

describe("limits on signed-in actions", () => {
  it("refuses a 3rd API key in the window for one workspace, and stores none", async () => {
    const account = await signUp(); // made one key already, counted like any other
    const call = limitedWorker("api_key_create_workspace=3/1h");
    const create = () =>
      call("/api/keys", { method: "POST", ip: freshAddress(), cookie: account.cookie, json: { name: "k" } });
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(201);
    await expectRateLimited(await create(), /API keys created in this workspace/, 3600);
    const keys = await withDb((db) =>
      db.select().from(apiKeys).where(eq(apiKeys.workspaceId, account.workspaceId)),
    );
    expect(keys).toHaveLength(3);
  });

  it("limits invitation accepts per user: guessing tokens ends in 429, and the real one then waits", async () => {
    const owner = await signUp("Owner");
    const email = uniqueEmail("invitee");
    const invited = await authed(owner.cookie)("/api/workspace/invitations", {
      method: "POST",
      json: { email, role: "member" },
    });
    const { acceptUrl } = (await invited.json()) as { acceptUrl: string };
    const token = acceptUrl.split("#/invite/")[1] as string;
    const invitee = await signUp("Invitee", { email });
    const call = limitedWorker("invitation_accept_user=2/10m");
    const accept = (t: string) =>
      call(`/api/invitations/${t}/accept`, { method: "POST", ip: freshAddress(), cookie: invitee.cookie });
    for (let i = 0; i < 2; i += 1) {
      expect((await accept(`guessedtoken${i}${"x".repeat(20)}`)).status).toBe(404);
    }
    await expectRateLimited(await accept(token), /invitation accepts by this user/, 600);
    const joined = await withDb((db) =>
      db
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, invitee.userId), eq(memberships.workspaceId, owner.workspaceId))),
    );
    expect(joined).toEqual([]);
  });

  it("limits lead imports per workspace, and a refused import adds no lead", async () => {
    const account = await signUp();
    const campaign = await createCampaign(authed(account.cookie));
    const call = limitedWorker("lead_import_workspace=1/10m");
    const upload = (name: string) =>
      call(`/api/campaigns/${campaign.id}/leads/import`, {
        method: "POST",
        ip: freshAddress(),
        cookie: account.apiKey,
        headers: { "content-type": "text/csv" },
        body: `first_name,website\n${name},${name.toLowerCase()}.example.com\n`,
      });
    expect((await upload("Ada")).status).toBe(200);
    await expectRateLimited(await upload("Bob"), /lead imports in this workspace/, 600);
    const rows = await withDb((db) => db.select().from(leads).where(eq(leads.campaignId, campaign.id)));
    expect(rows.map((r) => r.fields.first_name)).toEqual(["Ada"]);
  });
});

describe("the RateLimiter object", () => {
  it("says how long until a slot frees up, and empties itself by alarm once the window has passed", async () => {
    const key = bucketKey("sign_in_ip", `alarm-${freshAddress()}`);
    const ns = env.RATE_LIMITER;
    const stub = ns.get(ns.idFromName(key));
    expect(await stub.consume(key, 2, 1_000)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await stub.consume(key, 2, 1_000)).toMatchObject({ allowed: true, remaining: 0 });
    const refused = await stub.consume(key, 2, 1_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    await expect
      .poll(
        async () => {
          await runDurableObjectAlarm(stub);
          return runInDurableObject(stub, async (_limiter, state) => ({
            tables: state.storage.sql
              .exec<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE name = 'hits'")
              .one().n,
            alarm: await state.storage.getAlarm(),
          }));
        },
        { timeout: 5_000, interval: 250 },
      )
      .toEqual({ tables: 0, alarm: null });
    // Emptied, it starts again from nothing.
    expect(await stub.consume(key, 2, 1_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("refuses when the limiter cannot be asked: a limit that gives way under load is no limit", async () => {
    const broken = {
      idFromName: () => {
        throw new Error("Durable Object is overloaded");
      },
    };
    const account = await signUp();
    const res = await workerWith({ RATE_LIMITER: broken })("/api/auth/sign-in/email", {
      method: "POST",
      ip: freshAddress(),
      json: { email: account.email, password: account.password },
    });
    await expectRateLimited(res, /rate limiter did not answer/, 5);
  });
});

describe("RATE_LIMITS", () => {
  it("names a malformed or unknown entry in the environment error", async () => {
    const res = await limitedWorker("sign_in_ip=lots,bogus_rule=5/1m")("/api/health");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status, JSON.stringify(body)).toBe(500);
    expect(body.error.message).toMatch(/RATE_LIMITS.*sign_in_ip=lots.*name=count\/window/);
    expect(body.error.message).toMatch(/"bogus_rule" is not a rate limit/);
  });
});

const verificationEmailsTo = (email: string) =>
  withDb((db) =>
    db
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.to, email), eq(outboxEmails.kind, "email_verification"))),
  );
