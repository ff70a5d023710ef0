import type { IncomingMessage, ServerResponse } from "node:http";

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
  const readText = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let data = "";
      req.on("data", (c) => {
        data += c;
      });
      req.on("end", () => resolve(data));
      req.on("error", reject);
    });
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  /** Answers the request when it is PostHog's; returns false to let other fakes route it. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (req.method === "POST" && (url.pathname === "/i/v0/e/" || url.pathname === "/capture/")) {
      let body: Partial<FakePostHogEvent>;
      try {
        body = JSON.parse(await readText(req)) as Partial<FakePostHogEvent>;
      } catch {
        json(res, 400, {
          type: "validation_error",
          code: "invalid_payload",
          detail: "Malformed request data",
        });
        return true;
      }
      const distinctId = body.distinct_id ?? (body.properties?.distinct_id as string | undefined);
      if (!body.api_key || !body.event || !distinctId) {
        json(res, 400, {
          type: "validation_error",
          code: "invalid_payload",
          detail: "api_key, event and distinct_id are required",
        });
        return true;
      }
      const event = { ...body, distinct_id: distinctId } as FakePostHogEvent;
      events.set(body.api_key, [...(events.get(body.api_key) ?? []), event]);
      json(res, 200, { status: 1 });
      return true;
    }
    const list = /^\/_fake\/posthog\/([\w-]+)\/events$/.exec(url.pathname);
    if (list?.[1]) {
      json(res, 200, events.get(list[1]) ?? []);
      return true;
    }
    return false;
  };
}

/** The events a project key of the fake got so far. */
export async function fakePostHogEvents(fakeUrl: string, apiKey: string): Promise<FakePostHogEvent[]> {
  return (await (await fetch(`${fakeUrl}/_fake/posthog/${apiKey}/events`)).json()) as FakePostHogEvent[];
}
