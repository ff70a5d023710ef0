import { fromRoot } from "@loom-lite/testkit/paths";
import { execa, parseCommandString } from "execa";
import { z } from "zod";
import type { DeployEnvironment } from "./target";

/** `wrangler secret list --format json` prints `[{ "name": "X", "type": "secret_text" }, …]`. */
const secretListSchema = z.array(z.object({ name: z.string().min(1), type: z.string() }));

/**
 * Replaces `wrangler secret list` (which needs Cloudflare) with another command taking the same
 * arguments and printing the same JSON: tests point it at a fake.
 */
export const SECRET_LIST_COMMAND_VAR = "DEPLOY_SECRET_LIST_COMMAND";

export type SecretListing = { names: Set<string>; note?: string } | { problem: string };

/**
 * The names of the secrets set on the environment's Worker. Cloudflare secrets are write-only: the
 * list says which exist, never their values.
 */
export async function listSetSecrets(
  environment: DeployEnvironment,
  command?: string,
): Promise<SecretListing> {
  const [file, ...prefix] = command
    ? parseCommandString(command)
    : [fromRoot("node_modules", ".bin", "wrangler"), "secret", "list"];
  if (!file) return { problem: `${SECRET_LIST_COMMAND_VAR} is empty` };
  const args = [...prefix, "--env", environment, "--format", "json"];
  const described = [command ?? "wrangler secret list", "--env", environment, "--format", "json"].join(" ");
  const result = await execa(file, args, { cwd: fromRoot(), reject: false });
  if (
    result.exitCode !== 0 &&
    /Worker "[^"]+"( \(env: [^)]+\))? not found/.test(result.stderr + result.stdout)
  ) {
    // A first deploy: no Worker yet, so no secrets. `wrangler secret put` creates it as a draft.
    return { names: new Set(), note: "the Worker does not exist yet; `wrangler secret put` creates it" };
  }
  if (result.exitCode !== 0) {
    const said = `${result.stderr}\n${result.stdout}`.trim().split("\n").slice(-6).join("\n    ");
    return { problem: `could not list the Worker's secrets (\`${described}\` failed):\n    ${said}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    return { problem: `\`${described}\` did not print JSON: ${result.stdout.slice(0, 200)}` };
  }
  const listed = secretListSchema.safeParse(parsed);
  if (!listed.success) {
    return { problem: `\`${described}\` printed JSON that is not a secret list: ${listed.error.message}` };
  }
  return { names: new Set(listed.data.map((s) => s.name)) };
}
