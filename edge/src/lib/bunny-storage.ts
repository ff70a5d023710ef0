/** Bunny Storage's HTTP API (https://docs.bunny.net/storage/http), as the edge needs it: DELETE. */
export interface BunnyStorageClient {
  /** The storage zone this client deletes from. */
  readonly zone: string;
  /** Removes one object; one that is already gone is not an error. True when it was there. */
  delete(key: string): Promise<boolean>;
}

export class BunnyStorageError extends Error {
  override readonly name = "BunnyStorageError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function bunnyStorageClient(options: {
  /** Region host (`storage.bunnycdn.com`) or a full http(s) origin (tests). */
  host: string;
  zone: string;
  accessKey: string;
  /** Per request; an unreachable Bunny must not hold a deletion request open. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}): BunnyStorageClient {
  const host = options.host.replace(/\/+$/, "");
  const origin = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    zone: options.zone,
    async delete(key) {
      const path = key.split("/").map(encodeURIComponent).join("/");
      let res: Response;
      try {
        res = await send(`${origin}/${encodeURIComponent(options.zone)}/${path}`, {
          method: "DELETE",
          headers: { AccessKey: options.accessKey },
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new BunnyStorageError(
          0,
          `Bunny Storage DELETE ${key} did not reach ${origin} (${error instanceof Error ? error.message : String(error)}); check BUNNY_STORAGE_HOST`,
        );
      }
      const text = await res.text().catch(() => "");
      if (res.ok) return true;
      if (res.status === 404) return false;
      throw new BunnyStorageError(
        res.status,
        `Bunny Storage DELETE ${key} answered ${res.status}: ${text.slice(0, 300)}${
          res.status === 401 ? " (check BUNNY_STORAGE_KEY and BUNNY_STORAGE_ZONE)" : ""
        }`,
      );
    },
  };
}

/** The client for this deployment, or null when Bunny Storage is not configured on the Worker. */
export function bunnyStorageFor(env: {
  BUNNY_STORAGE_HOST?: string;
  BUNNY_STORAGE_ZONE?: string;
  BUNNY_STORAGE_KEY?: string;
}): BunnyStorageClient | null {
  if (!env.BUNNY_STORAGE_HOST || !env.BUNNY_STORAGE_ZONE || !env.BUNNY_STORAGE_KEY) return null;
  return bunnyStorageClient({
    host: env.BUNNY_STORAGE_HOST,
    zone: env.BUNNY_STORAGE_ZONE,
    accessKey: env.BUNNY_STORAGE_KEY,
  });
}
