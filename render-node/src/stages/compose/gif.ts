import { access, mkdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { runFfmpeg } from "./ffmpeg";
import { drawPlayButton } from "./sprites";

/** Email clients cap attachments and inline images; a preview above this is too heavy to send. */
export const GIF_MAX_BYTES = 1_000_000;

export interface GifLook {
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
export const FIRST_LOOK = LOOKS[0] as GifLook;
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

/** The poster frame and the GIF's clip, for a video of `videoSeconds`. */
export function previewTiming(videoSeconds: number): { gifSeconds: number; posterAt: number } {
  return { gifSeconds: Math.min(GIF_SECONDS, videoSeconds), posterAt: Math.min(1, videoSeconds / 2) };
}

/**
 * Filters that turn the video stream `source` into `[poster]` (one frame) and `[gif]`, with the play
 * button picture from input `button`. Every branch ends by itself (trim), so the graph can also run
 * beside the full encode without holding frames back. The GIF (palette per clip, `stats_mode=diff` so
 * the moving parts get the colours) carries the button on every frame, the first included, since many
 * mail clients show only that one.
 */
export function previewFilters(
  source: string,
  button: number,
  look: GifLook,
  timing: { gifSeconds: number; posterAt?: number },
): string {
  const gifChain =
    `trim=end=${timing.gifSeconds.toFixed(3)},fps=${look.fps},scale=${look.width}:-2:flags=lanczos[small];` +
    `[small][${button}:v]overlay=(W-w)/2:(H-h)/2,split[forPalette][forGif];` +
    `[forPalette]palettegen=stats_mode=diff:max_colors=${look.colors}[palette];` +
    "[forGif][palette]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle[gif]";
  if (timing.posterAt === undefined) return `${source}${gifChain}`;
  return (
    `${source}split[forPoster][forGifIn];` +
    `[forPoster]trim=start=${timing.posterAt.toFixed(3)},setpts=PTS-STARTPTS,trim=end_frame=1[poster];` +
    `[forGifIn]${gifChain}`
  );
}

/** Output arguments for the `[poster]` and `[gif]` streams of `previewFilters`. */
export function previewOutputs(outputs: { poster?: string; gif: string }): string[] {
  return [
    ...(outputs.poster ? ["-map", "[poster]", "-frames:v", "1", "-q:v", "3", "-y", outputs.poster] : []),
    ...["-map", "[gif]", "-loop", "0", "-f", "gif", "-y", outputs.gif],
  ];
}

/** The first look's play button, drawn once per size and kept in the cache folder. */
export function playButtonFor(cacheDir: string, look: GifLook = FIRST_LOOK): Promise<string> {
  return playButton(cacheDir, Math.round(gifHeight(look) * 0.24));
}

function gifHeight(look: GifLook): number {
  return 2 * Math.round((look.width * 9) / 16 / 2);
}

/**
 * poster.jpg and preview.gif from the encoded video in one cheap pass that decodes only its first
 * seconds; lighter looks follow while the GIF comes out over the email limit. `firstLook: false` when
 * the poster and the first look's GIF were already made (by the encode itself) and came out too heavy.
 */
export async function makePosterAndGif(
  input: PreviewInput & { firstLook?: boolean },
): Promise<PreviewResult> {
  const timing = previewTiming(input.videoSeconds);
  const first = input.firstLook === false ? 1 : 0;
  for (let attempt = first; attempt < LOOKS.length; attempt++) {
    const look = LOOKS[attempt] as GifLook;
    const withPoster = attempt === 0;
    const button = await playButtonFor(input.cacheDir, look);
    const temp = `${input.gif}.tmp.gif`;
    await runFfmpeg({
      ffmpeg: input.ffmpeg,
      signal: input.signal,
      args: [
        ...["-t", (timing.gifSeconds + 0.5).toFixed(3), "-i", input.video, "-i", button],
        ...[
          "-filter_complex",
          previewFilters("[0:v]", 1, look, withPoster ? timing : { gifSeconds: timing.gifSeconds }),
        ],
        ...previewOutputs({ ...(withPoster ? { poster: input.poster } : {}), gif: temp }),
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
