import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";

/** Paths of the external programs the pipeline runs. `chromium` undefined means Playwright's own browser. */
export interface Binaries {
  chromium: string | undefined;
  ffmpeg: string;
  ffprobe: string;
}

export interface BinaryOverrides {
  chromiumPath?: string | undefined;
  ffmpegPath?: string | undefined;
  ffprobePath?: string | undefined;
}

/**
 * Chromium's headless shell first (Debian's chromium-headless-shell; the same Blink, so the same pixels):
 * it starts with well under half the CPU of the full browser (~0.7 against ~1.8 CPU-s per launch here), and a
 * render starts one. Its binary, not Debian's /usr/bin wrapper script, so the process Playwright starts
 * and stops is the browser itself.
 */
const SYSTEM_CHROMIUM = [
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];

export class MissingBinaryError extends Error {}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** ffmpeg-static is optional: its install script needs internet, so it may be absent or hold no binary. */
async function ffmpegStatic(): Promise<string | undefined> {
  try {
    const mod = (await import("ffmpeg-static" as string)) as { default?: string | null };
    const file = mod.default ?? undefined;
    return file && (await isExecutable(file)) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** An explicit path wins, then the OS packages, then the npm-provided fallbacks. */
export async function resolveBinaries(overrides: BinaryOverrides = {}): Promise<Binaries> {
  const chromium = await resolveChromium(overrides.chromiumPath);
  const ffmpeg = await resolveFfmpeg(overrides.ffmpegPath);
  const ffprobe = await resolveFfprobe(overrides.ffprobePath, ffmpeg);
  return { chromium, ffmpeg, ffprobe };
}

async function resolveChromium(explicit: string | undefined): Promise<string | undefined> {
  if (explicit) {
    if (!(await isExecutable(explicit))) {
      throw new MissingBinaryError(`CHROMIUM_PATH=${explicit} is not an executable file`);
    }
    return explicit;
  }
  for (const candidate of SYSTEM_CHROMIUM) {
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function resolveFfmpeg(explicit: string | undefined): Promise<string> {
  if (explicit) {
    if (!(await isExecutable(explicit))) {
      throw new MissingBinaryError(`FFMPEG_PATH=${explicit} is not an executable file`);
    }
    return explicit;
  }
  const found = (await findOnPath("ffmpeg")) ?? (await ffmpegStatic());
  if (!found) {
    throw new MissingBinaryError("ffmpeg was not found: install the ffmpeg package or set FFMPEG_PATH");
  }
  return found;
}

async function resolveFfprobe(explicit: string | undefined, ffmpeg: string): Promise<string> {
  if (explicit) {
    if (!(await isExecutable(explicit))) {
      throw new MissingBinaryError(`FFPROBE_PATH=${explicit} is not an executable file`);
    }
    return explicit;
  }
  const sibling = path.join(path.dirname(ffmpeg), "ffprobe");
  if (await isExecutable(sibling)) return sibling;
  const found = await findOnPath("ffprobe");
  if (!found) {
    throw new MissingBinaryError("ffprobe was not found: install the ffmpeg package or set FFPROBE_PATH");
  }
  return found;
}
