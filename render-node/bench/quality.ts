/**
 * What a viewer hears and sees in an encoded video, measured by ffmpeg: EBU R128 loudness (`ebur128`)
 * and structural similarity of a picture to its source (`ssim`).
 */
import { execa } from "execa";

export interface Loudness {
  /** Integrated loudness, LUFS (-Infinity when the track is silent). */
  integratedLufs: number;
  /** Highest true peak over all channels, dBTP. */
  truePeakDb: number;
  loudnessRange: number;
}

/** Loudness of a file's first audio stream, from the summary ffmpeg's ebur128 filter prints. */
export async function measureLoudness(ffmpeg: string, file: string): Promise<Loudness> {
  const { stderr } = await execa(ffmpeg, [
    ...["-hide_banner", "-nostdin", "-nostats", "-i", file],
    ...["-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"],
  ]);
  return parseEbur128Summary(stderr);
}

export function parseEbur128Summary(log: string): Loudness {
  const summary = log.slice(log.lastIndexOf("Summary:"));
  const value = (label: string, unit: string) => {
    const match = new RegExp(`${label}:\\s+(-?inf|-?[\\d.]+) ${unit}`).exec(summary);
    if (!match) throw new Error(`ebur128 printed no "${label}" in its summary:\n${summary}`);
    const text = match[1] as string;
    return text.endsWith("inf") ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
  };
  return {
    integratedLufs: value("I", "LUFS"),
    truePeakDb: value("Peak", "dBFS"),
    loudnessRange: value("LRA", "LU"),
  };
}

/** A picture for `ssim`: a file (image or video) and the filters that pick and shape what is compared. */
export interface PictureSource {
  file: string;
  /** Filter chain applied to the file's video, e.g. `select=eq(n\,120),crop=…`; empty for none. */
  filters?: string;
}

export interface Ssim {
  /** Weighted over the Y, U and V planes, as ffmpeg's `All`. */
  all: number;
  y: number;
}

/**
 * SSIM of `distorted` against `reference`, both compared in yuv420p at the same size (the first
 * picture pair only). 1 means identical.
 */
export async function measureSsim(
  ffmpeg: string,
  reference: PictureSource,
  distorted: PictureSource,
): Promise<Ssim> {
  const chain = (source: PictureSource) => [source.filters, "format=yuv420p"].filter(Boolean).join(",");
  const { stderr } = await execa(ffmpeg, [
    ...["-hide_banner", "-nostdin", "-nostats", "-i", reference.file, "-i", distorted.file],
    ...["-filter_complex", `[0:v]${chain(reference)}[ref];[1:v]${chain(distorted)}[dist];[dist][ref]ssim`],
    ...["-frames:v", "1", "-f", "null", "-"],
  ]);
  const match = /SSIM Y:([\d.]+).*All:([\d.]+)/.exec(stderr);
  if (!match) throw new Error(`ssim printed no summary:\n${stderr.slice(-2000)}`);
  return { y: Number(match[1]), all: Number(match[2]) };
}

/**
 * Per-frame values of one option from a sendcmd script compose wrote (`scene-0.cmd`, `cursor.cmd`):
 * what the encode really did, frame by frame. Commands addressed half a frame early (see commands.ts).
 */
export function sendcmdValues(
  script: string,
  target: string,
  command: string,
  fps: number,
  frames: number,
  initial = 0,
): Int32Array {
  const changes = new Map<number, number>();
  for (const line of script.split("\n")) {
    const match = /^([\d.]+) (.*);$/.exec(line.trim());
    if (!match) continue;
    const time = Number(match[1]);
    const frame = time === 0 ? 0 : Math.round(time * fps + 0.5);
    for (const part of (match[2] as string).split(",")) {
      const [t, c, v] = part.trim().split(" ");
      if (t === target && c === command) changes.set(frame, Number(v));
    }
  }
  const values = new Int32Array(frames);
  let current = changes.get(0) ?? initial;
  for (let f = 0; f < frames; f++) {
    current = changes.get(f) ?? current;
    values[f] = current;
  }
  return values;
}
