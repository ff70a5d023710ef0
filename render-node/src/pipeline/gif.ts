import { access, mkdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { drawPlayButton } from "./compose-sprites";
import { runFfmpeg } from "./ffmpeg";

/** Email clients cap attachments and inline images; a preview above this is too heavy to send. */
export const GIF_MAX_BYTES = 1_000_000;

interface GifLook {
  width: number;
  fps: number;
  colors: number;
}

/** First try, then lighter looks for busy pages whose preview comes out too heavy. */
const LOOKS: readonly GifLook[] = [
  { width: 480, fps: 10, colors: 128 },
  { width: 400, fps: 8, colors: 64 },
  { width: 320, fps: 6, colors: 32 },
];
const GIF_SECONDS = 3.5;

export interface PreviewInput {
  ffmpeg: string;
  video: string;
  videoSeconds: number;
  poster: string;
  gif: string;
  /** Where the play button picture is kept between renders. */
  cacheDir: string;
  signal: AbortSignal;
}

export interface PreviewResult {
  gifBytes: number;
  gifWidth: number;
  attempts: number;
}

/**
 * poster.jpg and preview.gif from the encoded video in one cheap pass that decodes only its first
 * seconds. The GIF (palette per clip, `stats_mode=diff` so the moving parts get the colours) carries a
 * play button on every frame, the first included, since many mail clients show only that one.
 */
export async function makePosterAndGif(input: PreviewInput): Promise<PreviewResult> {
  const seconds = Math.min(GIF_SECONDS, input.videoSeconds);
  const posterAt = Math.min(1, input.videoSeconds / 2);
  for (let attempt = 0; attempt < LOOKS.length; attempt++) {
    const look = LOOKS[attempt] as GifLook;
    const withPoster = attempt === 0;
    const height = 2 * Math.round((look.width * 9) / 16 / 2);
    const button = await playButton(input.cacheDir, Math.round(height * 0.24));
    const temp = `${input.gif}.tmp.gif`;
    const gifChain =
      `trim=end=${seconds.toFixed(3)},fps=${look.fps},scale=${look.width}:-2:flags=lanczos[small];` +
      "[small][1:v]overlay=(W-w)/2:(H-h)/2,split[forPalette][forGif];" +
      `[forPalette]palettegen=stats_mode=diff:max_colors=${look.colors}[palette];` +
      "[forGif][palette]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle[gif]";
    const graph = withPoster
      ? `[0:v]split[forPoster][forGifIn];[forPoster]trim=start=${posterAt.toFixed(3)},setpts=PTS-STARTPTS[poster];[forGifIn]${gifChain}`
      : `[0:v]${gifChain}`;
    await runFfmpeg({
      ffmpeg: input.ffmpeg,
      signal: input.signal,
      args: [
        ...["-t", (seconds + 0.5).toFixed(3), "-i", input.video, "-i", button],
        ...["-filter_complex", graph],
        ...(withPoster ? ["-map", "[poster]", "-frames:v", "1", "-q:v", "3", "-y", input.poster] : []),
        ...["-map", "[gif]", "-loop", "0", "-f", "gif", "-y", temp],
      ],
      errorCode: "encode_failed",
      failureMessage:
        "The poster and preview GIF could not be made from the video; the render will be retried.",
    });
    const bytes = (await stat(temp)).size;
    if (bytes <= GIF_MAX_BYTES || attempt === LOOKS.length - 1) {
      await rename(temp, input.gif);
      return { gifBytes: bytes, gifWidth: look.width, attempts: attempt + 1 };
    }
  }
  throw new Error("unreachable");
}

async function playButton(cacheDir: string, diameter: number): Promise<string> {
  const dir = path.join(cacheDir, "sprites");
  const file = path.join(dir, `play-v1-${diameter}.png`);
  if (
    await access(file).then(
      () => true,
      () => false,
    )
  )
    return file;
  await mkdir(dir, { recursive: true });
  const temp = `${file}.${process.pid}`;
  await writeFile(temp, drawPlayButton(diameter));
  await rename(temp, file);
  return file;
}
