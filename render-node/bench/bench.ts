/**
 * Renders a fixed local campaign and prints one JSON line per phase:
 * 1. the campaign's first lead, cold (facecam not prepared yet, nothing cached), then a further lead
 *    whose pages are loaded and captured anew (facecam prepared, as it is once per campaign): wall,
 *    CPU, memory, smoothness;
 * 2. a campaign of N leads through one in-process loop sharing the facecam preparation and the
 *    capture cache, as the service does: leads per hour and whether later leads slow down;
 * and first, `cli`: one lead rendered by `npm run render` in a process of its own, timed end to end
 *    (Node and Playwright loading, Chromium's start, the facecam's preparation included).
 * Usage: npm run bench [-- --leads 10 --skip-campaign --keep --verbose --preset veryfast --crf 23]
 * (--verbose writes the pipeline's log, with its sub-stage timings, to stderr.)
 */
import { access, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SceneSpecSchema } from "@loom-lite/schema";
import { execa } from "execa";
import { resolveBinaries } from "../src/binaries";
import { EncoderChoiceSchema } from "../src/config";
import type { RenderReport } from "../src/core/types";
import { createTextLogger, silentLogger } from "../src/log";
import { runPipeline } from "../src/pipeline";
import type { PipelineInput } from "../src/pipeline/types";
import { CaptureCache } from "../src/stages/capture/capture-cache";
import { DEFAULT_ENCODER } from "../src/stages/compose/args";
import { layoutBubble } from "../src/stages/compose/bubble";
import { chooseVideoCodec } from "../src/stages/compose/encoder";
import { drawCursorSheet } from "../src/stages/compose/sprites";
import { cpuSeconds, distinctFrameRatio, TreeMemorySampler } from "./measure";
import { measureLoudness, stillStretchSsim } from "./quality";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The fixture sites beside the checkout (../shared); the bundled copy in bench/pages otherwise. */
const SHARED_SITES = path.resolve(HERE, "..", "..", "..", "shared", "fixtures", "sites");
const REPO_ROOT = path.resolve(HERE, "..", "..");
const FACECAM_SECONDS = 60;
const TARGETS = {
  wallPerVideoSecond: 0.35,
  /** Issue 15: the cold one-lead CLI render, end to end. */
  cliWallPerVideoSecond: 0.25,
  distinctFrameRatio: 0.95,
  peakMemoryMb: 1536,
  lastOverFirst: 1.2,
  /** Issue 15: EBU R128 for the facecam's sound, text as readable as the captured page. */
  loudnessLufs: -16,
  loudnessToleranceLu: 1,
  truePeakDb: -1.5,
  ssim: 0.97,
};
/** The greeting overlay of scene 1 ends at 4 s; the SSIM frame is picked after it. */
const GREETING_END_SECONDS = 4.5;

const { values: options } = parseArgs({
  options: {
    leads: { type: "string", default: "10" },
    "skip-campaign": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
    preset: { type: "string" },
    crf: { type: "string" },
  },
});

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * A 60 s facecam, generated once per machine: a 720p talking-head stand-in (`testsrc2`, moving) or a
 * plain gray one (the `cli` line's), with a voice-like tone.
 */
async function facecamFile(ffmpeg: string, picture: "testsrc2" | "gray" = "testsrc2"): Promise<string> {
  const dir = path.join(os.tmpdir(), "loom-bench");
  const file = path.join(dir, `facecam-${picture}-${FACECAM_SECONDS}s-v1.mp4`);
  if (await exists(file)) return file;
  await mkdir(dir, { recursive: true });
  const source =
    picture === "gray"
      ? `color=c=gray:size=1280x720:rate=30:duration=${FACECAM_SECONDS}`
      : `testsrc2=size=1280x720:rate=30:duration=${FACECAM_SECONDS}`;
  await execa(ffmpeg, [
    ...["-v", "error", "-f", "lavfi", "-i", source],
    ...["-f", "lavfi", "-i", `sine=frequency=220:beep_factor=4:duration=${FACECAM_SECONDS}`],
    ...[
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "20",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
      "-shortest",
    ],
    ...["-y", `${file}.tmp.mp4`],
  ]);
  await rename(`${file}.tmp.mp4`, file);
  return file;
}

/** Serves the fixture sites (or the bundled copy) on 127.0.0.1; any query string is ignored. */
async function servePages(): Promise<{ origin: string; close: () => Promise<void> }> {
  const root = (await exists(path.join(SHARED_SITES, "long-article", "index.html")))
    ? SHARED_SITES
    : path.join(HERE, "pages");
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = path.join(root, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ""));
    readFile(file.endsWith("/") ? path.join(file, "index.html") : file).then(
      (body) => {
        res.writeHead(200, {
          "content-type": file.endsWith(".svg") ? "image/svg+xml" : "text/html; charset=utf-8",
        });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end("not found");
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const spec = SceneSpecSchema.parse({
  facecam: "facecam.mp4",
  bubble: { shape: "circle", position: "bottom-left", size: 0.28, border: { color: "#ffffff", width: 4 } },
  output: { width: 1280, height: 720, fps: 30 },
  scenes: [
    {
      // The lead's own long article, read top to bottom (no actions: the default read-and-scroll).
      url: "{{website}}",
      seconds: 30,
      overlays: [{ text: "Hi {{first_name|there}}, this is for {{company|your team}}", at: 0.5, until: 4 }],
    },
    {
      // The rep's own page, the same for every lead.
      url: "{{site}}/sticky-header/index.html",
      actions: [
        { type: "highlight", selector: "h1", seconds: 2.5 },
        { type: "hover", selector: "header" },
        { type: "scroll", to: "main h2:nth-of-type(3)" },
        { type: "click", selector: "aside b" },
        { type: "wait", seconds: 2 },
        { type: "scroll", to: "bottom", seconds: 8 },
      ],
    },
  ],
});

function lead(origin: string, n: number): Record<string, string> {
  return {
    first_name: [
      "Ada",
      "Grace",
      "Linus",
      "Barbara",
      "Ken",
      "Margaret",
      "Dennis",
      "Frances",
      "Alan",
      "Edsger",
    ][n % 10] as string,
    company: `Company ${n + 1}`,
    // Each lead has its own URL, so its page is captured for it, as a real lead's website would be.
    website: `${origin}/long-article/index.html?lead=${n + 1}`,
    site: origin,
  };
}

const logger = options.verbose ? createTextLogger() : silentLogger;

/**
 * Issue 15's `cli` line: a 60 s gray facecam and two 30 s scenes (the long article, then the sticky
 * header page), each scrolled to the bottom over 26 s, rendered by `npm run render` from cold with no
 * capture cache; wall and CPU (the whole process tree) around the command.
 */
async function measureCli(ffmpeg: string, origin: string, root: string) {
  const dir = path.join(root, "cli");
  const file = (name: string) => path.join(dir, name);
  await mkdir(dir, { recursive: true });
  const scroll = (page: string) => ({
    url: `${origin}/${page}/index.html`,
    seconds: 30,
    actions: [{ type: "scroll", to: "bottom", seconds: 26 }],
  });
  const cliSpec = {
    facecam: await facecamFile(ffmpeg, "gray"),
    scenes: [scroll("long-article"), scroll("sticky-header")],
  };
  await writeFile(file("spec.json"), JSON.stringify(SceneSpecSchema.parse(cliSpec)));
  await writeFile(file("lead.json"), JSON.stringify({ first_name: "Ada" }));
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const args = ["--campaign", file("spec.json"), "--lead", file("lead.json"), "--out", file("out")];
  await execa("npm", ["run", "--silent", "render", "--", ...args], {
    cwd: REPO_ROOT,
    // Cold: a cache folder of its own, so the facecam is prepared and every page captured in this run.
    env: { RENDER_ALLOW_HOSTS: "127.0.0.1", RENDER_CACHE_TTL_S: "0", RENDER_CACHE_DIR: file("cache") },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuBefore;
  const report = JSON.parse(await readFile(file("out/report.json"), "utf8")) as RenderReport;
  const videoSeconds = report.video?.seconds ?? 0;
  return {
    phase: "cli",
    videoSeconds,
    wallSeconds: round(wallSeconds),
    cpuSeconds: round(cpu),
    wallPerVideoSecond: round(wallSeconds / videoSeconds, 3),
    stagesSeconds: seconds(report.timings),
    loadAverage: os.loadavg().map((l) => round(l)),
    targets: { wallPerVideoSecond: wallSeconds / videoSeconds <= TARGETS.cliWallPerVideoSecond },
  };
}

async function main(): Promise<void> {
  const binaries = await resolveBinaries();
  const facecam = await facecamFile(binaries.ffmpeg);
  const pages = await servePages();
  const root = await mkdtemp(path.join(os.tmpdir(), "loom-bench-run-"));
  // As the node does: NVENC where a one-frame trial encode works (ENCODER overrides), x264 otherwise.
  const video = await chooseVideoCodec({
    ffmpeg: binaries.ffmpeg,
    choice: EncoderChoiceSchema.parse(process.env.ENCODER?.trim() || "auto"),
  });
  const encoder = {
    ...DEFAULT_ENCODER,
    ...(options.preset ? { preset: options.preset } : {}),
    ...(options.crf ? { crf: Number(options.crf) } : {}),
    codec: video.codec,
  };
  const input = (n: number, cacheDir: string, captureCache: CaptureCache): PipelineInput => ({
    spec,
    fields: lead(pages.origin, n),
    facecamFile: facecam,
    workDir: path.join(root, `lead-${n + 1}-${Date.now()}`),
    cacheDir,
    binaries,
    allowHosts: ["127.0.0.1"],
    workspaceId: "ws_bench",
    captureCache,
    encoder,
  });
  const cacheFor = (dir: string) =>
    new CaptureCache({ dir: path.join(dir, "captures"), ttlSeconds: 900, maxBytes: 2 ** 30 });

  /** Renders lead `n` and measures it: wall, CPU, memory, smoothness, sizes, stages. */
  const measureLead = async (
    phase: "first-lead" | "lead",
    n: number,
    cacheDir: string,
    captureCache: CaptureCache,
  ) => {
    const sampler = new TreeMemorySampler().start();
    const cpuBefore = cpuSeconds();
    const nodeBefore = process.cpuUsage();
    const started = performance.now();
    const single = await runPipeline(input(n, cacheDir, captureCache), {
      signal: new AbortController().signal,
      logger,
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds() - cpuBefore;
    const nodeCpu = process.cpuUsage(nodeBefore);
    const memory = sampler.stop();
    const report = single.report;
    const videoSeconds = report.video?.seconds ?? 0;
    const bubble = layoutBubble(spec.bubble, spec.output);
    // A band of text right of the facecam and below the greeting overlay; the cursor rests while the page glides.
    const strip = { x: bubble.x + bubble.width + 40, y: 140, width: 760, height: 560 };
    const scrolling = report.compose?.scenes[0]?.scrollFrames ?? [];
    const smooth = await distinctFrameRatio(binaries.ffmpeg, single.artifacts.video, scrolling, strip);
    const wallRatio = wallSeconds / videoSeconds;
    const loudness = await measureLoudness(binaries.ffmpeg, single.artifacts.video);
    const { fps } = spec.output;
    const ssim = await stillStretchSsim({
      ffmpeg: binaries.ffmpeg,
      workDir: path.dirname(single.artifacts.video),
      output: spec.output,
      sceneFrames: Math.round((spec.scenes[0]?.seconds ?? 0) * fps),
      partFrames: report.compose?.parts[0]?.[1],
      skipFrames: Math.round(GREETING_END_SECONDS * fps),
      left: bubble.x + bubble.width + 16,
      cursorCell: drawCursorSheet(spec.output.height).cell,
    });
    return {
      phase,
      videoSeconds,
      wallSeconds: round(wallSeconds),
      cpuSeconds: round(cpu),
      wallPerVideoSecond: round(wallRatio, 3),
      cpuPerVideoSecond: round(cpu / videoSeconds, 3),
      distinctFrameRatioWhileScrolling: round(smooth.ratio, 4),
      scrollingFrames: smooth.frames,
      bytes: (await stat(single.artifacts.video)).size,
      gifBytes: (await stat(single.artifacts.gif)).size,
      posterBytes: (await stat(single.artifacts.poster)).size,
      peakMemoryMb: memory.peakMb,
      peakMemoryMbByProgram: memory.peakMbByProgram,
      peakRssSumMb: memory.peakRssSumMb,
      cpuSecondsByProgram: { ...memory.childCpuSeconds, node: round((nodeCpu.user + nodeCpu.system) / 1e6) },
      stagesSeconds: seconds(report.timings),
      compose: composeSeconds(report),
      encoder: report.compose?.encoder,
      encoderArgs: report.compose?.encoderArgs,
      // The rendered video's sound as ffmpeg's ebur128 measures it, and what preparation did to it.
      loudness: {
        integratedLufs: loudness.integratedLufs,
        truePeakDb: loudness.truePeakDb,
        loudnessRange: loudness.loudnessRange,
        facecam: report.compose?.facecamLoudness,
      },
      // Encoded frame against the captured page pixels where the page holds still (bubble side cut away).
      ssim: round(ssim.all, 4),
      ssimDetail: {
        y: round(ssim.y, 4),
        frame: ssim.frame,
        stillFrames: ssim.stillFrames,
        scrollY: ssim.scrollY,
        region: ssim.region,
      },
      captureModes: report.scenes.map((s) => s.captureMode),
      captureCache: report.scenes.map((s) => s.captureCache),
      warnings: report.warnings.length,
      loadAverage: os.loadavg().map((l) => round(l)),
      cores: os.availableParallelism(),
      targets: {
        // The first lead also prepares the campaign's facecam, which the design does once per campaign.
        ...(phase === "lead" ? { wallPerVideoSecond: wallRatio <= TARGETS.wallPerVideoSecond } : {}),
        distinctFrameRatioWhileScrolling: smooth.ratio >= TARGETS.distinctFrameRatio,
        peakMemoryUnder1_5GB: memory.peakMb < TARGETS.peakMemoryMb,
        loudness:
          Math.abs(loudness.integratedLufs - TARGETS.loudnessLufs) <= TARGETS.loudnessToleranceLu &&
          loudness.truePeakDb <= TARGETS.truePeakDb,
        ssim: ssim.all >= TARGETS.ssim,
      },
    };
  };

  try {
    process.stdout.write(`${JSON.stringify(await measureCli(binaries.ffmpeg, pages.origin, root))}\n`);
    // Phase 1: the campaign's first lead, from cold (it also prepares the facecam, once per campaign),
    // then a lead of that campaign whose pages are loaded and captured anew (no capture cache): what
    // every further lead with its own website costs.
    const singleCache = path.join(root, "cache-single");
    const firstLead = await measureLead("first-lead", 0, singleCache, cacheFor(singleCache));
    process.stdout.write(`${JSON.stringify(firstLead)}\n`);
    const fresh = cacheFor(path.join(root, "cache-single-lead-2"));
    const next = await measureLead("lead", 1, singleCache, fresh);
    process.stdout.write(`${JSON.stringify(next)}\n`);
    if (options["skip-campaign"]) return;

    // Phase 2: a campaign through one loop, sharing facecam preparation and capture cache.
    const leads = Math.max(2, Number(options.leads));
    const campaignCache = path.join(root, "cache-campaign");
    const captureCache = cacheFor(campaignCache);
    const campaignSampler = new TreeMemorySampler().start();
    const campaignCpu = cpuSeconds();
    const campaignStarted = performance.now();
    const perLead: number[] = [];
    const perLeadCpu: number[] = [];
    const nodeRssMb: number[] = [];
    let videoTotal = 0;
    for (let n = 0; n < leads; n++) {
      const leadStarted = performance.now();
      const leadCpu = cpuSeconds();
      const result = await runPipeline(input(n, campaignCache, captureCache), {
        signal: new AbortController().signal,
        logger,
      });
      perLead.push((performance.now() - leadStarted) / 1000);
      perLeadCpu.push(cpuSeconds() - leadCpu);
      nodeRssMb.push(Math.round(process.memoryUsage().rss / 2 ** 20));
      videoTotal += result.report.video?.seconds ?? 0;
      if (!options.keep) await rm(path.dirname(result.artifacts.video), { recursive: true, force: true });
    }
    const campaignWall = (performance.now() - campaignStarted) / 1000;
    const campaignMemory = campaignSampler.stop();
    const first = perLead[0] as number;
    const second = perLead[1] as number;
    const last = perLead[perLead.length - 1] as number;
    process.stdout.write(
      `${JSON.stringify({
        phase: "campaign",
        leads,
        wallSeconds: round(campaignWall),
        cpuSeconds: round(cpuSeconds() - campaignCpu),
        leadsPerHour: round((3600 * leads) / campaignWall, 1),
        meanLeadSeconds: round(campaignWall / leads),
        wallPerVideoSecond: round(campaignWall / videoTotal, 3),
        firstLeadSeconds: round(first),
        lastLeadSeconds: round(last),
        lastOverFirst: round(last / first, 3),
        // The first lead also prepares the facecam and captures the shared page: compare warm leads too.
        lastOverSecond: round(last / second, 3),
        perLeadSeconds: perLead.map((s) => round(s)),
        // CPU per lead does not depend on what else runs on the machine: flat means no leak, no pile-up.
        perLeadCpuSeconds: perLeadCpu.map((s) => round(s)),
        lastOverSecondCpu: round(
          (perLeadCpu[perLeadCpu.length - 1] as number) / (perLeadCpu[1] as number),
          3,
        ),
        nodeRssMbAfterEachLead: nodeRssMb,
        peakMemoryMb: campaignMemory.peakMb,
        peakMemoryMbByProgram: campaignMemory.peakMbByProgram,
        peakRssSumMb: campaignMemory.peakRssSumMb,
        loadAverage: os.loadavg().map((l) => round(l)),
        targets: {
          lastOverFirst: last / first <= TARGETS.lastOverFirst,
          lastOverSecond: last / second <= TARGETS.lastOverFirst,
          wallPerVideoSecond: campaignWall / videoTotal <= TARGETS.wallPerVideoSecond,
        },
      })}\n`,
    );
  } finally {
    await pages.close();
    if (!options.keep) await rm(root, { recursive: true, force: true });
    else process.stderr.write(`outputs kept in ${root}\n`);
  }
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function seconds(timings: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round((v ?? 0) / 1000)]));
}

function composeSeconds(report: RenderReport): Record<string, number | boolean> {
  const c = report.compose;
  if (!c) return {};
  return {
    facecamPrep: round((c.facecamPrepMs ?? 0) / 1000),
    facecamWait: round(c.facecamWaitMs / 1000),
    facecamReused: c.facecamReused,
    encode: round(c.encodeMs / 1000),
    posterAndGif: round(c.previewMs / 1000),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
