import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SceneSpecSchema } from "@loom-lite/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import type { SceneCapture } from "../src/core/types";
import { runPipeline } from "../src/pipeline";
import { CaptureCache, type CaptureKey, captureWithCache } from "../src/stages/capture/capture-cache";
import { sceneCapture } from "./helpers/compose-fixtures";
import { makeFacecam } from "./helpers/media";
import { type PagesServer, startPagesServer } from "./helpers/pages-server";

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-cache-test-"));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const baseKey: CaptureKey = {
  workspaceId: "ws_a",
  loadUrl: "https://acme.test/",
  fallback: false,
  selectors: ["a.pricing", "#book"],
  viewport: { width: 1280, height: 720 },
  fps: 30,
  allowHosts: [],
};

async function shotIn(dir: string, index: number, bytes = 1000): Promise<SceneCapture> {
  await mkdir(dir, { recursive: true });
  const background = path.join(dir, `scene-${index}.png`);
  const header = path.join(dir, `scene-${index}-fixed.png`);
  await writeFile(background, Buffer.alloc(bytes, 1));
  await writeFile(header, Buffer.alloc(10, 2));
  return sceneCapture(
    index,
    { file: background, width: 1280, height: 3000 },
    {
      fixedLayers: [{ file: header, x: 0, y: 0, width: 1280, height: 60, mode: "viewport", label: "header" }],
      targets: { "a.pricing": { x: 1, y: 2, width: 3, height: 4 } },
      warnings: ["Scene 1: a cookie banner was hidden."],
    },
  );
}

describe("CaptureCache", () => {
  it("keys by workspace, page and capture options, not by selector order", () => {
    const cache = new CaptureCache({ dir: tmp, ttlSeconds: 900, maxBytes: 1e9 });
    const key = cache.keyOf(baseKey);
    expect(cache.keyOf({ ...baseKey, selectors: ["#book", "a.pricing"] })).toBe(key);
    expect(cache.keyOf({ ...baseKey, workspaceId: "ws_b" })).not.toBe(key);
    expect(cache.keyOf({ ...baseKey, loadUrl: "https://other.test/" })).not.toBe(key);
    expect(cache.keyOf({ ...baseKey, viewport: { width: 1920, height: 1080 } })).not.toBe(key);
    expect(cache.keyOf({ ...baseKey, selectors: [] })).not.toBe(key);
  });

  it("hands a stored capture to a later render as its own files, until it expires", async () => {
    let clock = Date.now();
    const cache = new CaptureCache({
      dir: path.join(tmp, "ttl"),
      ttlSeconds: 1,
      maxBytes: 1e9,
      now: () => clock,
    });
    const key = cache.keyOf(baseKey);
    const stored = await shotIn(path.join(tmp, "render-1"), 0);
    await cache.put(key, stored);
    await rm(path.join(tmp, "render-1"), { recursive: true });

    const later = path.join(tmp, "render-2");
    await mkdir(later);
    const hit = await cache.get(key, later, 2);
    expect(hit?.index).toBe(2);
    expect(path.dirname(hit?.background.file ?? "")).toBe(later);
    expect(path.dirname(hit?.fixedLayers[0]?.file ?? "")).toBe(later);
    expect(await readFile(hit?.background.file ?? "")).toEqual(Buffer.alloc(1000, 1));
    expect(hit?.targets).toEqual(stored.targets);
    expect(hit?.warnings).toEqual(stored.warnings);

    clock += 1200;
    expect(await cache.get(key, later, 0)).toBeUndefined();
    expect(await readdir(path.join(tmp, "ttl"))).toEqual([]);
  });

  it("evicts the least recently used captures beyond its size", async () => {
    const dir = path.join(tmp, "lru");
    const cache = new CaptureCache({ dir, ttlSeconds: 900, maxBytes: 3500 });
    const keys = ["https://a.test/", "https://b.test/", "https://c.test/"].map((loadUrl) =>
      cache.keyOf({ ...baseKey, loadUrl }),
    );
    const work = path.join(tmp, "lru-work");
    await cache.put(keys[0] as string, await shotIn(work, 0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cache.put(keys[1] as string, await shotIn(work, 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Reading the first makes it the most recently used: the second goes when the third arrives.
    expect(await cache.get(keys[0] as string, work, 0)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cache.put(keys[2] as string, await shotIn(work, 2));
    expect((await readdir(dir)).sort()).toEqual([keys[0], keys[2]].sort());
  });

  it("captures each distinct page once per render and nothing when every scene is cached", async () => {
    const cache = new CaptureCache({ dir: path.join(tmp, "dedupe"), ttlSeconds: 900, maxBytes: 1e9 });
    const scenes = [0, 1, 2].map((index) => ({
      index,
      url: index === 2 ? "https://b.test/" : "https://a.test/",
      key: { ...baseKey, loadUrl: index === 2 ? "https://b.test/" : "https://a.test/" },
    }));
    const asked: number[][] = [];
    const work = path.join(tmp, "dedupe-work");
    const capture = async (missing: typeof scenes) => {
      asked.push(missing.map((s) => s.index));
      return Promise.all(missing.map((s) => shotIn(work, s.index)));
    };
    const first = await captureWithCache(cache, scenes, work, capture);
    expect(asked).toEqual([[0, 2]]);
    expect(first.captures.map((c) => c.index)).toEqual([0, 1, 2]);
    expect([...first.hits]).toEqual([1]);
    const second = await captureWithCache(cache, scenes, path.join(tmp, "dedupe-work-2"), capture);
    expect(asked).toHaveLength(1);
    expect([...second.hits].sort()).toEqual([0, 1, 2]);
  });
});

describe("capture cache in the pipeline", () => {
  let pages: PagesServer;
  let binaries: Binaries;
  let facecam: string;

  beforeAll(async () => {
    pages = await startPagesServer();
    binaries = await resolveBinaries();
    facecam = await makeFacecam(tmp, 2);
  });

  afterAll(async () => {
    await pages?.close();
  });

  it("skips the capture of a page a previous render already captured", async () => {
    const captureCache = new CaptureCache({
      dir: path.join(tmp, "pipeline-cache"),
      ttlSeconds: 900,
      maxBytes: 1e9,
    });
    const render = (n: number) =>
      runPipeline(
        {
          spec: SceneSpecSchema.parse({
            facecam: "f.mp4",
            scenes: [{ url: "{{website}}/long.html", seconds: 1 }],
          }),
          fields: { website: pages.origin, first_name: `Lead${n}` },
          facecamFile: facecam,
          workDir: path.join(tmp, `pipeline-${n}`),
          cacheDir: path.join(tmp, "pipeline-shared"),
          binaries,
          allowHosts: ["127.0.0.1"],
          captureCache,
          workspaceId: "ws_a",
        },
        { signal: new AbortController().signal },
      );
    // The lazy image far down the page loads only when the capture scrolls through it; the pre-flight
    // visit of the first screen does not reach it.
    const lazyLoads = () => pages.requests.filter((p) => p === "/pixel.svg").length;

    const before = lazyLoads();
    const first = await render(1);
    const afterFirst = lazyLoads();
    expect(first.report.scenes[0]?.captureCache).toBe("miss");
    expect(afterFirst - before, "the capture scrolled down to the lazy image").toBeGreaterThan(0);

    const second = await render(2);
    expect(second.report.scenes[0]?.captureCache).toBe("hit");
    expect(lazyLoads() - afterFirst, "no capture pass the second time").toBe(0);
    expect((await stat(second.artifacts.video)).size).toBeGreaterThan(10_000);
    expect(second.report.compose?.facecamReused).toBe(true);
  });
});
