import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { SceneSpecSchema } from "@loom-lite/schema";
import { z } from "zod";
import { MissingBinaryError, resolveBinaries } from "./binaries";
import { EncoderChoiceSchema, parseHostList } from "./config";
import { RenderError } from "./core/errors";
import { createTextLogger } from "./log";
import { chooseVideoCodec, EncoderUnavailableError } from "./stages/compose/encoder";
import { openRenderBrowser } from "./stages/preflight/render-browser";

const USAGE = `Renders one lead's video without the queue.

Usage: npm run render -- --campaign <spec.json> --lead <fields.json> --out <dir>

  --campaign  scene spec (JSON); its "facecam" is a video file path, relative to the spec file
  --lead      the lead's merge fields: {"first_name": "Ada", "website": "https://…"} or {"fields": {…}}
  --out       folder that receives video.mp4, poster.jpg, preview.gif and report.json

Environment: CHROMIUM_PATH, FFMPEG_PATH, FFPROBE_PATH, RENDER_ALLOW_HOSTS (hosts that may resolve to
private or loopback addresses, comma separated, for local development), RENDER_CACHE_DIR (prepared
facecams and page captures, default $TMPDIR/loom-render-node/.cache), RENDER_CACHE_TTL_S (seconds a
page capture is reused by later renders, default 900, 0 = off), RENDER_CACHE_MAX_MB (default 1024),
ENCODER (auto: NVENC where a one-frame trial encode works, else libx264; or libx264, h264_nvenc).`;

/** Bad input: the message says which argument or field to fix. */
class InputError extends Error {}

const FieldValueSchema = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const FieldsSchema = z.record(z.string(), FieldValueSchema);
const LeadFileSchema = z.union([z.object({ fields: FieldsSchema }).transform((l) => l.fields), FieldsSchema]);

async function main(): Promise<number> {
  const args = readArgs();
  if (args === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // npm runs workspace scripts inside render-node/; paths are meant relative to where the user typed.
  const base =
    process.env.npm_lifecycle_event === "render" && process.env.INIT_CWD
      ? process.env.INIT_CWD
      : process.cwd();
  const specFile = path.resolve(base, args.campaign);
  const spec = parseWith(
    SceneSpecSchema,
    await readJson(specFile, "--campaign"),
    `campaign spec ${specFile}`,
  );
  const facecamFile = path.resolve(path.dirname(specFile), spec.facecam);
  if (!(await isFile(facecamFile))) {
    throw new InputError(
      `facecam: file not found: ${facecamFile} (the spec's "facecam" is a path relative to the spec file)`,
    );
  }
  const leadFile = path.resolve(base, args.lead);
  const fields = parseWith(LeadFileSchema, await readJson(leadFile, "--lead"), `lead fields ${leadFile}`);
  const outDir = path.resolve(base, args.out);
  await mkdir(outDir, { recursive: true });

  const logger = createTextLogger();
  const choice = parseWith(EncoderChoiceSchema, process.env.ENCODER?.trim() || "auto", "ENCODER");
  const allowHosts = parseHostList(process.env.RENDER_ALLOW_HOSTS);
  const binaries = await resolveBinaries({
    chromiumPath: process.env.CHROMIUM_PATH || undefined,
    ffmpegPath: process.env.FFMPEG_PATH || undefined,
    ffprobePath: process.env.FFPROBE_PATH || undefined,
  });
  const workDir = await mkdtemp(path.join(os.tmpdir(), "loom-render-cli-"));
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    logger.warn(`received ${signal}, stopping the render`);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Chromium starts while the rest of the node loads and the encoder is chosen (about a second of a
  // cold run); the pipeline takes it over, and closes it, in its pre-flight.
  const browser = openRenderBrowser(
    { chromiumPath: binaries.chromium, output: spec.output, allowHosts, workDir },
    controller.signal,
  );
  browser.catch(() => {});

  let shownQuarter = 0;
  try {
    const [{ runPipeline }, { captureCacheFromEnv }, { DEFAULT_ENCODER }, video] = await Promise.all([
      import("./pipeline"),
      import("./stages/capture/capture-cache"),
      import("./stages/compose/args"),
      chooseVideoCodec({ ffmpeg: binaries.ffmpeg, choice }),
    ]);
    logger.info("video encoder", { ...video });
    const cacheDir =
      process.env.RENDER_CACHE_DIR?.trim() || path.join(os.tmpdir(), "loom-render-node", ".cache");
    const captureCache = captureCacheFromEnv(path.join(cacheDir, "captures"));
    const { report } = await runPipeline(
      {
        spec,
        fields,
        facecamFile,
        workDir,
        cacheDir,
        ...(captureCache ? { captureCache } : {}),
        binaries,
        encoder: { ...DEFAULT_ENCODER, codec: video.codec },
        allowHosts,
        browser,
      },
      {
        signal: controller.signal,
        logger,
        onStage: (stage) => logger.info("started", { stage }),
        onProgress: (stage, progress) => {
          const quarter = Math.floor(progress * 4);
          if (quarter > shownQuarter && quarter < 4) {
            shownQuarter = quarter;
            logger.info(`${quarter * 25}% of the render done`, { stage });
          }
        },
        publish: async (artifacts) => {
          await copyFile(artifacts.video, path.join(outDir, "video.mp4"));
          await copyFile(artifacts.poster, path.join(outDir, "poster.jpg"));
          await copyFile(artifacts.gif, path.join(outDir, "preview.gif"));
        },
      },
    );
    for (const warning of report.warnings) logger.warn(warning);
    const timings = Object.entries(report.timings)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`)
      .join(", ");
    process.stdout.write(
      `Rendered ${report.video?.seconds.toFixed(1)} s of video in ${(report.elapsedMs / 1000).toFixed(1)} s ` +
        `(${timings}).\n${path.join(outDir, "video.mp4")}\n${path.join(outDir, "poster.jpg")}\n` +
        `${path.join(outDir, "preview.gif")}\n${path.join(outDir, "report.json")}\n`,
    );
    return 0;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write("Render cancelled.\n");
      return 130;
    }
    throw error;
  } finally {
    // The pipeline closed it; not when the render never started (no encoder, a module that failed).
    await browser.then((session) => session.close()).catch(() => {});
    await copyFile(path.join(workDir, "report.json"), path.join(outDir, "report.json")).catch(() => {});
    await rm(workDir, { recursive: true, force: true });
  }
}

function readArgs(): { campaign: string; lead: string; out: string } | "help" {
  let values: { campaign?: string; lead?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        campaign: { type: "string" },
        lead: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return "help";
  const missing = (["campaign", "lead", "out"] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new InputError(`missing ${missing.map((m) => `--${m}`).join(", ")}\n\n${USAGE}`);
  }
  return { campaign: values.campaign as string, lead: values.lead as string, out: values.out as string };
}

async function readJson(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError(`${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${flag}: ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`,
  );
  throw new InputError(`invalid ${what}:\n${issues.join("\n")}`);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof InputError) {
      process.stderr.write(`render: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof RenderError) {
      process.stderr.write(`render failed (${error.code}): ${error.message}\n`);
      if (error.details) process.stderr.write(`${error.details}\n`);
      process.exitCode = 1;
    } else if (error instanceof MissingBinaryError || error instanceof EncoderUnavailableError) {
      process.stderr.write(`render: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        `render failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
      );
      process.exitCode = 1;
    }
  },
);
