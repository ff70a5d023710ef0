import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

/** Names of the real media files the Worker tests upload (made by ffmpeg, handed over as base64). */
export type MediaSample =
  | "mp4"
  | "mp4MoovAtEnd"
  | "mov"
  | "webm"
  | "recorderWebm"
  | "longMp4"
  | "longRecorderWebm"
  | "audioOnlyMp4"
  | "png"
  | "jpeg"
  | "gif"
  | "webp";

declare module "vitest" {
  export interface ProvidedContext {
    mediaSamples: Record<MediaSample, string>;
  }
}

const TINY_VIDEO = (seconds: number, fps: number) => [
  "-f",
  "lavfi",
  "-i",
  `testsrc2=s=32x32:r=${fps}:d=${seconds}`,
];
const TONE = (seconds: number) => ["-f", "lavfi", "-i", `sine=f=330:r=48000:d=${seconds}`];
const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
const VP8 = ["-c:v", "libvpx", "-b:v", "50k", "-deadline", "realtime"];

/**
 * A Matroska live stream as Chrome's MediaRecorder writes it: no Duration, and Segment and Clusters
 * of unknown size. ffmpeg's `-live 1` leaves out the Duration and the Segment size; each Cluster's size
 * is then rewritten to the same-length "unknown" value.
 */
function unknownClusterSizes(file: Buffer): Buffer {
  const out = Buffer.from(file);
  const cluster = Buffer.from([0x1f, 0x43, 0xb6, 0x75]);
  for (let at = out.indexOf(cluster); at >= 0; at = out.indexOf(cluster, at + 4)) {
    const first = out[at + 4] as number;
    let length = 1;
    while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
    out[at + 4] = (0xff >> length) | (0x80 >> (length - 1));
    for (let i = 1; i < length; i++) out[at + 4 + i] = 0xff;
  }
  return out;
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "loom-edge-media-"));
  const ffmpeg = process.env.FFMPEG_PATH ?? "ffmpeg";
  const make = (name: string, args: string[]) => {
    const out = path.join(dir, name);
    execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", ...args, out]);
    return readFileSync(out);
  };
  const audio = ["-c:a", "aac", "-shortest"];
  const samples: Record<MediaSample, Buffer> = {
    mp4: make("a.mp4", [...TINY_VIDEO(2, 5), ...TONE(2), ...H264, ...audio, "-movflags", "+faststart"]),
    mp4MoovAtEnd: make("b.mp4", [...TINY_VIDEO(2, 5), ...H264]),
    mov: make("c.mov", [...TINY_VIDEO(2, 5), ...H264, "-f", "mov"]),
    webm: make("d.webm", [...TINY_VIDEO(2, 5), ...TONE(2), ...VP8, "-c:a", "libopus", "-shortest"]),
    recorderWebm: unknownClusterSizes(
      make("e.webm", [...TINY_VIDEO(3, 5), ...VP8, "-f", "webm", "-live", "1"]),
    ),
    // Eleven minutes at one frame a second: over the limit, and still only a few kilobytes.
    longMp4: make("f.mp4", [...TINY_VIDEO(660, 1), ...H264]),
    longRecorderWebm: unknownClusterSizes(
      make("g.webm", [...TINY_VIDEO(660, 1), ...VP8, "-f", "webm", "-live", "1"]),
    ),
    audioOnlyMp4: make("h.mp4", [...TONE(2), "-c:a", "aac", "-f", "mp4"]),
    png: make("i.png", [...TINY_VIDEO(1, 1), "-frames:v", "1"]),
    jpeg: make("j.jpg", [...TINY_VIDEO(1, 1), "-frames:v", "1"]),
    gif: make("k.gif", [...TINY_VIDEO(1, 1), "-frames:v", "1"]),
    webp: make("l.webp", [...TINY_VIDEO(1, 1), "-frames:v", "1", "-c:v", "libwebp"]),
  };
  rmSync(dir, { recursive: true, force: true });
  project.provide(
    "mediaSamples",
    Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.toString("base64")])) as Record<
      MediaSample,
      string
    >,
  );
}
