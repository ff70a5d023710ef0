import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pRetry, { AbortError } from "p-retry";
import { timeoutSignal } from "../../core/timeout-signal";
import { readWithProgress, transferTimeoutMs } from "../../service/transfers";

export interface BunnyStorageOptions {
  /** Storage endpoint host of the zone's region, e.g. `storage.bunnycdn.com`, or a full http(s) origin. */
  host: string;
  zone: string;
  /** The storage zone password (sent as `AccessKey`). */
  accessKey: string;
  /** Retries after network errors and 5xx answers. */
  retries?: number;
  /** Per attempt, including the body transfer; by default it grows with the file's size. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Bunny Storage answered with an error status; 5xx is retried, 4xx is not. */
export class BunnyStorageError extends Error {
  override readonly name = "BunnyStorageError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Uppercase hex SHA-256 of a file, read as a stream (Bunny's `Checksum` header). */
export async function fileSha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash, { signal });
  return hash.digest("hex").toUpperCase();
}

/** Bunny Storage's HTTP API (https://docs.bunny.net/storage/http): PUT and DELETE of one object. */
export class BunnyStorage {
  private readonly origin: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: BunnyStorageOptions) {
    const host = options.host.replace(/\/+$/, "");
    this.origin = /^https?:\/\//i.test(host) ? host : `https://${host}`;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  url(key: string): string {
    const path = key.split("/").map(encodeURIComponent).join("/");
    return `${this.origin}/${encodeURIComponent(this.options.zone)}/${path}`;
  }

  /** Streams a file to `key` with its checksum; retried from the file's start after 5xx or a network error. */
  async putFile(
    key: string,
    file: string,
    contentType: string,
    signal?: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<void> {
    const checksum = await fileSha256(file, signal);
    const { size } = await stat(file);
    await this.send("PUT", key, signal, transferTimeoutMs(size), () => ({
      headers: {
        "content-type": contentType,
        "content-length": String(size),
        checksum,
      },
      body: Readable.toWeb(readWithProgress(file, onBytes)) as unknown as BodyInit,
    }));
  }

  /** Removes `key`; a key that is already gone is not an error. */
  async delete(key: string, signal?: AbortSignal): Promise<void> {
    await this.send("DELETE", key, signal, transferTimeoutMs(0), () => ({ headers: {} }), [404]);
  }

  private async send(
    method: "PUT" | "DELETE",
    key: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    request: () => { headers: Record<string, string>; body?: BodyInit },
    okStatuses: number[] = [],
  ): Promise<void> {
    const url = this.url(key);
    const attempt = async () => {
      const { headers, body } = request();
      const res = await this.fetch(url, {
        method,
        headers: { accesskey: this.options.accessKey, ...headers },
        body,
        signal: timeoutSignal(this.options.timeoutMs ?? timeoutMs, signal),
        ...(body ? { duplex: "half" } : {}),
      } as RequestInit);
      const text = await res.text().catch(() => "");
      if (res.ok || okStatuses.includes(res.status)) return;
      const error = new BunnyStorageError(
        res.status,
        describe(method, key, this.options.zone, res.status, text),
      );
      if (res.status < 500) throw new AbortError(error);
      throw error;
    };
    await pRetry(attempt, {
      retries: this.options.retries ?? 4,
      factor: 2,
      minTimeout: 300,
      maxTimeout: 5_000,
      randomize: true,
      signal,
      shouldRetry: () => !signal?.aborted,
    });
  }
}

function describe(method: string, key: string, zone: string, status: number, text: string): string {
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { Message?: string }).Message ?? message;
  } catch {
    // Not Bunny's JSON shape; keep the raw text.
  }
  const hint =
    status === 401
      ? ` (check BUNNY_STORAGE_KEY is the password of storage zone "${zone}" and BUNNY_STORAGE_ZONE/BUNNY_STORAGE_HOST match it)`
      : "";
  return `Bunny Storage ${method} ${key} answered ${status}: ${message || "no message"}${hint}`;
}
