import { rmSync } from "node:fs";
import path from "node:path";
import { runMigrations } from "@loom-lite/schema/migrate";
import type { TestProject } from "vitest/node";
import { makeFacecam } from "../../scripts/lib/facecam";
import { fakeCloudflareVars, startFakeThirdParties } from "../../scripts/lib/fake-third-parties";
import { fromRoot } from "../../scripts/lib/paths";
import { freePort, startPostgres } from "../../scripts/lib/postgres";
import { buildSiteWhenStale } from "../../scripts/lib/site-build";
import { serveStatic } from "../../scripts/lib/static-server";
import { startWrangler } from "../../scripts/lib/wrangler";

declare module "vitest" {
  export interface ProvidedContext {
    /** Signs up in the browser test; listed in ADMIN_EMAILS so the admin screen is reachable. */
    operatorEmail: string;
    /** The fake Cloudflare API (and webhook receivers) the Worker talks to, on 127.0.0.1. */
    fakeUrl: string;
  }
}

export const OPERATOR_EMAIL = "operator@loom-lite.test";

/**
 * The README's local stack for the browser: the built dashboard (site/dist) served by the Worker under
 * `wrangler dev`, a real PostgreSQL, and a static server for the lead websites. The test starts its own
 * render node against it. Everything listens on 127.0.0.1.
 */
export default async function setup(project: TestProject) {
  await buildSiteWhenStale();
  const scratchDir = fromRoot(".data", "test-e2e");
  rmSync(scratchDir, { recursive: true, force: true });

  const postgres = await startPostgres({ dataDir: path.join(scratchDir, "postgres"), database: "loom_e2e" });
  await runMigrations(postgres.url);

  const adminToken = "e2e-admin-token-0123456789abcdef";
  // Cloudflare's API cannot be reached from here; custom domains talk to a server speaking its format.
  const fake = await startFakeThirdParties();
  const wrangler = await startWrangler({
    port: await freePort(),
    databaseUrl: postgres.url,
    persistTo: path.join(scratchDir, "wrangler"),
    quiet: true,
    vars: {
      ADMIN_TOKEN: adminToken,
      ADMIN_EMAILS: OPERATOR_EMAIL,
      BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      LEASE_TTL_MS: "8000",
      ...fakeCloudflareVars(fake.url),
    },
  });
  const pages = await serveStatic(path.join(import.meta.dirname, "..", "pages"));

  const facecams = {
    short: { path: path.join(scratchDir, "facecam-2s.mp4"), seconds: 2 },
    long: { path: path.join(scratchDir, "facecam-6s.mp4"), seconds: 6 },
  };
  for (const f of Object.values(facecams)) await makeFacecam(f.path, f.seconds);

  project.provide("edgeUrl", wrangler.url);
  project.provide("databaseUrl", postgres.url);
  project.provide("adminToken", adminToken);
  project.provide("pagesUrl", pages.url);
  project.provide("facecams", facecams);
  project.provide("scratchDir", scratchDir);
  project.provide("operatorEmail", OPERATOR_EMAIL);
  project.provide("fakeUrl", fake.url);

  return async () => {
    await pages.stop();
    await wrangler.stop();
    await postgres.stop();
    await fake.close();
  };
}
