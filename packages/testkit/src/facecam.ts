import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";

export interface FacecamOptions {
  width?: number;
  height?: number;
  ffmpegPath?: string;
}

/**
 * Writes a stand-in facecam clip: a slowly moving colour gradient with "Hi from Loom-Lite", a running
 * seconds counter (handy for checking sync in renders) and a soft sine tone. Cheap to encode (~5 s).
 * Written to a temporary name first so an interrupted run never leaves half a file behind.
 */
export async function makeFacecam(
  outPath: string,
  seconds: number,
  opts: FacecamOptions = {},
): Promise<void> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const ffmpeg = opts.ffmpegPath ?? process.env.FFMPEG_PATH ?? "ffmpeg";
  mkdirSync(path.dirname(outPath), { recursive: true });
  const partial = `${outPath}.partial.mp4`;

  const gradient =
    `gradients=s=${width}x${height}:r=30:d=${seconds}:speed=0.015:n=5:x0=0:y0=0:x1=${width}:y1=${height}` +
    ":c0=0x5b4cf0:c1=0xff8a65:c2=0x26c6da:c3=0xf06292:c4=0x7e57c2";
  const fontSize = Math.round(height * 0.095);
  const video = [
    "drawbox=x=0:y=ih*0.38:w=iw:h=ih*0.26:color=black@0.35:t=fill",
    `drawtext=font=Sans:text='Hi from Loom-Lite':fontsize=${fontSize}:fontcolor=white:x=(w-tw)/2:y=h*0.42+8*sin(t*2)`,
    `drawtext=font=Sans:text='%{eif\\:t\\:d} s':fontsize=${Math.round(fontSize / 2)}:fontcolor=white@0.85:x=(w-tw)/2:y=h*0.55`,
    "format=yuv420p",
  ].join(",");

  try {
    await execa(ffmpeg, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      gradient,
      "-f",
      "lavfi",
      "-i",
      `sine=f=330:r=48000:d=${seconds}`,
      "-filter_complex",
      `[0:v]${video}[v];[1:a]volume=0.12[a]`,
      "-map",
      "[v]",
      "-map",
      "[a]",
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "28",
      "-c:a",
      "aac",
      "-b:a",
      "96k",
      "-movflags",
      "+faststart",
      "-shortest",
      partial,
    ]);
    renameSync(partial, outPath);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
