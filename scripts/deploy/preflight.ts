import { fromRoot } from "@loom-lite/testkit/paths";
import { isPlaceholder } from "./placeholders";
import type { SecretListing } from "./secret-list";
import type { DeployTarget } from "./target";

/**
 * Variables a deployed environment must state itself: their defaults only suit a local stack (or turn
 * a feature off that production needs).
 */
const REQUIRED_VARS = [
  "ENVIRONMENT",
  "APP_DOMAIN",
  "DATABASE_DRIVER",
  "EMAIL_FROM",
  "CUSTOM_DOMAIN_TARGET",
  "CLOUDFLARE_ZONE_ID",
];

export interface Preflight {
  /** Each one stops the deploy before anything changes. */
  problems: string[];
  /** Reported, not fatal (placeholders in a dry run). */
  warnings: string[];
}

type ParseEnv = (raw: unknown) => { env: unknown } | { problems: string[] };

/**
 * The Worker's own environment check (edge/src/env.ts), loaded at run time: its types name the Worker's
 * bindings, which the scripts' Node project does not declare.
 */
async function edgeParseEnv(): Promise<ParseEnv> {
  const module = (await import(fromRoot("edge", "src", "env.ts"))) as { parseEnv: ParseEnv };
  return module.parseEnv;
}

/** A well-formed value for a secret that is set but cannot be read, so the vars can be checked around it. */
function standIn(name: string): string {
  if (name === "DATABASE_URL") return "postgres://stand-in@db.invalid/loom";
  if (name === "STRIPE_SECRET_KEY") return "sk_live_standin";
  if (name === "STRIPE_WEBHOOK_SECRET") return "whsec_standin";
  if (name === "RESEND_API_KEY") return "re_standin";
  return `stand-in-${name}-0123456789abcdef0123456789abcdef`;
}

/** Everything that must hold before `npm run deploy` touches the database or Cloudflare. */
export async function preflight(
  target: DeployTarget,
  secrets: SecretListing,
  deployerEnv: Record<string, string | undefined>,
  opts: { dryRun: boolean },
): Promise<Preflight> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const env = target.environment;

  if (target.requiredSecrets.length === 0) {
    problems.push(`[env.${env}.secrets] required lists no secrets; the Worker cannot run without some`);
  }
  if ("problem" in secrets) {
    problems.push(secrets.problem);
  } else {
    if (secrets.note) warnings.push(`${target.workerName}: ${secrets.note}`);
    for (const name of target.requiredSecrets.filter((n) => !secrets.names.has(n))) {
      problems.push(
        `secret ${name} is not set on ${target.workerName}: \`npx wrangler secret put ${name} --env ${env}\``,
      );
    }
  }
  for (const name of target.requiredSecrets.filter((n) => n in target.vars)) {
    problems.push(`${name} is a secret but [env.${env}.vars] sets it in plain text; remove it there`);
  }

  const databaseUrl = deployerEnv.DATABASE_URL;
  if (!databaseUrl) {
    problems.push(
      "DATABASE_URL is not set in your environment: the migrations run from here (use the database's direct, unpooled URL)",
    );
  } else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL in your environment must be a postgres:// connection string");
  }

  for (const name of REQUIRED_VARS.filter((n) => !(n in target.vars))) {
    problems.push(`variable ${name} is not set in [env.${env}.vars]`);
  }
  if (target.vars.ENVIRONMENT !== undefined && target.vars.ENVIRONMENT !== "production") {
    problems.push(`variable ENVIRONMENT must be "production" in [env.${env}.vars] (the strict checks)`);
  }
  if (target.crons.length === 0) {
    problems.push(`[env.${env}.triggers] crons is empty: leases, retries and e-mail need the cron`);
  }
  if (target.routes.length === 0) {
    problems.push(`[env.${env}] routes is empty: nothing would reach the Worker`);
  }

  const raw: Record<string, unknown> = { ...target.vars };
  const listed = "problem" in secrets ? [] : [...secrets.names];
  for (const name of listed) raw[name] = standIn(name);
  for (const binding of target.bindings) raw[binding] = {};
  // A secret's value is a stand-in here (or reported missing above): only what the rest says is news.
  const notChecked = new Set([...target.requiredSecrets, ...listed]);
  const parsed = (await edgeParseEnv())(raw);
  if ("problems" in parsed) {
    for (const p of parsed.problems.filter((p) => !notChecked.has(p.split(":", 1)[0] ?? ""))) {
      problems.push(`the Worker would refuse its environment: ${p}`);
    }
  }

  const placeholders = [
    ...Object.entries(target.vars)
      .filter(([, v]) => isPlaceholder(v))
      .map(([k, v]) => `variable ${k} = "${v}"`),
    ...target.routes
      .filter((r) => isPlaceholder(r.pattern) || (r.zone !== undefined && isPlaceholder(r.zone)))
      .map((r) => `route ${r.pattern}${r.zone ? ` (zone ${r.zone})` : ""}`),
  ];
  if (placeholders.length > 0) {
    const message = `wrangler.toml [env.${env}] still has placeholders to replace with your own:\n      ${placeholders.join("\n      ")}`;
    if (opts.dryRun) warnings.push(message);
    else problems.push(message);
  }
  return { problems, warnings };
}
