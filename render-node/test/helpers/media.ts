import { open, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { z } from "zod";

/** A facecam-like clip: moving test pattern with a tone, H.264 + AAC. */
export async function makeFacecam(
  dir: string,
  seconds = 5,
  options: { audio?: boolean } = {},
): Promise<string> {
  const file = path.join(dir, `facecam-${seconds}s${options.audio === false ? "-silent" : ""}.mp4`);
  const audio =
    options.audio === false ? [] : ["-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`];
  await execa("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=640x480:rate=30:duration=${seconds}`],
    ...audio,
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...(options.audio === false ? [] : ["-c:a", "aac", "-shortest"]),
    file,
  ]);
  return file;
}

const ProbeSchema = z.object({
  streams: z.array(
    z.object({
      codec_type: z.string(),
      codec_name: z.string(),
      pix_fmt: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      r_frame_rate: z.string(),
    }),
  ),
  format: z.object({ duration: z.string(), format_name: z.string() }),
});
export type Probe = z.infer<typeof ProbeSchema>;

export async function ffprobe(file: string): Promise<Probe> {
  const { stdout } = await execa("ffprobe", [
    ...["-v", "error", "-show_entries", "stream=codec_type,codec_name,pix_fmt,width,height,r_frame_rate"],
    ...["-show_entries", "format=duration,format_name", "-of", "json", file],
  ]);
  return ProbeSchema.parse(JSON.parse(stdout));
}

/** Top-level MP4 box types in file order (faststart puts moov before mdat). */
export async function topLevelBoxes(file: string): Promise<string[]> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const boxes: string[] = [];
    let offset = 0;
    const header = Buffer.alloc(16);
    while (offset + 8 <= size && boxes.length < 50) {
      await handle.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      boxes.push(header.toString("latin1", 4, 8));
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      if (boxSize === 0) break;
      offset += boxSize;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

/** JPEG files start with FF D8 FF. */
export async function isJpeg(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(3);
    await handle.read(head, 0, 3, 0);
    return head.equals(Buffer.from([0xff, 0xd8, 0xff]));
  } finally {
    await handle.close();
  }
}

/** A clip of one flat colour (e.g. "magenta"), H.264 in MP4, fragmented when asked (DASH-friendly). */
export async function makeSolidVideo(
  file: string,
  color: string,
  options: { seconds?: number; fragmented?: boolean } = {},
): Promise<string> {
  const seconds = options.seconds ?? 2;
  await execa("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", `color=${color}:size=320x240:rate=30:duration=${seconds}`],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...(options.fragmented ? ["-movflags", "+frag_keyframe+empty_moov+default_base_moof"] : []),
    ...["-f", "mp4", file],
  ]);
  return file;
}

/**
 * A copy of an MP4 whose headers (mvhd, and every track's tkhd and mdhd) declare `seconds`, while its
 * samples still last what they lasted: the lie a crafted upload tells about its length.
 */
export async function withDeclaredDuration(source: string, target: string, seconds: number): Promise<string> {
  const buf = await readFile(source);
  const patch = (start: number, end: number) => {
    let at = start;
    while (at + 8 <= end) {
      const size = buf.readUInt32BE(at);
      const type = buf.toString("latin1", at + 4, at + 8);
      if (size < 8) break;
      if (type === "moov" || type === "trak" || type === "mdia") patch(at + 8, at + size);
      if ((type === "mvhd" || type === "mdhd" || type === "tkhd") && buf[at + 8] === 0) {
        // version 0: creation(4) modification(4) then timescale(4) duration(4), or for tkhd
        // track id(4) reserved(4) duration(4) in the movie's timescale.
        if (type === "tkhd") buf.writeUInt32BE(0xffff_fffe, at + 12 + 16);
        else buf.writeUInt32BE(Math.min(0xffff_fffe, buf.readUInt32BE(at + 20) * seconds), at + 24);
      }
      at += size;
    }
  };
  patch(0, buf.length);
  await writeFile(target, buf);
  return target;
}

/** `frames` frames of one colour, each shown for `secondsPerFrame`: few bytes, a long play time. */
export async function makeStretchedVideo(
  file: string,
  frames: number,
  secondsPerFrame: number,
): Promise<string> {
  await execa("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", `color=gray:size=64x64:rate=1:duration=${frames}`],
    ...["-vf", `setpts=${secondsPerFrame}*N/TB`, "-fps_mode", "passthrough"],
    ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-video_track_timescale", "1000"],
    ...["-f", "mp4", file],
  ]);
  return file;
}
