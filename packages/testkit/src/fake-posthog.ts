import type { IncomingMessage, ServerResponse } from "node:http";
import { readText, sendJson } from "./http-body";

/** An event as PostHog's capture endpoint received it. */
export interface FakePostHogEvent {
  api_key: string;
  event: string;
  distinct_id: string;
  properties?: Record<string, unknown>;
  timestamp?: string;
}

/**
 * PostHog's capture API (`POST /i/v0/e/`, and its older name `/capture/`): one JSON event with
 * `api_key`, `event` and `distinct_id` (top level or in `properties`), else 400 as PostHog answers.
 * `GET /_fake/posthog/<api_key>/events` lists what a project key got (one key per test keeps them apart).
 */
export function createFakePostHog() {
  const events = new Map<string, FakePostHogEvent[]>();

  /** Answers the request when it is PostHog's; returns false to let other fakes route it. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method === "POST" && (url.pathname === "/i/v0/e/" || url.pathname === "/capture/")) {
      let body: Partial<FakePostHogEvent>;
      try {
        body = JSON.parse(await readText(req)) as Partial<FakePostHogEvent>;
      } catch {
        sendJson(res, 400, {
          type: "validation_error",
          code: "invalid_payload",
          detail: "Malformed request data",
        });
        return true;
      }
      const distinctId = body.distinct_id ?? (body.properties?.distinct_id as string | undefined);
      if (!body.api_key || !body.event || !distinctId) {
        sendJson(res, 400, {
          type: "validation_error",
          code: "invalid_payload",
          detail: "api_key, event and distinct_id are required",
        });
        return true;
      }
      const event = { ...body, distinct_id: distinctId } as FakePostHogEvent;
      events.set(body.api_key, [...(events.get(body.api_key) ?? []), event]);
      sendJson(res, 200, { status: 1 });
      return true;
    }
    const list = /^\/_fake\/posthog\/([\w-]+)\/events$/.exec(url.pathname);
    if (list?.[1]) {
      sendJson(res, 200, events.get(list[1]) ?? []);
      return true;
    }
    return false;
  };
}

/** The events a project key of the fake got so far. */
export async function fakePostHogEvents(fakeUrl: string, apiKey: string): Promise<FakePostHogEvent[]> {
  return (await (await fetch(`${fakeUrl}/_fake/posthog/${apiKey}/events`)).json()) as FakePostHogEvent[];
}
