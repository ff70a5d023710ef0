/**
 * What a viewer hears and sees in an encoded video, measured by ffmpeg: EBU R128 loudness (`ebur128`)
 * and structural similarity of a picture to its source (`ssim`).
 */
import { access, open, readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { type Ebur128Summary, parseEbur128Summary } from "../src/stages/compose/loudness";

/** Loudness of a file's first audio stream, from the summary ffmpeg's ebur128 filter prints. */
export async function measureLoudness(ffmpeg: string, file: string): Promise<Ebur128Summary> {
  const { stderr } = await execa(ffmpeg, [
    ...["-hide_banner", "-nostdin", "-nostats", "-i", file],
    ...["-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"],
  ]);
  return parseEbur128Summary(stderr);
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

export interface StillStretchSsim extends Ssim {
  /** Video frame compared (inside the longest still stretch of scene 1, past its greeting). */
  frame: number;
  stillFrames: number;
  scrollY: number;
  region: { x: number; y: number; width: number; height: number };
}

/**
 * SSIM of a finished video against the page pixels it was made from, where the page holds still: the
 * first scene's tall capture is cropped at the scroll offset compose used (read from the sendcmd script
 * the encode ran) and compared with the decoded frame, the bubble's side cut away and the cursor boxed
 * out of both pictures. `workDir` is the render's folder (video.mp4, compose/).
 */
export async function stillStretchSsim(input: {
  ffmpeg: string;
  workDir: string;
  output: { width: number; height: number; fps: number };
  sceneFrames: number;
  /** Frames of the first part, when the video was encoded in parts. */
  partFrames?: number | undefined;
  /** Frames at the start to skip (a greeting overlay over the page). */
  skipFrames: number;
  /** Left edge of the compared area: right of the bubble. */
  left: number;
  cursorCell: number;
}): Promise<StillStretchSsim> {
  const { width: W, height: H, fps } = input.output;
  // Encoded in parts: the first part's command and scripts hold the first scene's start.
  const whole = path.join(input.workDir, "compose");
  const dir = await access(path.join(whole, "part-0")).then(
    () => path.join(whole, "part-0"),
    () => whole,
  );
  const args = JSON.parse(await readFile(path.join(dir, "ffmpeg-args.json"), "utf8")) as string[];
  const graph = args[args.indexOf("-filter_complex") + 1] ?? "";
  const sources = args.flatMap((a, i) => (a === "-i" ? [args[i + 1] as string] : []));
  const sceneInput = /\[(\d+):v\][^;]*crop@scroll0=/.exec(graph)?.[1];
  const background = sources[Number(sceneInput)];
  if (sceneInput === undefined || !background) throw new Error("no scene 0 background in ffmpeg-args.json");

  const sceneFrames = Math.min(input.sceneFrames, input.partFrames ?? input.sceneFrames);
  const scroll = sendcmdValues(
    await readFile(path.join(dir, "scene-0.cmd"), "utf8"),
    "crop@scroll0",
    "y",
    fps,
    sceneFrames,
  );
  let best = { from: 0, length: 0 };
  for (let f = input.skipFrames; f < sceneFrames; ) {
    let to = f + 1;
    while (to < sceneFrames && scroll[to] === scroll[f]) to++;
    if (to - f > best.length) best = { from: f, length: to - f };
    f = to;
  }
  if (best.length < 2) throw new Error("the first scene never holds still");
  const frame = best.from + Math.floor(best.length / 2);
  const scrollY = scroll[frame] as number;

  const cursorScript = await readFile(path.join(dir, "cursor.cmd"), "utf8");
  const at = (command: string) =>
    sendcmdValues(cursorScript, "overlay@cursor", command, fps, frame + 1)[frame] as number;
  const cursor = `drawbox=x=${at("x")}:y=${at("y")}:w=${input.cursorCell}:h=${input.cursorCell}:color=black:t=fill`;
  const region = { x: input.left, y: 0, width: W - input.left, height: H };
  const crop = `crop=${region.width}:${region.height}:${region.x}:${region.y}`;
  const fit = (await pngWidth(background)) === W ? "" : `scale=${W}:-2,`;
  const ssim = await measureSsim(
    input.ffmpeg,
    { file: background, filters: `${fit}crop=${W}:${H}:0:${scrollY},${cursor},${crop}` },
    {
      file: path.join(input.workDir, "video.mp4"),
      filters: `select=eq(n\\,${frame}),setpts=PTS-STARTPTS,${cursor},${crop}`,
    },
  );
  return { ...ssim, frame, stillFrames: best.length, scrollY, region };
}

/** Width from a PNG's IHDR chunk (bytes 16–19). */
async function pngWidth(file: string): Promise<number> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(24);
    await handle.read(head, 0, 24, 0);
    return head.readUInt32BE(16);
  } finally {
    await handle.close();
  }
}
