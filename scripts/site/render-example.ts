/**
 * `npm run site:example`: renders the home page's example video with the real pipeline (the render
 * node's CLI, Chromium and ffmpeg) from the demo campaign's scene spec over the demo bakery site, then
 * re-encodes it small enough to commit: site/public/example/maria-crumb-and-co.mp4 and its poster.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeFacecam } from "@loom-lite/testkit/facecam";
import { fromRoot } from "@loom-lite/testkit/paths";
import { serveStatic } from "@loom-lite/testkit/static-server";
import { execa } from "execa";
import { DEMO_FACECAM_SECONDS, demoLeads, demoSpec } from "../demo/seed";

const OUT_DIR = fromRoot("site/public/example");
const VIDEO = path.join(OUT_DIR, "maria-crumb-and-co.mp4");
const POSTER = path.join(OUT_DIR, "maria-crumb-and-co.jpg");
/** What may be committed: the page must stay light on a phone. */
const MAX_VIDEO_BYTES = 1_500_000;

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), "loom-example-"));
  const sites = await serveStatic(fromRoot("scripts/demo/sites"));
  try {
    await makeFacecam(path.join(work, "facecam.mp4"), DEMO_FACECAM_SECONDS);
    writeFileSync(path.join(work, "spec.json"), JSON.stringify(demoSpec("facecam.mp4")));
    const [maria] = demoLeads(sites.url);
    writeFileSync(path.join(work, "lead.json"), JSON.stringify(maria));
    const out = path.join(work, "out");
    await execa(
      "npm",
      [
        ...["run", "render", "--", "--campaign", path.join(work, "spec.json")],
        ...["--lead", path.join(work, "lead.json"), "--out", out],
      ],
      { cwd: fromRoot("."), stdio: "inherit", env: { RENDER_ALLOW_HOSTS: "127.0.0.1" } },
    ).catch((error) => {
      throw new Error(`the render failed: ${String(error)}`);
    });
    mkdirSync(OUT_DIR, { recursive: true });
    // Half the pixels and a modest quality: the page shows it at most ~640 px wide.
    await execa("ffmpeg", [
      ...["-hide_banner", "-loglevel", "error", "-y", "-i", path.join(out, "video.mp4")],
      ...["-vf", "scale=854:-2", "-c:v", "libx264", "-preset", "slow", "-crf", "30", "-pix_fmt", "yuv420p"],
      ...["-c:a", "aac", "-b:a", "48k", "-ac", "1", "-movflags", "+faststart", VIDEO],
    ]);
    await execa("ffmpeg", [
      ...["-hide_banner", "-loglevel", "error", "-y", "-ss", "1.5", "-i", VIDEO],
      ...["-frames:v", "1", "-q:v", "5", POSTER],
    ]);
    const bytes = statSync(VIDEO).size;
    if (bytes > MAX_VIDEO_BYTES) throw new Error(`${VIDEO} is ${bytes} bytes, over ${MAX_VIDEO_BYTES}`);
    console.log(`wrote ${path.relative(fromRoot("."), VIDEO)} (${bytes} bytes) and its poster`);
  } finally {
    await sites.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
