import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { parseEnvelope } from "@sentry/core";
import { readBytes, sendJson } from "./http-body";

/** The key every fake DSN carries; the fake refuses envelopes without it, as Sentry refuses a wrong key. */
const FAKE_SENTRY_KEY = "0123456789abcdef0123456789abcdef";

/** A DSN whose events go to the fake below, under its own project (one per test keeps them apart). */
export function fakeSentryDsn(fakeUrl: string, project: string | number): string {
  const u = new URL(fakeUrl);
  return `${u.protocol}//${FAKE_SENTRY_KEY}@${u.host}/${project}`;
}

/** An item of an envelope as the fake received it: its item header and its payload (JSON when it was). */
interface ReceivedSentryItem {
  type: string;
  payload: unknown;
}

interface ReceivedSentryEnvelope {
  headers: Record<string, unknown>;
  items: ReceivedSentryItem[];
}

/**
 * Sentry's ingest endpoint for envelopes (`POST /api/<project>/envelope/`, newline-delimited: envelope
 * header, then an item header and payload per item; the key in `X-Sentry-Auth` or `?sentry_key=`),
 * parsed with the SDK's own `parseEnvelope`. `GET /_fake/sentry/<project>/envelopes` lists what a
 * project got; `GET /_fake/sentry/<project>/events` its error events (items of type `event`).
 */
export function createFakeSentry() {
  const envelopes = new Map<string, ReceivedSentryEnvelope[]>();

  const keyOf = (req: IncomingMessage, url: URL) =>
    url.searchParams.get("sentry_key") ??
    /sentry_key=([^,\s]+)/.exec(String(req.headers["x-sentry-auth"] ?? ""))?.[1];

  /** Answers the request when it is Sentry's; returns false to let other fakes route it. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const ingest = /^\/api\/(\w+)\/envelope\/?$/.exec(url.pathname);
    if (ingest?.[1] && req.method === "POST") {
      const raw = await readBytes(req);
      if (keyOf(req, url) !== FAKE_SENTRY_KEY) {
        sendJson(res, 401, { detail: "invalid api key" });
        return true;
      }
      const bytes = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const [headers, items] = parseEnvelope(new Uint8Array(bytes));
      const received: ReceivedSentryEnvelope = {
        headers: headers as Record<string, unknown>,
        items: items.map(([itemHeader, payload]) => ({
          type: String(itemHeader.type),
          payload: payload instanceof Uint8Array ? new TextDecoder().decode(payload) : payload,
        })),
      };
      envelopes.set(ingest[1], [...(envelopes.get(ingest[1]) ?? []), received]);
      sendJson(res, 200, { id: received.headers.event_id ?? null });
      return true;
    }
    const list = /^\/_fake\/sentry\/(\w+)\/(envelopes|events)$/.exec(url.pathname);
    if (list?.[1]) {
      const got = envelopes.get(list[1]) ?? [];
      sendJson(
        res,
        200,
        list[2] === "envelopes"
          ? got
          : got.flatMap((e) => e.items.filter((i) => i.type === "event").map((i) => i.payload)),
      );
      return true;
    }
    return false;
  };
}

/** The parts of a Sentry error event the tests read. */
export interface FakeSentryEvent {
  event_id: string;
  level?: string;
  message?: string | { formatted?: string };
  tags?: Record<string, string>;
  exception?: { values?: Array<{ type?: string; value?: string }> };
  request?: Record<string, unknown>;
  user?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

/** The error events a project of the fake got so far. */
export async function fakeSentryEvents(
  fakeUrl: string,
  project: string | number,
): Promise<FakeSentryEvent[]> {
  const res = await fetch(`${fakeUrl}/_fake/sentry/${project}/events`);
  return (await res.json()) as FakeSentryEvent[];
}
