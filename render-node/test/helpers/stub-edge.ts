import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ArtifactNameSchema,
  ClaimRequestSchema,
  CompleteRequestSchema,
  FailRequestSchema,
  FENCE_HEADER,
  type HeartbeatRequest,
  HeartbeatRequestSchema,
  type RenderJob,
} from "@loom-lite/schema";
import type { z } from "zod";

/**
 * The edge's /nodes/v1 protocol as the node sees it, for driving one node in-process. Every body the
 * node sends is parsed with the shared contract, so a malformed request fails the test. The real
 * edge's behaviour (gate, fencing across nodes, retries) is covered by the integration suite.
 */
export interface StubEdge {
  url: string;
  token: string;
  queue: { job: RenderJob; fence: number }[];
  claims: number;
  heartbeats: { renderId: string; body: HeartbeatRequest; at: number }[];
  artifacts: Map<string, { body: Buffer; fence: string | undefined; contentType: string | undefined }>;
  completes: { renderId: string; body: z.output<typeof CompleteRequestSchema> }[];
  fails: { renderId: string; body: z.output<typeof FailRequestSchema>; at: number }[];
  /** Render ids whose next heartbeat answers cancel: true. */
  cancel: Set<string>;
  /** Render ids whose heartbeats answer 409. */
  leaseLost: Set<string>;
  errors: string[];
  close(): Promise<void>;
}

export async function startStubEdge(options: { facecamFile: string; token?: string }): Promise<StubEdge> {
  const token = options.token ?? "nd_test_token";
  const state: Omit<StubEdge, "url" | "close"> = {
    token,
    queue: [],
    claims: 0,
    heartbeats: [],
    artifacts: new Map(),
    completes: [],
    fails: [],
    cancel: new Set(),
    leaseLost: new Set(),
    errors: [],
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      state.errors.push(String(error));
      send(res, 500, { error: { code: "INTERNAL", message: String(error) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(res, 401, { error: { code: "UNAUTHORIZED", message: "bad node token" } });
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const parts = url.pathname.split("/").filter(Boolean);
    if (req.method === "POST" && url.pathname === "/nodes/v1/claim") {
      const body = await parse(req, res, ClaimRequestSchema);
      if (!body) return;
      state.claims += 1;
      const next = state.queue.shift();
      const lease = next
        ? {
            id: `lease_${next.job.renderId}`,
            fence: next.fence,
            expiresAt: new Date(Date.now() + 30_000).toISOString(),
          }
        : null;
      send(res, 200, { job: next?.job ?? null, lease });
      return;
    }
    if (req.method === "GET" && parts[0] === "nodes" && parts[2] === "assets") {
      res.writeHead(200, { "content-type": "video/mp4" });
      createReadStream(options.facecamFile).pipe(res);
      return;
    }
    const renderId = parts[3] ?? "";
    const action = parts[4];
    if (req.method === "POST" && action === "heartbeat") {
      const body = await parse(req, res, HeartbeatRequestSchema);
      if (!body) return;
      state.heartbeats.push({ renderId, body, at: Date.now() });
      if (state.leaseLost.has(renderId)) {
        send(res, 409, { error: { code: "CONFLICT", message: "stale fence" } });
        return;
      }
      send(res, 200, {
        cancel: state.cancel.has(renderId),
        leaseExpiresAt: new Date(Date.now() + 30_000).toISOString(),
      });
      return;
    }
    if (req.method === "PUT" && action === "artifacts") {
      const name = ArtifactNameSchema.safeParse(parts[5]);
      if (!name.success) {
        send(res, 400, { error: { code: "BAD_REQUEST", message: "unknown artifact" } });
        return;
      }
      const body = await readBody(req);
      state.artifacts.set(name.data, {
        body,
        fence: req.headers[FENCE_HEADER] as string | undefined,
        contentType: req.headers["content-type"],
      });
      res.writeHead(204).end();
      return;
    }
    if (req.method === "POST" && action === "complete") {
      const body = await parse(req, res, CompleteRequestSchema);
      if (!body) return;
      state.completes.push({ renderId, body });
      send(res, 200, { state: "done" });
      return;
    }
    if (req.method === "POST" && action === "fail") {
      const body = await parse(req, res, FailRequestSchema);
      if (!body) return;
      state.fails.push({ renderId, body, at: Date.now() });
      send(res, 200, { state: body.cancelled ? "cancelled" : body.retryable ? "queued" : "failed" });
      return;
    }
    send(res, 404, { error: { code: "NOT_FOUND", message: `${req.method} ${url.pathname}` } });
  }

  async function parse<T extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: T) {
    const text = (await readBody(req)).toString("utf8");
    const parsed = schema.safeParse(JSON.parse(text || "{}"));
    if (!parsed.success) {
      state.errors.push(`${req.url}: ${parsed.error.message}`);
      send(res, 400, { error: { code: "BAD_REQUEST", message: parsed.error.message } });
      return undefined;
    }
    return parsed.data as z.output<T>;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

let counter = 0;
/** A job as the edge would hand it out, for a scene spec given in its input form. */
export function makeJob(spec: RenderJob["spec"], fields: Record<string, string>): RenderJob {
  counter += 1;
  return {
    renderId: `rnd_test${Date.now().toString(36)}${counter}`,
    workspaceId: "ws_test",
    campaignId: "cmp_test",
    leadId: `ld_test${counter}`,
    attempt: 1,
    fields,
    spec,
    facecamPath: "/nodes/v1/assets/ast_test",
  };
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
