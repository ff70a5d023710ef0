import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type SceneSpecInput, SceneSpecSchema } from "@loom-lite/schema";
import { waitFor } from "@loom-lite/testkit/wait";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Binaries, resolveBinaries } from "../src/binaries";
import { RenderError, runPipeline, type StageName } from "../src/pipeline";
import { ffprobe, makeFacecam } from "./helpers/media";
import { type PagesServer, startPagesServer } from "./helpers/pages-server";
import { isAlive, mediaChildren } from "./helpers/processes";

let pages: PagesServer;
let tmp: string;
let facecam: string;
let binaries: Binaries;

beforeAll(async () => {
  pages = await startPagesServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-pipeline-test-"));
  facecam = await makeFacecam(tmp, 4);
  binaries = await resolveBinaries();
});

afterAll(async () => {
  await pages?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

let runs = 0;
function render(
  spec: Omit<SceneSpecInput, "facecam">,
  options: {
    allowHosts?: string[];
    onStage?: (stage: StageName) => void;
    signal?: AbortSignal;
    navigationTimeoutMs?: number;
  } = {},
) {
  runs += 1;
  return runPipeline(
    {
      spec: SceneSpecSchema.parse({ facecam: "facecam.mp4", ...spec }),
      fields: { website: pages.origin, first_name: "Grace" },
      facecamFile: facecam,
      workDir: path.join(tmp, `run-${runs}`),
      cacheDir: path.join(tmp, "cache"),
      binaries,
      allowHosts: options.allowHosts ?? ["127.0.0.1"],
      navigationTimeoutMs: options.navigationTimeoutMs ?? 20_000,
    },
    { signal: options.signal ?? new AbortController().signal, onStage: options.onStage },
  );
}

/**
 * Aborts once `stage` has started and a child process matching `comm` runs, then measures how long
 * the pipeline takes to stop and whether any Chromium/ffmpeg process it started is still alive.
 */
async function abortDuring(
  stage: StageName,
  comm: RegExp,
  spec: Omit<SceneSpecInput, "facecam">,
  ready: () => boolean = () => true,
) {
  const controller = new AbortController();
  let stageStarted = false;
  const running = render(spec, {
    signal: controller.signal,
    onStage: (s) => {
      if (s === stage) stageStarted = true;
    },
  });
  const outcome = running.then(
    () => "resolved",
    (error: unknown) => error,
  );
  const children = await waitFor(
    `a ${comm} process during ${stage}`,
    () => {
      const found = mediaChildren().filter((p) => comm.test(p.comm));
      return stageStarted && found.length > 0 && ready() ? mediaChildren() : undefined;
    },
    120_000,
    50,
  );
  const reason = new Error("test abort");
  const abortedAt = performance.now();
  controller.abort(reason);
  const result = await outcome;
  const stoppedMs = performance.now() - abortedAt;
  return { result, reason, stoppedMs, children };
}

describe("runPipeline", () => {
  it("stops within 2 s when aborted while a page loads and leaves no Chromium behind", async () => {
    const { result, reason, stoppedMs, children } = await abortDuring(
      // The browser starts with the pre-flight visit of the scene pages.
      "preflight",
      /chrom/i,
      { scenes: [{ url: "{{website}}/hang", seconds: 2 }] },
      // The browser is up and waiting for the page: the middle of the capture.
      () => pages.requests.includes("/hang"),
    );
    expect(result).toBe(reason);
    expect(stoppedMs, `stopped after ${Math.round(stoppedMs)} ms`).toBeLessThan(2000);
    expect(children.length).toBeGreaterThan(0);
    const alive = children.filter((p) => isAlive(p.pid));
    expect(alive, JSON.stringify(alive)).toEqual([]);
  });

  it("stops within 2 s when aborted mid-encode and leaves no ffmpeg behind", async () => {
    const { result, reason, stoppedMs, children } = await abortDuring("compose", /ffmpeg/, {
      // Longer than the facecam, so the encode runs long enough to be caught in the middle.
      scenes: [{ url: "{{website}}/long.html", seconds: 30 }],
    });
    expect(result).toBe(reason);
    expect(stoppedMs, `stopped after ${Math.round(stoppedMs)} ms`).toBeLessThan(2000);
    const alive = children.filter((p) => isAlive(p.pid));
    expect(alive, JSON.stringify(alive)).toEqual([]);
  });

  it("rejects a page answering 404, naming the scene and URL", async () => {
    const error = await render({ scenes: [{ url: "{{website}}/status/404", seconds: 2 }] }).catch((e) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({ code: "page_unusable", retryable: false });
    expect(error.message).toContain(
      `Scene 1: could not load ${pages.origin}/status/404: the server answered HTTP 404`,
    );
  });

  it("says when a page's domain does not resolve or the page never finishes loading", async () => {
    const dns = await render({ scenes: [{ url: "http://nothing-here.invalid/", seconds: 2 }] }).catch(
      (e) => e,
    );
    expect(dns).toMatchObject({ code: "page_unusable", retryable: false });
    expect(dns.message).toContain(
      "Scene 1: could not load http://nothing-here.invalid/: its domain name does not resolve (DNS)",
    );
    const slow = await render(
      {
        scenes: [
          { url: "{{website}}/long.html", seconds: 1 },
          { url: "{{website}}/hang", seconds: 1 },
        ],
      },
      { navigationTimeoutMs: 2000 },
    ).catch((e) => e);
    expect(slow).toMatchObject({ code: "page_unusable", retryable: true });
    expect(slow.message).toContain(
      `Scene 2: could not load ${pages.origin}/hang: the page did not finish loading within 2 s`,
    );
  });

  it("rejects a blank page", async () => {
    const error = await render({ scenes: [{ url: "{{website}}/blank.html", seconds: 2 }] }).catch((e) => e);
    expect(error).toMatchObject({ code: "page_unusable" });
    expect(error.message).toContain("the page is blank");
  });

  it("captures the campaign's fallback page when a lead's page is unusable and the policy says so", async () => {
    const { report } = await render({
      scenes: [{ url: "{{website}}/status/500", seconds: 1 }],
      onUnusable: "fallback",
      fallbackUrl: `${pages.origin}/pricing.html`,
    });
    expect(report.outcome).toBe("done");
    expect(report.scenes[0]).toMatchObject({ fallback: true, capturedUrl: `${pages.origin}/pricing.html` });
    expect(report.warnings.join("\n")).toContain("HTTP 500");
    const probe = await ffprobe(path.join(tmp, `run-${runs}`, "video.mp4"));
    expect(Math.abs(Number(probe.format.duration) - 1), probe.format.duration).toBeLessThan(0.2);
  });

  it("refuses loopback pages unless their host is allowed", async () => {
    const error = await render(
      { scenes: [{ url: "{{website}}/long.html", seconds: 2 }] },
      { allowHosts: [] },
    ).catch((e) => e);
    expect(error).toMatchObject({ code: "page_blocked", retryable: false });
    expect(error.message).toContain("loopback");
    expect(error.message).toContain("RENDER_ALLOW_HOSTS");
  });

  it("throws away a capture that a redirect led to a forbidden address", async () => {
    const port = new URL(pages.origin).port;
    const target = encodeURIComponent(`http://127.0.0.1:${port}/long.html`);
    const error = await render(
      { scenes: [{ url: `http://localhost:${port}/redirect?to=${target}`, seconds: 2 }] },
      { allowHosts: ["localhost"] },
    ).catch((e) => e);
    expect(error).toMatchObject({ code: "page_blocked" });
    expect(error.message).toContain("forbidden address");
  });

  it("refuses scene URLs that are not http(s) after merge fields", async () => {
    const error = await render({ scenes: [{ url: "file:///etc/passwd", seconds: 2 }] }).catch((e) => e);
    expect(error).toMatchObject({ code: "invalid_input", retryable: false });
    expect(error.message).toContain('Scene 1: the URL template "file:///etc/passwd"');
  });
});
