// What tests add to the bindings of wrangler.toml (worker-configuration.d.ts): the secrets and settings
// vitest.config.ts gives the Worker, read from `env` of "cloudflare:test".
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    ADMIN_TOKEN: string;
    BETTER_AUTH_SECRET: string;
    /** Set by the tests that send to the fake Sentry, per call. */
    SENTRY_DSN?: string;
  }
}
