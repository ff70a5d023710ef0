import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { copyDatabase } from "./test/file-database";
import { workerdDependencies } from "./test/workerd-dependencies";

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const globalSetup = ["./test/global-setup.ts", "./test/fake-servers.ts", "./test/media-samples.ts"];
// workerd provides Node's modules (nodejs_compat); the bundles of dependencies import them, not copy them.
const nodeBuiltins = [/^node:/, ...builtinModules];

export default defineConfig({
  resolve: { builtins: nodeBuiltins },
  plugins: [
    // Called for every test file's own workerd: each file gets its own copy of the migrated database,
    // so files run side by side (a node's claim in one file cannot take another file's render).
    cloudflareTest(async ({ inject }) => ({
      wrangler: { configPath: "../wrangler.toml" },
      miniflare: {
        bindings: {
          DATABASE_URL: await copyDatabase(inject("databaseUrl")),
          BETTER_AUTH_SECRET: "vS3q8Lk2Zp0Xw7Rt5Yn1Bm4Hc6Jd9Fg2",
          ADMIN_TOKEN: "test-admin-token-0123456789",
          // Operators used to be listed here; a deployment that still sets it must grant nothing by it.
          ADMIN_EMAILS: "admin@example.test",
          // A local stack: the dev mailbox is on (the account tests read reset links from it).
          ENVIRONMENT: "development",
          DEV_MAILBOX: "on",
          // Every suite signs up from the same (absent) address; the rate-limit tests lower the limits
          // for their own requests (test/rate-limits.test.ts).
          RATE_LIMITS: "*=100000/1m",
          // Long enough that nothing expires or comes due by accident on a loaded machine; tests that
          // need an expired lease or a due retry move the clock of that one render instead.
          LEASE_TTL_MS: "60000",
          RETRY_BASE_MS: "30000",
          // Custom domains talk to a local server that speaks Cloudflare's API, and deleting renders stored
          // in Bunny Storage talks to the fake Bunny Storage of the same server (test/fake-servers.ts).
          ...inject("fakeVars"),
        },
      },
    })),
  ],
  test: {
    globalSetup,
    setupFiles: ["./test/setup.ts"],
    include: ["test/**/*.test.ts"],
    // Vitest's default on two cores is one file at a time, and a file spends most of its time waiting
    // on workerd and PostgreSQL.
    maxWorkers: 2,
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: workerdDependencies(
            ["./src", "./test", "../schema/src"].map(here),
            [
              ...globalSetup,
              "./test/file-database.ts",
              "./test/workerd-dependencies.ts",
              "../schema/src/migrate.ts",
            ].map(here),
          ),
          esbuildOptions: { external: ["node:*", ...builtinModules] },
        },
      },
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
