import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fromRoot } from "@loom-lite/testkit/paths";
import { type RunningPostgres, startPostgres } from "@loom-lite/testkit/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeployRefused, deploy } from "./run";
import { type DeployEnvironment, readDeployTarget, WRANGLER_CONFIG } from "./target";

// wrangler bundles site/dist as the Worker's assets: `npm test` builds the site first (its first step);
// run alone, this file needs `npm run build -w site`. The deploys below skip their own build.
let postgres: RunningPostgres;
let scratch: string;
const dataDir = fromRoot(".data", `test-postgres-deploy-${process.pid}`);

beforeAll(async () => {
  postgres = await startPostgres({ dataDir, database: "deploy_test" });
  scratch = mkdtempSync(path.join(tmpdir(), "loom-deploy-"));
});
afterAll(async () => {
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** A database of its own on the test server, so each case starts with no migration applied. */
async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.url.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  await admin.query(`drop database if exists "${name}"`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  return postgres.url.replace(/\/[^/]+$/, `/${name}`);
}

async function tablesIn(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = await client.query<{ t: string }>(
    "select table_schema || '.' || table_name as t from information_schema.tables where table_schema in ('public', 'drizzle')",
  );
  await client.end();
  return rows.rows.map((r) => r.t);
}

/**
 * Stands in for `wrangler secret list --env <env> --format json`, which needs Cloudflare: prints what
 * wrangler prints (`[{ "name": …, "type": "secret_text" }]`) and records the arguments it was given.
 */
function fakeSecretList(names: string[]): { command: string; calls: () => string[][] } {
  const dir = mkdtempSync(path.join(scratch, "secrets-"));
  const script = path.join(dir, "wrangler-secret-list.mjs");
  const callsFile = path.join(dir, "calls.jsonl");
  const listed = names.map((name) => ({ name, type: "secret_text" }));
  writeFileSync(
    script,
    `import { appendFileSync } from "node:fs";
appendFileSync(${JSON.stringify(callsFile)}, JSON.stringify(process.argv.slice(2)) + "\\n");
console.log(${JSON.stringify(JSON.stringify(listed, null, "  "))});
`,
  );
  return {
    command: `${process.execPath} ${script}`,
    calls: () =>
      existsSync(callsFile)
        ? readFileSync(callsFile, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as string[])
        : [],
  };
}

const requiredSecrets = (env: DeployEnvironment) => readDeployTarget(env).requiredSecrets;
const journal = JSON.parse(
  readFileSync(fromRoot("schema", "migrations", "meta", "_journal.json"), "utf8"),
) as {
  entries: unknown[];
};

describe("npm run deploy", () => {
  it("refuses naming a missing secret, before applying any migration", async () => {
    const url = await freshDatabase("deploy_refused");
    const secrets = fakeSecretList(requiredSecrets("production").filter((n) => n !== "RESEND_API_KEY"));
    const outcome = await deploy({
      environment: "production",
      dryRun: true,
      skipSiteBuild: true,
      deployerEnv: { DATABASE_URL: url, DEPLOY_SECRET_LIST_COMMAND: secrets.command },
      log: () => {},
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(DeployRefused);
    const { problems } = outcome as DeployRefused;
    expect(problems).toEqual([
      "secret RESEND_API_KEY is not set on loom-lite-production: `npx wrangler secret put RESEND_API_KEY --env production`",
    ]);
    expect(secrets.calls()).toEqual([["--env", "production", "--format", "json"]]);
    expect(await tablesIn(url)).toEqual([]);
  });

  it("on a first deploy (no Worker yet, so wrangler finds no secrets) names every secret to put", async () => {
    const script = path.join(scratch, "worker-not-found.mjs");
    // wrangler's words when the Worker does not exist (its secret list command).
    writeFileSync(
      script,
      `console.error('✘ [ERROR] Worker "loom-lite-staging" (env: staging) not found.'); process.exit(1);`,
    );
    const lines: string[] = [];
    const outcome = await deploy({
      environment: "staging",
      dryRun: true,
      deployerEnv: {
        DATABASE_URL: postgres.url,
        DEPLOY_SECRET_LIST_COMMAND: `${process.execPath} ${script}`,
      },
      log: (l) => lines.push(l),
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(DeployRefused);
    expect((outcome as DeployRefused).problems).toEqual(
      requiredSecrets("staging").map(
        (name) =>
          `secret ${name} is not set on loom-lite-staging: \`npx wrangler secret put ${name} --env staging\``,
      ),
    );
    expect(lines.join("\n")).toContain("the Worker does not exist yet");
  });

  it("refuses variables the Worker itself would refuse, and a binding the environment forgot", async () => {
    const original = readFileSync(WRANGLER_CONFIG, "utf8");
    const broken = original
      .replace('EMAIL_FROM = "Loom-Lite <no-reply@example.com>"', 'EMAIL_FROM = "Loom-Lite <nobody>"')
      .replace(
        '[[env.production.durable_objects.bindings]]\nname = "RATE_LIMITER"\nclass_name = "RateLimiter"\n',
        "",
      );
    expect(broken).not.toBe(original);
    const configPath = path.join(scratch, "wrangler.toml");
    writeFileSync(configPath, broken);
    const outcome = await deploy({
      environment: "production",
      dryRun: true,
      configPath,
      deployerEnv: {
        DATABASE_URL: postgres.url,
        DEPLOY_SECRET_LIST_COMMAND: fakeSecretList(requiredSecrets("production")).command,
      },
      log: () => {},
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(DeployRefused);
    expect((outcome as DeployRefused).problems).toEqual([
      "the Worker would refuse its environment: EMAIL_FROM: must be an address or `Name <address>`",
      "the Worker would refuse its environment: RATE_LIMITER: Durable Object binding RATE_LIMITER is missing",
    ]);
  });

  it("refuses without DATABASE_URL in the deployer's environment, and a real deploy with placeholders left", async () => {
    const secrets = fakeSecretList(requiredSecrets("staging"));
    const outcome = await deploy({
      environment: "staging",
      dryRun: false,
      deployerEnv: { DEPLOY_SECRET_LIST_COMMAND: secrets.command },
      log: () => {},
    }).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(DeployRefused);
    const { problems } = outcome as DeployRefused;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^DATABASE_URL is not set in your environment/);
    expect(problems[1]).toMatch(/still has placeholders.*\n.*variable APP_DOMAIN = "staging\.example\.com"/);
  });

  // One database for both: staging applies every migration, production then finds none pending.
  it.each([
    ["staging", journal.entries.length],
    ["production", 0],
  ] as const)(
    "with every secret set, %s gets its pending migrations (%i) and a wrangler deploy --dry-run bundle",
    async (environment, pending) => {
      const url =
        environment === "staging"
          ? await freshDatabase("deploy_ok")
          : postgres.url.replace(/\/[^/]+$/, "/deploy_ok");
      const outdir = path.join(scratch, `bundle-${environment}`);
      const lines: string[] = [];
      await deploy({
        environment,
        dryRun: true,
        outdir,
        skipSiteBuild: true,
        deployerEnv: {
          DATABASE_URL: url,
          DEPLOY_SECRET_LIST_COMMAND: fakeSecretList(requiredSecrets(environment)).command,
        },
        log: (l) => lines.push(l),
      });
      const tables = await tablesIn(url);
      expect(tables).toContain("public.outbox_emails");
      expect(tables).toContain("drizzle.__drizzle_migrations");
      expect(lines).toContain(`migrations: ${pending} applied, database current`);
      const output = lines.join("\n");
      expect(output).toContain(`env.MEDIA (loom-lite-media-${environment})`);
      expect(output).toContain("--dry-run: exiting now.");
      expect(existsSync(path.join(outdir, "index.js"))).toBe(true);
    },
  );
});
