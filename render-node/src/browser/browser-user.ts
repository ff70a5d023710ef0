import { chown, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Who Chromium runs as. Its sandbox (namespaces + seccomp) is always on, and Chromium refuses to sandbox
 * itself as root, so a node running as root starts it through bin/chromium-as-browser-user as an
 * unprivileged user (nobody by default); anywhere else it runs as the node's own user.
 */
export interface BrowserUser {
  uid: number;
  gid: number;
}

/** nobody:nogroup on Debian. */
export const DEFAULT_BROWSER_USER: BrowserUser = { uid: 65534, gid: 65534 };

const DROP_PRIVILEGES = fileURLToPath(new URL("../../bin/chromium-as-browser-user", import.meta.url));

/** Variables Chromium may see; the node's own (NODE_TOKEN, BUNNY_STORAGE_KEY, …) stay out of its reach. */
const PASSED_ENV = ["PATH", "LANG", "LANGUAGE", "LC_ALL", "TZ", "FONTCONFIG_PATH", "FONTCONFIG_FILE"];

/** The user to switch to: `requested` (or nobody) when the node is root, nobody else to switch to. */
export function browserUserFor(requested: BrowserUser | undefined): BrowserUser | undefined {
  const root = process.getuid?.() === 0;
  return root ? (requested ?? DEFAULT_BROWSER_USER) : undefined;
}

export interface BrowserProfile {
  /** Chromium's user data folder, also its HOME; owned by the browser user. */
  dir: string;
  remove(): Promise<void>;
}

/**
 * A fresh profile folder for one browser, named after `label` (the render's work folder name, so the
 * job's memory watch can tell this Chromium from another render's by its command line).
 */
export async function createBrowserProfile(
  label: string | undefined,
  user: BrowserUser | undefined,
): Promise<BrowserProfile> {
  const safe = (label ?? "session").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 100) || "session";
  const dir = await mkdtemp(path.join(os.tmpdir(), `loom-chromium-${safe}-`));
  if (user) await chown(dir, user.uid, user.gid);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Playwright launch options that start `chromium` sandboxed as `user` with a clean environment. */
export function sandboxedLaunch(
  chromium: string,
  user: BrowserUser | undefined,
  profileDir: string,
): { executablePath: string; chromiumSandbox: true; env: Record<string, string> } {
  const env: Record<string, string> = {
    HOME: profileDir,
    XDG_CONFIG_HOME: path.join(profileDir, ".config"),
    XDG_CACHE_HOME: path.join(profileDir, ".cache"),
  };
  for (const name of PASSED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  if (!user) return { executablePath: chromium, chromiumSandbox: true, env };
  return {
    executablePath: DROP_PRIVILEGES,
    chromiumSandbox: true,
    env: {
      ...env,
      LOOM_CHROMIUM: chromium,
      LOOM_BROWSER_UID: String(user.uid),
      LOOM_BROWSER_GID: String(user.gid),
    },
  };
}
