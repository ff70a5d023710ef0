import { runMigrations } from "@loom-lite/schema/migrate";
import { fromRoot } from "@loom-lite/testkit/paths";
import { execa } from "execa";
import pg from "pg";
import { preflight } from "./preflight";
import { listSetSecrets, SECRET_LIST_COMMAND_VAR } from "./secret-list";
import { type DeployEnvironment, readDeployTarget, WRANGLER_CONFIG } from "./target";

export interface DeployOptions {
  environment: DeployEnvironment;
  /** Migrations still run (against DATABASE_URL); wrangler only bundles, into `outdir`. */
  dryRun: boolean;
  outdir?: string;
  /** For a pipeline that built site/dist in an earlier step. */
  skipSiteBuild?: boolean;
  /** The deployer's environment: DATABASE_URL, and DEPLOY_SECRET_LIST_COMMAND to replace wrangler's. */
  deployerEnv?: Record<string, string | undefined>;
  configPath?: string;
  log?: (line: string) => void;
}

/** The deploy stopped before changing anything; `problems` says what to fix. */
export class DeployRefused extends Error {
  override readonly name = "DeployRefused";
  constructor(
    readonly environment: string,
    readonly problems: string[],
  ) {
    super(`Refusing to deploy ${environment}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * `npm run deploy -- --env <name>`: checks secrets, variables and DATABASE_URL, applies pending
 * migrations, builds the site, then `wrangler deploy --env <name>`. Nothing changes unless every check
 * passes.
 */
export async function deploy(opts: DeployOptions): Promise<void> {
  const log = opts.log ?? console.log;
  const deployerEnv = opts.deployerEnv ?? process.env;
  const target = readDeployTarget(opts.environment, opts.configPath ?? WRANGLER_CONFIG);
  log(`checking ${target.workerName} (${opts.dryRun ? "dry run" : "deploy"})`);
  const secrets = await listSetSecrets(opts.environment, deployerEnv[SECRET_LIST_COMMAND_VAR]);
  const checked = await preflight(target, secrets, deployerEnv, { dryRun: opts.dryRun });
  for (const w of checked.warnings) log(`warning: ${w}`);
  if (checked.problems.length > 0) throw new DeployRefused(opts.environment, checked.problems);

  const databaseUrl = deployerEnv.DATABASE_URL as string;
  log(`applying pending migrations to ${redact(databaseUrl)}`);
  const before = await appliedMigrations(databaseUrl);
  await runMigrations(databaseUrl);
  log(`migrations: ${(await appliedMigrations(databaseUrl)) - before} applied, database current`);

  if (!opts.skipSiteBuild) {
    log("building the site");
    await execa("npm", ["run", "--silent", "build", "-w", "site"], { cwd: fromRoot(), stdio: "inherit" });
  }
  const args = ["deploy", "--config", target.configPath, "--env", opts.environment];
  if (opts.dryRun)
    args.push("--dry-run", "--outdir", opts.outdir ?? fromRoot(".data", "deploy", opts.environment));
  log(`wrangler ${args.join(" ")}`);
  const wrangler = await execa(fromRoot("node_modules", ".bin", "wrangler"), args, {
    cwd: fromRoot(),
    all: true,
    reject: false,
    env: { WRANGLER_SEND_METRICS: "false" },
  });
  log(wrangler.all ?? "");
  if (wrangler.exitCode !== 0) throw new Error(`wrangler deploy failed (exit ${wrangler.exitCode})`);
}

/** Rows of drizzle's migration journal in the database (0 before the first migration). */
async function appliedMigrations(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ t: string | null }>(
      "select to_regclass('drizzle.__drizzle_migrations')::text as t",
    );
    if (!table.rows[0]?.t) return 0;
    const count = await client.query<{ n: string }>("select count(*) as n from drizzle.__drizzle_migrations");
    return Number(count.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}
