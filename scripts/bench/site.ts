/**
 * `npm run bench:site`: Lighthouse 12.2.3 (pinned; its mobile profile, the default) on the storefront's
 * home, pricing and contact pages served by the edge under `wrangler dev` with PostgreSQL, the site
 * built first when its sources changed. Prints one JSON object: the four category scores (0-100) per
 * page. The system Chromium runs headless with nothing phoning home.
 *
 *   npm run bench:site                       # BENCH_SITE_URL=http://127.0.0.1:8787 uses a running stack
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { runMigrations } from "@loom-lite/schema/migrate";
import { fromRoot } from "@loom-lite/testkit/paths";
import { freePort, startPostgres } from "@loom-lite/testkit/postgres";
import { buildSiteWhenStale } from "@loom-lite/testkit/site-build";
import { startWrangler } from "@loom-lite/testkit/wrangler";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const PAGES = ["/", "/pricing/", "/contact/"] as const;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const log = (msg: string) => process.stderr.write(`[bench:site] ${msg}\n`);

type Scores = Record<(typeof CATEGORIES)[number], number | null>;

async function audit(url: string, port: number): Promise<Scores> {
  const result = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: [...CATEGORIES],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, runtimeError } = result.lhr;
  if (runtimeError)
    throw new Error(`Lighthouse failed on ${url}: ${runtimeError.code} ${runtimeError.message}`);
  return Object.fromEntries(
    CATEGORIES.map((c) => {
      const score = categories[c]?.score;
      return [c, typeof score === "number" ? Math.round(score * 100) : null];
    }),
  ) as Scores;
}

async function withStack<T>(run: (baseUrl: string) => Promise<T>): Promise<T> {
  if (process.env.BENCH_SITE_URL) return run(process.env.BENCH_SITE_URL.replace(/\/$/, ""));
  await buildSiteWhenStale();
  const dataDir = fromRoot(".data", `bench-site-${process.pid}`);
  const pgServer = await startPostgres({ dataDir: `${dataDir}/postgres`, database: "loom_bench_site" });
  let wrangler: Awaited<ReturnType<typeof startWrangler>> | undefined;
  try {
    await runMigrations(pgServer.url);
    const port = await freePort();
    log(`starting wrangler dev on 127.0.0.1:${port}`);
    wrangler = await startWrangler({
      port,
      databaseUrl: pgServer.url,
      persistTo: `${dataDir}/wrangler`,
      quiet: true,
      log: (line) => process.stderr.write(`[wrangler] ${line}\n`),
      vars: { BETTER_AUTH_SECRET: randomBytes(24).toString("hex") },
    });
    return await run(wrangler.url);
  } finally {
    await wrangler?.stop();
    await pgServer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const scores = await withStack(async (baseUrl) => {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const out: Record<string, Scores> = {};
      for (const path of PAGES) {
        log(`auditing ${baseUrl}${path}`);
        out[path] = await audit(`${baseUrl}${path}`, chrome.port);
      }
      return out;
    } finally {
      await chrome.kill();
    }
  });
  process.stdout.write(
    `${JSON.stringify({ lighthouse: "12.2.3", formFactor: "mobile", scores }, null, 2)}\n`,
  );
}

await main();
