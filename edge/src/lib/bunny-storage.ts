/** Bunny Storage's HTTP API (https://docs.bunny.net/storage/http), as the edge needs it: DELETE. */
export interface BunnyStorageClient {
  /** Removes one object; one that is already gone is not an error. */
  delete(key: string): Promise<void>;
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
  fetch?: typeof fetch;
}): BunnyStorageClient {
  const host = options.host.replace(/\/+$/, "");
  const origin = /^https?:\/\//i.test(host) ? host : `https://${host}`;
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async delete(key) {
      const path = key.split("/").map(encodeURIComponent).join("/");
      const res = await send(`${origin}/${encodeURIComponent(options.zone)}/${path}`, {
        method: "DELETE",
        headers: { AccessKey: options.accessKey },
      });
      const text = await res.text().catch(() => "");
      if (res.ok || res.status === 404) return;
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
