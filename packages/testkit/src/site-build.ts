import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { prefixedLogger } from "./log";
import { fromRoot, repoRoot } from "./paths";

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry === "dist" || entry === ".astro") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** `wrangler dev` serves site/dist as it is, so the dashboard is rebuilt when its sources are newer. */
export async function buildSiteWhenStale(
  log: (line: string) => void = prefixedLogger("site"),
): Promise<void> {
  const built = fromRoot("site", "dist", "index.html");
  const sources = ["site/src", "site/public", "site/astro.config.mjs", "site/package.json", "schema/src"];
  const newestSource = Math.max(...sources.map((s) => newestMtime(fromRoot(s))));
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  log("building the site (npm run build -w site)…");
  const result = await execa("npm", ["run", "--silent", "build", "-w", "site"], {
    cwd: repoRoot,
    env: { ASTRO_TELEMETRY_DISABLED: "1" },
    all: true,
    reject: false,
  });
  if (result.exitCode !== 0) {
    for (const line of String(result.all).split("\n").slice(-30)) log(line);
    throw new Error("the site build failed (output above)");
  }
}
