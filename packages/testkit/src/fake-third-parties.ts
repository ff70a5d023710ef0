import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createFakeBunnyStorage, FAKE_BUNNY_KEY, FAKE_BUNNY_ZONE } from "./fake-bunny-storage";
import { createFakePostHog } from "./fake-posthog";
import { createFakeResend, FAKE_RESEND_KEY } from "./fake-resend";
import { createFakeSentry } from "./fake-sentry";
import { readText, sendJson } from "./http-body";

export { FAKE_BUNNY_KEY, FAKE_BUNNY_ZONE };

export const FAKE_CF_TOKEN = "test-cloudflare-api-token-0123456789";
export const FAKE_CF_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
export const FAKE_CUSTOM_DOMAIN_TARGET = "customers.loom-lite.test";

export interface FakeThirdParties {
  /** http://127.0.0.1:<port> */
  url: string;
  close: () => Promise<void>;
}

/** The Worker's variables that point custom domains at the fake Cloudflare API below. */
export function fakeCloudflareVars(fakeUrl: string): Record<string, string> {
  return {
    CLOUDFLARE_API_BASE: `${fakeUrl}/client/v4`,
    CLOUDFLARE_API_TOKEN: FAKE_CF_TOKEN,
    CLOUDFLARE_ZONE_ID: FAKE_CF_ZONE_ID,
    CUSTOM_DOMAIN_TARGET: FAKE_CUSTOM_DOMAIN_TARGET,
  };
}

/** The Worker's variables that point Bunny Storage deletions at the fake Bunny Storage below. */
export function fakeBunnyVars(fakeUrl: string): Record<string, string> {
  return {
    BUNNY_STORAGE_HOST: fakeUrl,
    BUNNY_STORAGE_ZONE: FAKE_BUNNY_ZONE,
    BUNNY_STORAGE_KEY: FAKE_BUNNY_KEY,
  };
}

/**
 * The Worker's variables that send the outbox's e-mails through the fake Resend below. Only the suites
 * about e-mail delivery set them: everywhere else the outbox is the delivery, as on a local stack.
 */
export function fakeResendVars(fakeUrl: string): Record<string, string> {
  return {
    RESEND_API_KEY: FAKE_RESEND_KEY,
    RESEND_API_URL: fakeUrl,
    EMAIL_FROM: "Loom-Lite <no-reply@loom-lite.test>",
  };
}

/**
 * Third parties the Worker talks to, on 127.0.0.1, reached by workerd over real HTTP:
 * - webhook receivers: `POST /hooks/<name>` answers 500 when the name starts with `fail`, never
 *   answers when it starts with `hang` (the connection stays open until the sender gives up), else
 *   200, and keeps what it got for `GET /hooks/<name>/received`;
 * - the Cloudflare API's custom hostnames (`/client/v4/zones/:zone/custom_hostnames[/:id]`) in its
 *   documented envelope `{ success, errors, messages, result }`; `POST /_fake/cf/activate/<hostname>`
 *   plays the customer creating their DNS records (status and certificate become active), and
 *   `GET /_fake/cf/hostnames/<hostname>` says whether Cloudflare still has it;
 * - Bunny Storage's HTTP API for the zone FAKE_BUNNY_ZONE (see fake-bunny-storage.ts);
 * - Resend's `POST /emails` (see fake-resend.ts);
 * - Sentry's envelope ingest endpoint (see fake-sentry.ts);
 * - PostHog's capture API (see fake-posthog.ts).
 */
export async function startFakeThirdParties(): Promise<FakeThirdParties> {
  const received = new Map<string, Array<{ headers: Record<string, string>; body: string; at: number }>>();
  const hostnames = new Map<string, Record<string, unknown>>();
  const cfRequests: Array<{ method: string; path: string }> = [];

  const cf = (
    res: ServerResponse,
    status: number,
    result: unknown,
    errors: Array<{ code: number; message: string }> = [],
  ) => sendJson(res, status, { success: errors.length === 0, errors, messages: [], result });

  const bunny = createFakeBunnyStorage();
  const resend = createFakeResend();
  const sentry = createFakeSentry();
  const posthog = createFakePostHog();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    if (await resend(req, res, url)) return;
    if (await bunny(req, res, url)) return;
    if (await sentry(req, res, url)) return;
    if (await posthog(req, res, url)) return;
    const body = await readText(req);
    const hook = /^\/hooks\/([\w-]+)(\/received)?$/.exec(url.pathname);
    if (hook?.[1]) {
      const name = hook[1];
      if (hook[2]) return sendJson(res, 200, received.get(name) ?? []);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.set(name, [...(received.get(name) ?? []), { headers, body, at: Date.now() }]);
      if (name.startsWith("hang")) {
        setTimeout(() => res.destroy(), 60_000).unref();
        return;
      }
      return sendJson(res, name.startsWith("fail") ? 500 : 200, { ok: !name.startsWith("fail") });
    }

    const lookup = /^\/_fake\/cf\/hostnames\/([^/]+)$/.exec(url.pathname);
    if (lookup?.[1]) {
      const found = [...hostnames.values()].find((h) => h.hostname === lookup[1]);
      return found ? sendJson(res, 200, found) : sendJson(res, 404, { error: "no such hostname" });
    }
    const activate = req.method === "POST" ? /^\/_fake\/cf\/activate\/([^/]+)$/.exec(url.pathname) : null;
    if (activate?.[1]) {
      const found = [...hostnames.values()].find((h) => h.hostname === activate[1]);
      if (!found) return sendJson(res, 404, { error: "no such hostname" });
      found.status = "active";
      found.ssl = { ...(found.ssl as object), status: "active" };
      return sendJson(res, 200, found);
    }
    if (url.pathname === "/_fake/cf/requests") return sendJson(res, 200, cfRequests);

    const ch = /^\/client\/v4\/zones\/([0-9a-f]{32})\/custom_hostnames(?:\/([\w-]+))?$/.exec(url.pathname);
    if (ch) {
      cfRequests.push({ method: req.method ?? "", path: url.pathname });
      if (req.headers.authorization !== `Bearer ${FAKE_CF_TOKEN}`) {
        return cf(res, 403, null, [{ code: 10000, message: "Authentication error" }]);
      }
      const id = ch[2];
      if (req.method === "POST" && !id) {
        const input = JSON.parse(body || "{}") as {
          hostname?: string;
          ssl?: { method?: string; type?: string };
        };
        if (!input.hostname)
          return cf(res, 400, null, [{ code: 1411, message: "Custom hostname is required" }]);
        if ([...hostnames.values()].some((h) => h.hostname === input.hostname)) {
          return cf(res, 409, null, [{ code: 1406, message: "Duplicate custom hostname found." }]);
        }
        const created = {
          id: randomUUID(),
          hostname: input.hostname,
          status: "pending",
          ssl: {
            id: randomUUID(),
            type: input.ssl?.type ?? "dv",
            method: input.ssl?.method ?? "http",
            status: "pending_validation",
            txt_name: `_acme-challenge.${input.hostname}`,
            txt_value: randomUUID().replaceAll("-", ""),
            validation_records: [
              { txt_name: `_acme-challenge.${input.hostname}`, txt_value: randomUUID().replaceAll("-", "") },
            ],
          },
          ownership_verification: {
            type: "txt",
            name: `_cf-custom-hostname.${input.hostname}`,
            value: randomUUID(),
          },
          created_at: new Date().toISOString(),
        };
        hostnames.set(created.id, created);
        return cf(res, 200, created);
      }
      const existing = id ? hostnames.get(id) : undefined;
      if (!existing)
        return cf(res, 404, null, [{ code: 1436, message: "The custom hostname was not found." }]);
      if (req.method === "GET") return cf(res, 200, existing);
      if (req.method === "DELETE") {
        hostnames.delete(existing.id as string);
        return cf(res, 200, { id: existing.id });
      }
    }
    sendJson(res, 404, { error: `fake: no route for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
