import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  type ArtifactName,
  type BunnyUploadRequest,
  type BunnyUploadResponse,
  BunnyUploadResponseSchema,
  type ClaimResponse,
  ClaimResponseSchema,
  type CompleteRequestInput,
  type FailRequest,
  FENCE_HEADER,
  type HeartbeatRequest,
  type HeartbeatResponse,
  HeartbeatResponseSchema,
} from "@loom-lite/schema";
import pRetry, { AbortError } from "p-retry";
import type { z } from "zod";
import { timeoutSignal } from "../core/timeout-signal";
import { readWithProgress, transferTimeoutMs } from "./transfers";

/** The edge answered with an error status; 5xx is retried, 4xx is not. */
export class EdgeHttpError extends Error {
  override readonly name = "EdgeHttpError";
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** 409: the lease this node holds is stale or gone; another attempt owns the render now. */
export class LeaseLostError extends EdgeHttpError {}

export interface EdgeClientOptions {
  baseUrl: string;
  token: string;
  /** Per request, including the body transfer. */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

interface RequestOptions {
  method: "GET" | "POST" | "PUT";
  json?: unknown;
  /** Called per attempt, so a retried upload re-reads its file from the start. */
  body?: () => Promise<{ stream: Readable; length: number }>;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** How often to retry network errors and 5xx answers. */
  retries: number;
  /** Whole-request timeout per attempt. */
  timeoutMs?: number;
}

const RETRY_DEFAULTS = { factor: 2, minTimeout: 300, maxTimeout: 5_000, randomize: true };

/** The node side of the /nodes/v1 protocol. Bodies and answers are the zod contracts of @loom-lite/schema. */
export class EdgeClient {
  private readonly fetch: typeof fetch;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: EdgeClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  async claim(freeSlots: number, version: string, signal?: AbortSignal): Promise<ClaimResponse> {
    const res = await this.request("/nodes/v1/claim", {
      method: "POST",
      json: { freeSlots, version },
      signal,
      retries: 1,
    });
    return parseBody(res, ClaimResponseSchema, "claim");
  }

  async heartbeat(
    renderId: string,
    body: HeartbeatRequest,
    signal?: AbortSignal,
  ): Promise<HeartbeatResponse> {
    const res = await this.request(`/nodes/v1/renders/${encodeURIComponent(renderId)}/heartbeat`, {
      method: "POST",
      json: body,
      signal,
      retries: 1,
    });
    return parseBody(res, HeartbeatResponseSchema, "heartbeat");
  }

  /** Streams a file the edge serves to the node (the facecam) to `dest`. */
  async download(pathOrUrl: string, dest: string, signal?: AbortSignal): Promise<number> {
    // The facecam is at most a few hundred MB; its size is not known before the answer.
    const res = await this.request(pathOrUrl, { method: "GET", signal, retries: 4, timeoutMs: 10 * 60_000 });
    if (!res.body) throw new EdgeHttpError(res.status, undefined, `GET ${pathOrUrl} returned no body`);
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(dest), {
      signal,
    });
    return (await stat(dest)).size;
  }

  async uploadArtifact(
    renderId: string,
    name: ArtifactName,
    file: string,
    fence: number,
    contentType: string,
    signal?: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<void> {
    const { size } = await stat(file);
    await this.request(
      `/nodes/v1/renders/${encodeURIComponent(renderId)}/artifacts/${encodeURIComponent(name)}`,
      {
        method: "PUT",
        headers: { "content-type": contentType, [FENCE_HEADER]: String(fence) },
        body: async () => ({ stream: readWithProgress(file, onBytes), length: size }),
        signal,
        retries: 4,
        timeoutMs: transferTimeoutMs(size),
      },
    );
  }

  /** Tells the edge, before the PUT, which artifact goes to Bunny Storage; answers the key to use. */
  async announceBunnyUpload(
    renderId: string,
    body: BunnyUploadRequest,
    signal?: AbortSignal,
  ): Promise<BunnyUploadResponse> {
    const res = await this.request(`/nodes/v1/renders/${encodeURIComponent(renderId)}/artifacts/bunny`, {
      method: "POST",
      json: body,
      signal,
      retries: 4,
    });
    return parseBody(res, BunnyUploadResponseSchema, "announce Bunny upload");
  }

  async complete(renderId: string, body: CompleteRequestInput, signal?: AbortSignal): Promise<void> {
    await this.request(`/nodes/v1/renders/${encodeURIComponent(renderId)}/complete`, {
      method: "POST",
      json: body,
      signal,
      retries: 5,
    });
  }

  async fail(renderId: string, body: FailRequest, signal?: AbortSignal): Promise<void> {
    await this.request(`/nodes/v1/renders/${encodeURIComponent(renderId)}/fail`, {
      method: "POST",
      json: body,
      signal,
      retries: 5,
    });
  }

  /** A path on the edge, or an absolute URL on the edge's own origin (the token never leaves it). */
  resolve(pathOrUrl: string): string {
    const base = new URL(`${this.options.baseUrl.replace(/\/+$/, "")}/`);
    const url = /^https?:\/\//i.test(pathOrUrl)
      ? new URL(pathOrUrl)
      : new URL(pathOrUrl.replace(/^\/+/, ""), base);
    if (url.origin !== base.origin) {
      throw new EdgeHttpError(0, undefined, `refusing to send the node token to ${url.origin}`);
    }
    return url.toString();
  }

  private async request(pathOrUrl: string, options: RequestOptions): Promise<Response> {
    const url = this.resolve(pathOrUrl);
    const attempt = async () => {
      const signal = timeoutSignal(options.timeoutMs ?? this.requestTimeoutMs, options.signal);
      const headers: Record<string, string> = {
        authorization: `Bearer ${this.options.token}`,
        ...options.headers,
      };
      let body: BodyInit | undefined;
      let duplex: "half" | undefined;
      if (options.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(options.json);
      } else if (options.body) {
        const { stream, length } = await options.body();
        headers["content-length"] = String(length);
        body = Readable.toWeb(stream) as unknown as BodyInit;
        duplex = "half";
      }
      const res = await this.fetch(url, {
        method: options.method,
        headers,
        body,
        signal,
        ...(duplex ? { duplex } : {}),
      } as RequestInit);
      if (res.ok) return res;
      const error = await httpError(res, `${options.method} ${new URL(url).pathname}`);
      // 4xx will not get better by asking again.
      if (res.status < 500) throw new AbortError(error);
      throw error;
    };
    return pRetry(attempt, {
      ...RETRY_DEFAULTS,
      retries: options.retries,
      signal: options.signal,
      shouldRetry: ({ error }) => !options.signal?.aborted && !(error instanceof SyntaxError),
    });
  }
}

async function httpError(res: Response, what: string): Promise<EdgeHttpError> {
  const text = await res.text().catch(() => "");
  let code: string | undefined;
  let message = text.slice(0, 500);
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = parsed.error?.code;
    message = parsed.error?.message ?? message;
  } catch {
    // Not the edge's JSON error shape (a proxy page, for instance); keep the raw text.
  }
  const full = `${what} answered ${res.status}${code ? ` ${code}` : ""}: ${message || res.statusText}`;
  return res.status === 409
    ? new LeaseLostError(res.status, code, full)
    : new EdgeHttpError(res.status, code, full);
}

async function parseBody<T extends z.ZodType>(res: Response, schema: T, what: string): Promise<z.output<T>> {
  const json: unknown = await res.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new EdgeHttpError(
      res.status,
      undefined,
      `${what} answered an unexpected body: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
