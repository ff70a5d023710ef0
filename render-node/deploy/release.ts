/**
 * Builds what a render-node machine runs, for provision.sh and the Containerfile to install:
 *
 *   dist/render-node/main.mjs    the service, bundled by esbuild: the workspace's TypeScript,
 *                                @loom-lite/schema and every pure-JS dependency in one ES module
 *   bin/chromium-as-browser-user the privilege drop a node running as root starts Chromium through
 *   node_modules/                the dependencies that cannot be bundled (playwright-core reads its own
 *                                files at run time, sharp loads a native addon), installed by npm at the
 *                                versions this checkout tests with
 *
 *   node --import tsx render-node/deploy/release.ts [outDir]     (default render-node/dist/release)
 *
 * Build it on linux-x64 (sharp's addon is per platform); the Containerfile builds it in its first stage.
 */
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { execa } from "execa";

const renderNodeDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.dirname(renderNodeDir);

/** Left out of the bundle; ffmpeg-static is optional and never installed (the OS ffmpeg is used). */
const UNBUNDLED = ["playwright-core", "sharp"] as const;
const EXTERNAL = [...UNBUNDLED, "ffmpeg-static"];

/** Where the bundle goes inside a release; two levels deep, like src/browser/browser-user.ts. */
export const RELEASE_ENTRY = "dist/render-node/main.mjs";

/**
 * browser-user.ts finds the privilege-drop script at `../../bin/…` from its own module URL; in the
 * bundle that URL is main.mjs's, so the script must sit at the same place relative to it.
 */
const DROP_PRIVILEGES = "bin/chromium-as-browser-user";

async function installedVersion(name: string): Promise<string> {
  const manifest = path.join(repoRoot, "node_modules", name, "package.json");
  return (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
}

export async function buildRelease(outDir = path.join(renderNodeDir, "dist", "release")): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const entry = path.join(outDir, RELEASE_ENTRY);
  await build({
    entryPoints: [path.join(renderNodeDir, "src", "main.ts")],
    outfile: entry,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    external: EXTERNAL,
    // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: 'import { createRequire as __loomCreateRequire } from "node:module"; const require = __loomCreateRequire(import.meta.url);',
    },
    logLevel: "warning",
  });

  const dropPrivileges = path.join(outDir, DROP_PRIVILEGES);
  await mkdir(path.dirname(dropPrivileges), { recursive: true });
  await copyFile(path.join(renderNodeDir, DROP_PRIVILEGES), dropPrivileges);
  await chmod(dropPrivileges, 0o755);
  const resolved = fileURLToPath(new URL("../../bin/chromium-as-browser-user", pathToFileURL(entry)));
  if (resolved !== dropPrivileges) throw new Error(`the bundle would look for ${resolved}`);

  const dependencies = Object.fromEntries(
    await Promise.all(UNBUNDLED.map(async (name) => [name, await installedVersion(name)] as const)),
  );
  const manifest = { name: "loom-render-node", private: true, type: "module", dependencies };
  await writeFile(path.join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await execa(
    "npm",
    ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"],
    { cwd: outDir },
  );
  return outDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = await buildRelease(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  process.stdout.write(`render-node release in ${outDir}\n`);
}
