// The bindings tests read from `env` of "cloudflare:test" (wrangler.toml plus vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    ADMIN_TOKEN: string;
    LEASE_TTL_MS: string;
    RETRY_BASE_MS: string;
    MAX_ATTEMPTS: string;
    MEDIA: R2Bucket;
    RENDER_GATE: DurableObjectNamespace;
    RATE_LIMITER: DurableObjectNamespace;
  }
}
