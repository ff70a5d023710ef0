/**
 * `npm run deploy -- --env staging|production [--dry-run [--outdir dir]] [--skip-site-build]`
 *
 * Checks that every secret listed in wrangler.toml's `[env.<name>.secrets]` is set on Cloudflare
 * (`wrangler secret list`), that the environment's variables pass the Worker's own check and hold no
 * placeholder, and that DATABASE_URL (the migrations' connection string) is in your environment; then
 * applies pending migrations, builds the site and runs `wrangler deploy --env <name>`. It refuses,
 * naming what is missing, before changing anything. `--dry-run` applies the migrations to the given
 * DATABASE_URL and has wrangler bundle into `--outdir` (default .data/deploy/<env>) without uploading.
 */
import { parseArgs } from "node:util";
import { DeployRefused, deploy } from "./deploy/run";
import { DEPLOY_ENVIRONMENTS, type DeployEnvironment } from "./deploy/target";

const { values } = parseArgs({
  options: {
    env: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    outdir: { type: "string" },
    "skip-site-build": { type: "boolean", default: false },
  },
});
const environment = values.env;
if (!DEPLOY_ENVIRONMENTS.includes(environment as DeployEnvironment)) {
  console.error(`--env must be one of ${DEPLOY_ENVIRONMENTS.join(", ")} (got ${environment ?? "nothing"})`);
  process.exit(2);
}
try {
  await deploy({
    environment: environment as DeployEnvironment,
    dryRun: values["dry-run"],
    outdir: values.outdir,
    skipSiteBuild: values["skip-site-build"],
  });
} catch (error) {
  console.error(error instanceof DeployRefused ? error.message : String(error));
  process.exit(1);
}
