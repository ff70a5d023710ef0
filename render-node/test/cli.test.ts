import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ffprobe, isJpeg, makeFacecam, topLevelBoxes } from "./helpers/media";
import { closedPort, type PagesServer, startPagesServer } from "./helpers/pages-server";

const RENDER_NODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REPO = path.resolve(RENDER_NODE, "..");
const CLI = path.join(RENDER_NODE, "src", "cli.ts");

let pages: PagesServer;
let tmp: string;

beforeAll(async () => {
  pages = await startPagesServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "render-cli-test-"));
  await makeFacecam(tmp, 5);
});

afterAll(async () => {
  await pages?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = path.join(tmp, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

/** Runs the CLI the way the npm script does (node with the tsx loader), with absolute paths. */
function runCli(args: string[], env: Record<string, string> = {}, timeout = 170_000) {
  return execa(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: RENDER_NODE,
    reject: false,
    env: { RENDER_ALLOW_HOSTS: "127.0.0.1", npm_lifecycle_event: "", ...env },
    timeout,
  });
}

/** Chromium processes a CLI render started (their profile folder is named after its work folder). */
async function cliBrowsers(): Promise<string[]> {
  const { stdout } = await execa("ps", ["-eo", "args"], { reject: false });
  return stdout.split("\n").filter((line) => line.includes("loom-render-cli-") && /chrom/i.test(line));
}

describe("npm run render", () => {
  it("writes an H.264 yuv420p faststart MP4 with audio, a poster and a report", async () => {
    const spec = await writeJson("spec.json", {
      facecam: "facecam-5s.mp4",
      bubble: { shape: "circle", position: "bottom-right", size: 0.3 },
      output: { width: 1280, height: 720, fps: 30 },
      scenes: [
        { url: "{{website}}/long.html?name={{first_name}}", seconds: 2 },
        { url: "{{website}}/pricing.html" },
      ],
    });
    const lead = await writeJson("lead.json", { fields: { first_name: "Ada", website: pages.origin } });
    const out = path.join(tmp, "out");
    // From the repo root with paths relative to it, exactly as the README shows the command.
    const rel = (file: string) => path.relative(REPO, file);
    const result = await execa(
      "npm",
      ["run", "render", "--", "--campaign", rel(spec), "--lead", rel(lead), "--out", rel(out)],
      { cwd: REPO, reject: false, env: { RENDER_ALLOW_HOSTS: "127.0.0.1" }, timeout: 170_000 },
    );
    expect(result.exitCode, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    for (const stage of ["preflight", "capture", "compose", "publish"]) {
      expect(result.stderr).toContain(`${stage} started`);
    }

    const video = path.join(out, "video.mp4");
    const probe = await ffprobe(video);
    const v = probe.streams.find((s) => s.codec_type === "video");
    const a = probe.streams.find((s) => s.codec_type === "audio");
    expect(v, JSON.stringify(probe)).toMatchObject({
      codec_name: "h264",
      pix_fmt: "yuv420p",
      r_frame_rate: "30/1",
      width: 1280,
      height: 720,
    });
    expect(a, JSON.stringify(probe)).toMatchObject({ codec_name: "aac" });
    // Scene 1 lasts its 2 s; scene 2 takes the rest of the 5 s facecam.
    expect(Math.abs(Number(probe.format.duration) - 5), `duration ${probe.format.duration}`).toBeLessThan(
      0.2,
    );
    const boxes = await topLevelBoxes(video);
    expect(boxes.indexOf("moov"), `boxes ${boxes.join(",")}`).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf("moov"), `boxes ${boxes.join(",")}`).toBeLessThan(boxes.indexOf("mdat"));

    expect(await isJpeg(path.join(out, "poster.jpg"))).toBe(true);

    const report = JSON.parse(await readFile(path.join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ outcome: "done", video: { width: 1280, height: 720, fps: 30 } });
    expect(Object.keys(report.timings)).toEqual(["preflight", "capture", "compose", "publish"]);
    for (const ms of Object.values(report.timings)) expect(ms).toEqual(expect.any(Number));
    expect(report.scenes.map((s: { url: string; seconds: number }) => [s.url, s.seconds])).toEqual([
      [`${pages.origin}/long.html?name=Ada`, 2],
      [`${pages.origin}/pricing.html`, 3],
    ]);
    expect(report.scenes[0].screenshotHeight).toBe(8 * 700);
    // The lazy image sits ~5000 px down; only the scroll pass loads it.
    expect(pages.requests).toContain("/pixel.svg");
  });

  it("renders 1080p at 30 fps with a full-size poster and the email GIF", async () => {
    const spec = await writeJson("spec-1080.json", {
      facecam: "facecam-5s.mp4",
      bubble: { shape: "rounded", position: "top-left", size: 0.25 },
      output: { width: 1920, height: 1080, fps: 30 },
      scenes: [{ url: "{{website}}/pricing.html" }],
    });
    const lead = await writeJson("lead-1080.json", { website: pages.origin });
    const out = path.join(tmp, "out-1080");
    const result = await runCli(["--campaign", spec, "--lead", lead, "--out", out]);
    expect(result.exitCode, `stderr:\n${result.stderr}`).toBe(0);
    const probe = await ffprobe(path.join(out, "video.mp4"));
    expect(probe.streams.find((s) => s.codec_type === "video")).toMatchObject({
      codec_name: "h264",
      pix_fmt: "yuv420p",
      r_frame_rate: "30/1",
      width: 1920,
      height: 1080,
    });
    const poster = await ffprobe(path.join(out, "poster.jpg"));
    expect(poster.streams[0]).toMatchObject({ width: 1920, height: 1080 });
    expect(await isJpeg(path.join(out, "poster.jpg"))).toBe(true);
    const gif = await ffprobe(path.join(out, "preview.gif"));
    expect(gif.streams[0]).toMatchObject({ codec_name: "gif", width: 480 });
  });

  it("rejects a bad spec with exit code 2 and names the fields", async () => {
    const spec = await writeJson("bad-spec.json", {
      facecam: "facecam-5s.mp4",
      output: { width: 640, height: 360 },
      scenes: [],
    });
    const lead = await writeJson("lead-ok.json", { website: pages.origin });
    const result = await runCli(["--campaign", spec, "--lead", lead, "--out", path.join(tmp, "bad-out")]);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain("output.width");
    expect(result.stderr).toContain("scenes");
  });

  it("names the missing arguments and a missing facecam file", async () => {
    const missing = await runCli(["--campaign", "x.json"]);
    expect(missing.exitCode, missing.stderr).toBe(2);
    expect(missing.stderr).toContain("missing --lead, --out");

    const spec = await writeJson("no-facecam.json", {
      facecam: "nope.mp4",
      scenes: [{ url: "{{website}}" }],
    });
    const lead = await writeJson("lead-nf.json", { website: pages.origin });
    const result = await runCli(["--campaign", spec, "--lead", lead, "--out", path.join(tmp, "nf-out")]);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain(`facecam: file not found: ${path.join(tmp, "nope.mp4")}`);
  });

  it("closes the browser it started early when the render cannot begin (no such encoder here)", async () => {
    const spec = await writeJson("nvenc.json", {
      facecam: "facecam-5s.mp4",
      scenes: [{ url: "{{website}}/", seconds: 2 }],
    });
    const lead = await writeJson("lead-nvenc.json", { website: pages.origin });
    // A browser left open would keep the process alive until it is killed.
    const result = await runCli(
      ["--campaign", spec, "--lead", lead, "--out", path.join(tmp, "nvenc-out")],
      { ENCODER: "h264_nvenc" },
      60_000,
    );
    expect(result.timedOut, "the CLI exited by itself").toBe(false);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain("NVENC");
    expect(await cliBrowsers()).toEqual([]);
  });

  it("fails with a clear message naming the scene and URL when the page cannot be reached", async () => {
    const port = await closedPort();
    const spec = await writeJson("unreachable.json", {
      facecam: "facecam-5s.mp4",
      scenes: [{ url: "{{website}}/", seconds: 2 }],
    });
    const lead = await writeJson("lead-unreachable.json", { website: `http://127.0.0.1:${port}` });
    const out = path.join(tmp, "unreachable-out");
    const result = await runCli(["--campaign", spec, "--lead", lead, "--out", out]);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      `Scene 1: could not load http://127.0.0.1:${port}/: the server refused the connection`,
    );
    const report = JSON.parse(await readFile(path.join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ outcome: "failed", error: { code: "page_unusable" } });
  });
});
