import type { z } from "zod";
import { isLocalHostname } from "./lib/hostnames";

/** What the deployment check reads; the parsed environment has more. */
interface DeploymentEnv {
  ENVIRONMENT: "development" | "production";
  APP_DOMAIN: string;
  DEV_MAILBOX: "on" | "off";
  BETTER_AUTH_SECRET: string;
}

/**
 * What a production Worker must not run with. Workers have no start-up hook, so the environment check
 * every request makes (and the cron's) refuses to serve with these problems named, as for any other
 * bad environment.
 */
export function checkDeployment(env: DeploymentEnv, ctx: z.RefinementCtx): void {
  if (env.ENVIRONMENT !== "production") return;
  const problem = (path: keyof DeploymentEnv, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  if (isLocalHostname(env.APP_DOMAIN)) {
    problem(
      "APP_DOMAIN",
      `is "${env.APP_DOMAIN}", a local name, while ENVIRONMENT is production; set the platform's domain (a local stack sets ENVIRONMENT=development)`,
    );
  }
  if (env.DEV_MAILBOX === "on") {
    problem(
      "DEV_MAILBOX",
      "must be off in production: the dev mailbox shows every reset and invitation link to anyone",
    );
  }
  if (env.BETTER_AUTH_SECRET.length < 32) {
    problem("BETTER_AUTH_SECRET", "must be at least 32 characters in production");
  }
}
