import { createHash, randomUUID } from "node:crypto";
import { copyFile, link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pruneLeastRecentlyUsed, touchEntry } from "../../core/cache-lru";
import type { SceneCapture } from "../../core/types";

/** Bump when the capture changes what it produces, so older entries are not reused. */
export const CAPTURE_CACHE_VERSION = 3;
export const DEFAULT_CAPTURE_CACHE_TTL_S = 900;
export const DEFAULT_CAPTURE_CACHE_MAX_MB = 1024;

export interface CaptureCacheOptions {
  dir: string;
  ttlSeconds: number;
  maxBytes: number;
  /** The clock entries are dated and expired by; tests pass their own to expire one without waiting. */
  now?: () => number;
}

/** Everything that makes two captures interchangeable. */
export interface CaptureKey {
  /** Entries never cross workspaces; absent for the CLI. */
  workspaceId?: string | undefined;
  /** The page actually loaded (the fallback page when it stands in). */
  loadUrl: string;
  fallback: boolean;
  selectors: readonly string[];
  viewport: { width: number; height: number };
  fps: number;
  allowHosts: readonly string[];
}

interface Manifest {
  version: number;
  createdAt: number;
  capture: SceneCapture;
}

/**
 * Scene captures kept on disk for a while, so leads that share a site (or a scene URL without merge
 * fields) load the page once. Entries expire after `ttlSeconds`; past `maxBytes` the least recently used
 * go. A hit is hard-linked into the render's folder, so eviction never pulls files from under it.
 */
export class CaptureCache {
  private readonly now: () => number;

  constructor(readonly options: CaptureCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  keyOf(key: CaptureKey): string {
    const canonical = {
      v: CAPTURE_CACHE_VERSION,
      ...key,
      selectors: [...key.selectors].sort(),
      allowHosts: [...key.allowHosts].sort(),
    };
    return createHash("sha256").update(JSON.stringify(canonical)).digest("hex").slice(0, 32);
  }

  async get(key: string, workDir: string, index: number): Promise<SceneCapture | undefined> {
    const entry = path.join(this.options.dir, key);
    const manifest = await readFile(path.join(entry, "manifest.json"), "utf8")
      .then((text) => JSON.parse(text) as Manifest)
      .catch(() => undefined);
    if (!manifest || manifest.version !== CAPTURE_CACHE_VERSION) return undefined;
    if (this.now() - manifest.createdAt > this.options.ttlSeconds * 1000) {
      await rm(entry, { recursive: true, force: true });
      return undefined;
    }
    await touchEntry(entry);
    await mkdir(workDir, { recursive: true });
    try {
      const capture = await mapFiles(manifest.capture, async (name) => {
        const target = path.join(workDir, `cached-${index + 1}-${name}`);
        await linkOrCopy(path.join(entry, name), target);
        return target;
      });
      return { ...capture, index };
    } catch {
      // Evicted while we read it: a miss.
      return undefined;
    }
  }

  async put(key: string, capture: SceneCapture): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });
    const entry = path.join(this.options.dir, key);
    const temp = `${entry}.tmp-${randomUUID()}`;
    await mkdir(temp);
    try {
      const names = new Map<string, string>();
      const stored = await mapFiles(capture, async (file) => {
        let name = names.get(file);
        if (!name) {
          name = `f${names.size}${path.extname(file)}`;
          names.set(file, name);
          await linkOrCopy(file, path.join(temp, name));
        }
        return name;
      });
      const manifest: Manifest = { version: CAPTURE_CACHE_VERSION, createdAt: this.now(), capture: stored };
      await writeFile(path.join(temp, "manifest.json"), JSON.stringify(manifest));
      await rm(entry, { recursive: true, force: true });
      // Another render may have stored the same page in the meantime; either copy will do.
      await rename(temp, entry).catch(() => {});
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    await pruneLeastRecentlyUsed(this.options.dir, {
      match: (name) => /^[0-9a-f]{32}$/.test(name),
      maxBytes: this.options.maxBytes,
      maxAgeMs: this.options.ttlSeconds * 1000,
    });
  }
}

/** RENDER_CACHE_TTL_S (seconds, 0 = off) and RENDER_CACHE_MAX_MB, as the CLI and the service read them. */
export function captureCacheFromEnv(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): CaptureCache | undefined {
  const ttl = Number(env.RENDER_CACHE_TTL_S ?? DEFAULT_CAPTURE_CACHE_TTL_S);
  const maxMb = Number(env.RENDER_CACHE_MAX_MB ?? DEFAULT_CAPTURE_CACHE_MAX_MB);
  if (!Number.isFinite(ttl) || ttl <= 0) return undefined;
  return new CaptureCache({
    dir,
    ttlSeconds: ttl,
    maxBytes: (Number.isFinite(maxMb) && maxMb > 0 ? maxMb : DEFAULT_CAPTURE_CACHE_MAX_MB) * 1024 * 1024,
  });
}

export interface CachedCaptureScene {
  index: number;
  url: string;
  key: CaptureKey;
}

/**
 * Captures the scenes the cache cannot serve (each distinct page once, even within one render) and
 * returns every scene's capture in scene order, with the indexes that were served from the cache.
 */
export async function captureWithCache<S extends CachedCaptureScene>(
  cache: CaptureCache,
  scenes: readonly S[],
  workDir: string,
  capture: (scenes: S[]) => Promise<SceneCapture[]>,
): Promise<{ captures: SceneCapture[]; hits: Set<number> }> {
  const keys = scenes.map((scene) => cache.keyOf(scene.key));
  const results = new Map<number, SceneCapture>();
  const hits = new Set<number>();
  for (const [i, scene] of scenes.entries()) {
    const hit = await cache.get(keys[i] as string, workDir, scene.index);
    if (hit) {
      results.set(scene.index, { ...hit, index: scene.index, url: scene.url });
      hits.add(scene.index);
    }
  }
  const firstOfKey = new Map<string, S>();
  scenes.forEach((scene, i) => {
    const key = keys[i] as string;
    if (!hits.has(scene.index) && !firstOfKey.has(key)) firstOfKey.set(key, scene);
  });
  if (firstOfKey.size > 0) {
    const fresh = await capture([...firstOfKey.values()]);
    for (const [key, scene] of firstOfKey) {
      const shot = fresh.find((c) => c.index === scene.index);
      if (!shot) continue;
      results.set(scene.index, shot);
      await cache.put(key, shot);
    }
  }
  for (const [i, scene] of scenes.entries()) {
    if (results.has(scene.index)) continue;
    // A second scene showing a page this render just captured.
    const shared = await cache.get(keys[i] as string, workDir, scene.index);
    const twin = shared ?? results.get(scenes[keys.indexOf(keys[i] as string)]?.index ?? -1);
    if (twin) {
      results.set(scene.index, { ...twin, index: scene.index, url: scene.url });
      hits.add(scene.index);
    }
  }
  return { captures: scenes.map((s) => results.get(s.index)).filter((c): c is SceneCapture => !!c), hits };
}

async function mapFiles(
  capture: SceneCapture,
  map: (file: string) => Promise<string>,
): Promise<SceneCapture> {
  const layer = async (l: SceneCapture["fixedLayers"][number]) => ({
    ...l,
    file: await map(l.file),
    ...(l.frames ? { frames: await Promise.all(l.frames.map(map)) } : {}),
    ...(l.pageWindow ? { pageWindow: { ...l.pageWindow, file: await map(l.pageWindow.file) } } : {}),
    ...(l.growth ? { growth: { ...l.growth, mask: await map(l.growth.mask) } } : {}),
  });
  return {
    ...capture,
    background: { ...capture.background, file: await map(capture.background.file) },
    fixedLayers: await Promise.all(capture.fixedLayers.map(layer)),
    animatedLayers: await Promise.all(capture.animatedLayers.map(layer)),
    preflight: await Promise.all(
      capture.preflight.map(async (v) => (v.frame ? { ...v, frame: await map(v.frame) } : v)),
    ),
  };
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  await link(from, to).catch(() => copyFile(from, to));
}
