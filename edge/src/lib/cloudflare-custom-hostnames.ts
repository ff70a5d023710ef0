import { z } from "zod";

/**
 * A small client for Cloudflare for SaaS custom hostnames (`/zones/:zone_id/custom_hostnames`).
 * Every answer is Cloudflare's envelope `{ success, errors, messages, result }`, checked with zod.
 */
const CustomHostnameSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  /** `pending`, `active`, `moved`, `blocked`, `deleted`, … */
  status: z.string(),
  ssl: z
    .object({
      status: z.string().optional(),
      method: z.string().optional(),
      txt_name: z.string().optional(),
      txt_value: z.string().optional(),
      validation_records: z
        .array(z.object({ txt_name: z.string().optional(), txt_value: z.string().optional() }).loose())
        .optional(),
    })
    .loose()
    .nullish(),
  ownership_verification: z.object({ type: z.string(), name: z.string(), value: z.string() }).nullish(),
});
export type CustomHostname = z.infer<typeof CustomHostnameSchema>;

const envelope = <T extends z.ZodType>(result: T) =>
  z.object({
    success: z.boolean(),
    errors: z.array(z.object({ code: z.number(), message: z.string() }).loose()).default([]),
    messages: z.array(z.unknown()).default([]),
    result: result.nullable(),
  });

export class CloudflareApiError extends Error {
  constructor(
    readonly status: number,
    readonly codes: number[],
    message: string,
  ) {
    super(message);
    this.name = "CloudflareApiError";
  }
}

/** Cloudflare's code for a hostname that already exists in the zone. */
export const DUPLICATE_HOSTNAME = 1406;

export interface CustomHostnamesClient {
  create(hostname: string): Promise<CustomHostname>;
  get(id: string): Promise<CustomHostname>;
  /** Removes it; one that Cloudflare no longer has is not an error. */
  delete(id: string): Promise<void>;
}

export interface CloudflareConfig {
  apiBase: string;
  token: string;
  zoneId: string;
}

export function customHostnamesClient(config: CloudflareConfig): CustomHostnamesClient {
  const base = `${config.apiBase.replace(/\/$/, "")}/zones/${encodeURIComponent(config.zoneId)}/custom_hostnames`;

  async function call<T extends z.ZodType>(method: string, path: string, result: T, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${config.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const parsed = envelope(result).safeParse(await res.json().catch(() => null));
    if (!parsed.success) {
      throw new CloudflareApiError(
        res.status,
        [],
        `Cloudflare answered ${res.status} with an unexpected body`,
      );
    }
    const { success, errors } = parsed.data;
    const value = (parsed.data as unknown as { result: z.infer<T> | null }).result;
    if (!res.ok || !success || value === null) {
      throw new CloudflareApiError(
        res.status,
        errors.map((e) => e.code),
        `Cloudflare: ${errors.map((e) => `${e.message} (${e.code})`).join("; ") || `HTTP ${res.status}`}`,
      );
    }
    return value;
  }

  return {
    // TXT validation: the certificate can be issued before the customer's CNAME points at us.
    create: (hostname) =>
      call("POST", "", CustomHostnameSchema, { hostname, ssl: { method: "txt", type: "dv" } }),
    get: (id) => call("GET", `/${encodeURIComponent(id)}`, CustomHostnameSchema),
    delete: async (id) => {
      try {
        await call("DELETE", `/${encodeURIComponent(id)}`, z.object({ id: z.string() }).loose());
      } catch (error) {
        if (error instanceof CloudflareApiError && error.status === 404) return;
        throw error;
      }
    },
  };
}

/** The client for this deployment, or null when custom domains are not configured. */
export function customHostnamesFor(env: {
  CLOUDFLARE_API_BASE: string;
  CLOUDFLARE_API_TOKEN?: string;
  CLOUDFLARE_ZONE_ID?: string;
}): CustomHostnamesClient | null {
  if (!env.CLOUDFLARE_API_TOKEN || !env.CLOUDFLARE_ZONE_ID) return null;
  return customHostnamesClient({
    apiBase: env.CLOUDFLARE_API_BASE,
    token: env.CLOUDFLARE_API_TOKEN,
    zoneId: env.CLOUDFLARE_ZONE_ID,
  });
}
