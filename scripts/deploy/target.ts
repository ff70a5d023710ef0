import { fromRoot } from "@loom-lite/testkit/paths";
import { unstable_readConfig } from "wrangler";

export const DEPLOY_ENVIRONMENTS = ["staging", "production"] as const;
export type DeployEnvironment = (typeof DEPLOY_ENVIRONMENTS)[number];

/** What `npm run deploy` checks of one `[env.<name>]` of wrangler.toml, as wrangler itself resolves it. */
export interface DeployTarget {
  environment: DeployEnvironment;
  configPath: string;
  /** The Worker's name on Cloudflare (`loom-lite-<environment>`). */
  workerName: string;
  vars: Record<string, string>;
  /** `[env.<name>.secrets] required`: what `wrangler secret list` must show. */
  requiredSecrets: string[];
  /** Binding names the environment declares (R2, Durable Objects, assets). */
  bindings: string[];
  routes: Array<{ pattern: string; zone?: string }>;
  crons: string[];
}

export const WRANGLER_CONFIG = fromRoot("wrangler.toml");

/** Reads the environment through wrangler's own config reader, inheritance rules included. */
export function readDeployTarget(environment: DeployEnvironment, configPath = WRANGLER_CONFIG): DeployTarget {
  const config = unstable_readConfig({ config: configPath, env: environment }, { hideWarnings: true });
  if (config.targetEnvironment !== environment) {
    throw new Error(`${configPath} has no [env.${environment}]`);
  }
  const vars = Object.fromEntries(
    Object.entries(config.vars ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return {
    environment,
    configPath,
    workerName: config.name ?? "",
    vars,
    requiredSecrets: config.secrets?.required ?? [],
    bindings: [
      ...config.r2_buckets.map((b: { binding: string }) => b.binding),
      ...config.durable_objects.bindings.map((b: { name: string }) => b.name),
      ...(config.assets?.binding ? [config.assets.binding] : []),
    ],
    routes: (config.routes ?? []).map((r: string | { pattern: string; zone_name?: string }) =>
      typeof r === "string" ? { pattern: r } : { pattern: r.pattern, zone: r.zone_name },
    ),
    crons: config.triggers.crons ?? [],
  };
}
