import { env } from "cloudflare:test";
import { type FakeSentryEvent, fakeSentryDsn, fakeSentryEvents } from "@loom-lite/testkit/fake-sentry";
import { describe, expect, inject, it } from "vitest";
import { sentryOptions } from "../src/lib/error-tracking";
import { workerWith } from "./helpers/worker-with";

/**
 * Sentry on the Worker (SENTRY_DSN): an error the API answers with a 500 reaches Sentry's envelope
 * endpoint (the fake of test/fake-servers.ts) tagged with the request id the caller was given, and
 * without what the caller sent. Each test uses a project of its own on the fake.
 */

const fakeUrl = inject("fakeUrl");
let projects = 0;
const newProject = () => `${crypto.getRandomValues(new Uint32Array(1))[0]}${++projects}`;

/** A PostgreSQL address where nothing listens: every database call fails, as when the database is down. */
const DATABASE_DOWN = "postgres://loom:loom@127.0.0.1:1/loom";

async function eventsOf(project: string, count: number): Promise<FakeSentryEvent[]> {
  let events: FakeSentryEvent[] = [];
  await expect
    .poll(async () => {
      events = await fakeSentryEvents(fakeUrl, project);
      return events.length;
    })
    .toBe(count);
  return events;
}

describe("error tracking", () => {
  it("reports an unhandled error with the request id as a tag, and nothing the caller sent", async () => {
    const project = newProject();
    const worker = workerWith({ SENTRY_DSN: fakeSentryDsn(fakeUrl, project), DATABASE_URL: DATABASE_DOWN });
    const res = await worker("/api/campaigns?token=secret-query", {
      method: "POST",
      headers: {
        authorization: "Bearer ll_live_secretapikeyvalue",
        cookie: "better-auth.session_token=prospect-cookie-value",
      },
      json: { name: "Acme prospect list", email: "maria@prospect.example" },
    });
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(res.status, JSON.stringify(body)).toBe(500);
    expect(body.error.code).toBe("INTERNAL");

    const [event] = await eventsOf(project, 1);
    expect(event?.tags, JSON.stringify(event)).toMatchObject({ request_id: body.error.requestId });
    expect(event?.exception?.values?.length).toBeGreaterThan(0);
    const sent = JSON.stringify(event);
    for (const secret of [
      "prospect-cookie-value",
      "secretapikeyvalue",
      "maria@prospect.example",
      "Acme prospect",
      "secret-query",
    ]) {
      expect(sent, `the event carries ${secret}`).not.toContain(secret);
    }
    // The failed query's bound values (here the API key's hash) stay out too.
    expect(event?.exception?.values?.map((v) => v.value).join("\n")).toContain("params: [removed]");
    expect(sent).not.toMatch(/params: (?!\[removed\])/);
    expect(event?.request).toEqual({ method: "POST", url: "http://localhost/api/campaigns" });
  });

  it("sends nothing and starts no client when SENTRY_DSN is unset", async () => {
    expect(sentryOptions({ ...env, SENTRY_DSN: undefined })).toBeUndefined();
    expect(sentryOptions({ ...env, SENTRY_DSN: "  " })).toBeUndefined();
    expect(sentryOptions({ SENTRY_DSN: fakeSentryDsn(fakeUrl, 1) })).toMatchObject({
      dataCollection: { cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    });
    // The same failing request without a DSN is answered the same.
    const res = await workerWith({ DATABASE_URL: DATABASE_DOWN })("/api/campaigns", {
      headers: { authorization: "Bearer ll_live_secretapikeyvalue" },
    });
    expect(res.status).toBe(500);
  });
});
