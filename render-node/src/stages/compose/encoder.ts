import { execa } from "execa";
import type { EncoderSettings, VideoCodec } from "../../core/types";

/** What ENCODER asks for: try the GPU (`auto`), or one encoder whatever the machine. */
export type EncoderChoice = "auto" | VideoCodec;

export interface CodecDecision {
  codec: VideoCodec;
  /** Why, for the node's start-up log. */
  reason: string;
}

/** Says whether this ffmpeg can encode H.264 on an NVIDIA GPU right now. */
export type NvencTrial = (ffmpeg: string) => Promise<{ ok: boolean; detail: string }>;

const TRIAL_TIMEOUT_MS = 15_000;

/**
 * One frame through h264_nvenc. Debian's ffmpeg lists the encoder on every machine; only opening it
 * (libcuda, a GPU, a free session) tells whether it works.
 */
export const nvencTrial: NvencTrial = async (ffmpeg) => {
  const result = await execa(
    ffmpeg,
    [
      ...["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=s=256x256:d=0.04"],
      ...["-c:v", "h264_nvenc", "-f", "null", "-"],
    ],
    { reject: false, timeout: TRIAL_TIMEOUT_MS, stdin: "ignore" },
  );
  const detail = (result.stderr || String(result.shortMessage ?? "")).trim().split("\n").slice(-2).join(" ");
  return { ok: result.exitCode === 0, detail };
};

/** One trial per ffmpeg binary per process: a node decides once, at start. */
const trials = new Map<string, ReturnType<NvencTrial>>();

function cachedTrial(ffmpeg: string): ReturnType<NvencTrial> {
  let pending = trials.get(ffmpeg);
  if (!pending) {
    pending = nvencTrial(ffmpeg).catch((error: unknown) => ({ ok: false, detail: String(error) }));
    trials.set(ffmpeg, pending);
  }
  return pending;
}

export class EncoderUnavailableError extends Error {
  override readonly name = "EncoderUnavailableError";
}

/**
 * The encoder of this node's videos: NVENC where a trial encode works (or is demanded), libx264
 * otherwise. `trial` replaces the real trial (tests); without it the result is cached per ffmpeg.
 */
export async function chooseVideoCodec(input: {
  ffmpeg: string;
  choice: EncoderChoice;
  trial?: NvencTrial;
}): Promise<CodecDecision> {
  if (input.choice === "libx264") return { codec: "libx264", reason: "ENCODER=libx264" };
  const trial = await (input.trial ?? cachedTrial)(input.ffmpeg);
  if (trial.ok) {
    return { codec: "h264_nvenc", reason: "a one-frame h264_nvenc trial encode succeeded" };
  }
  if (input.choice === "h264_nvenc") {
    throw new EncoderUnavailableError(
      `ENCODER=h264_nvenc, but ffmpeg cannot encode with NVENC on this machine (${trial.detail}); ` +
        "install the NVIDIA driver (libcuda) or set ENCODER=auto.",
    );
  }
  return { codec: "libx264", reason: `no NVENC (${trial.detail})` };
}

/** x264's presets by speed, and the NVENC preset of about the same quality. */
const NVENC_PRESET: Record<string, string> = {
  ultrafast: "p4",
  superfast: "p4",
  veryfast: "p5",
  faster: "p5",
  fast: "p5",
  medium: "p6",
  slow: "p7",
  slower: "p7",
  veryslow: "p7",
  placebo: "p7",
};

/**
 * The video encoder's arguments. NVENC gets the same quality level as constant quality (`-cq` at the
 * CRF value, VBR with no bitrate cap) and an equivalent p-preset; none of x264's own options.
 */
export function videoCodecArgs(encoder: EncoderSettings): string[] {
  if (encoder.codec === "h264_nvenc") {
    return [
      ...["-c:v", "h264_nvenc", "-preset", NVENC_PRESET[encoder.preset] ?? "p5", "-tune", "hq"],
      ...["-rc", "vbr", "-cq", String(encoder.crf), "-b:v", "0", "-spatial-aq", "1"],
      ...["-pix_fmt", "yuv420p"],
    ];
  }
  // No B-frames: on a scrolled page they saved no bytes and cost a fifth of x264's CPU (bench replay:
  // 9.4 against 12 CPU-s for a 60 s lead, same size, same SSIM against a lossless encode).
  return [
    ...["-c:v", "libx264", "-preset", encoder.preset, "-crf", String(encoder.crf), "-bf", "0"],
    ...["-pix_fmt", "yuv420p"],
  ];
}
