import { execa } from "execa";
import { errorMessage, RenderError, tail } from "../../core/errors";
import type { LoudnessReport } from "../../core/types";

/** EBU R128 for online video: every lead's video sounds as loud as the next. */
export const LOUDNESS_TARGET = {
  integratedLufs: -16,
  /**
   * The promise is ≤ -1.5 dBTP in the video; AAC encoding can lift true peaks by a few tenths of a dB,
   * so the filter aims half a dB lower.
   */
  truePeakDb: -2,
  loudnessRange: 11,
} as const;

/**
 * Below this integrated loudness the track holds no speech (room tone, a muted microphone, digital
 * silence): normalising it would raise hiss by 30 dB and more, so it is kept as recorded.
 */
export const QUIET_FLOOR_LUFS = -50;

/** The facecam's sound as the first pass measured it. */
export type LoudnessMeasurement = Ebur128Summary;

/**
 * Channel layout and rate the sound is measured and normalised in: the same as the prepared clip's, so
 * the measurement is of the sound that is normalised (a mono recording is 3 dB quieter once it is
 * spread over two channels).
 */
export const AUDIO_LAYOUT = "aresample=48000,aformat=channel_layouts=stereo";

/** ebur128 prints its absolute gate when no block of sound passed it: the track is digital silence. */
const ABSOLUTE_GATE_LUFS = -70;

/** What ffmpeg's ebur128 filter (`peak=true`) prints in its closing summary. */
export interface Ebur128Summary {
  /** Integrated loudness, LUFS; -Infinity when the track is silent. */
  integratedLufs: number;
  /** Highest true peak over all channels, dBTP. */
  truePeakDb: number;
  loudnessRange: number;
  /** The relative gate of the integrated loudness, when printed. */
  thresholdLufs?: number;
}

export function parseEbur128Summary(log: string): Ebur128Summary {
  const summary = log.slice(log.lastIndexOf("Summary:"));
  const value = (label: string, unit: string) => {
    const match = new RegExp(`${label}:\\s+(-?inf|-?[\\d.]+) ${unit}`).exec(summary);
    if (!match) throw new Error(`ebur128 printed no "${label}" in its summary:\n${summary}`);
    const text = match[1] as string;
    return text.endsWith("inf") ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
  };
  const integrated = value("I", "LUFS");
  const gate = /Integrated loudness:\s+I:[^\n]*\n\s+Threshold:\s+(-?[\d.]+) LUFS/.exec(summary);
  return {
    integratedLufs: integrated <= ABSOLUTE_GATE_LUFS ? -Infinity : integrated,
    truePeakDb: value("Peak", "dBFS"),
    loudnessRange: value("LRA", "LU"),
    ...(gate ? { thresholdLufs: Number(gate[1]) } : {}),
  };
}

const FORCE_KILL_AFTER_MS = 800;

/**
 * First pass: measures the facecam's sound (its first `seconds`, as the prepared clip keeps) by EBU R128
 * (ebur128: the same BS.1770 figures loudnorm's own analysis gives, at a tenth of its CPU), so the second
 * pass can apply one linear gain.
 */
export async function measureFacecamLoudness(input: {
  ffmpeg: string;
  /** Input options that open the upload safely (probeUntrustedVideo's inputArgs). */
  inputArgs: readonly string[];
  seconds: number;
  signal: AbortSignal;
}): Promise<LoudnessMeasurement> {
  let stderr: string;
  try {
    const result = await execa(
      input.ffmpeg,
      [
        ...["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"],
        ...input.inputArgs,
        ...["-map", "0:a:0", "-vn", "-sn", "-dn"],
        ...["-af", `asetpts=PTS-STARTPTS,${AUDIO_LAYOUT},ebur128=peak=true`],
        ...["-t", input.seconds.toFixed(3), "-f", "null", "-"],
      ],
      {
        cancelSignal: input.signal,
        forceKillAfterDelay: FORCE_KILL_AFTER_MS,
        stdin: "ignore",
        detached: true,
      },
    );
    stderr = result.stderr;
  } catch (error) {
    if (input.signal.aborted) throw input.signal.reason ?? error;
    throw new RenderError(
      "facecam_unusable",
      "The facecam's sound could not be decoded; re-export it as MP4 (AAC).",
      {
        retryable: false,
        details: tail((error as { stderr?: string }).stderr) ?? errorMessage(error),
        cause: error,
      },
    );
  }
  try {
    return parseEbur128Summary(stderr);
  } catch {
    // An audio stream without a single decodable frame: as silent as digital silence.
    const none = Number.NEGATIVE_INFINITY;
    return { integratedLufs: none, truePeakDb: none, loudnessRange: 0 };
  }
}

/**
 * The filter that brings the measured sound to the target, or none when the track holds no speech.
 * One gain over the whole clip (no pumping) where the peaks stay under the ceiling and the range is
 * within the target's: the conditions of loudnorm's linear mode, as `volume`, without loudnorm's
 * resampling to 192 kHz (which costs more than the rest of the sound's pass). Otherwise loudnorm, which
 * then works in its dynamic mode.
 */
export function loudnessFilter(measured: LoudnessMeasurement): {
  filter: string | undefined;
  report: LoudnessReport;
} {
  const report = {
    measuredLufs: Number.isFinite(measured.integratedLufs) ? round(measured.integratedLufs) : null,
    measuredTruePeakDb: Number.isFinite(measured.truePeakDb) ? round(measured.truePeakDb) : null,
  };
  if (!(measured.integratedLufs >= QUIET_FLOOR_LUFS)) {
    return { filter: undefined, report: { applied: "quiet", ...report } };
  }
  const { integratedLufs: I, truePeakDb: TP, loudnessRange: LRA } = LOUDNESS_TARGET;
  const gainDb = I - measured.integratedLufs;
  const oneGain = measured.truePeakDb + gainDb <= TP && measured.loudnessRange <= LRA;
  const filter = oneGain
    ? `volume=${gainDb.toFixed(2)}dB`
    : `loudnorm=I=${I}:TP=${TP}:LRA=${LRA}` +
      `:measured_I=${measured.integratedLufs}:measured_TP=${clamp(measured.truePeakDb, -99, 99)}` +
      `:measured_LRA=${clamp(measured.loudnessRange, 0, 99)}:measured_thresh=${clamp(measured.thresholdLufs ?? ABSOLUTE_GATE_LUFS, -99, 0)}` +
      ":linear=true";
  return { filter, report: { applied: "normalised", ...report } };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : min));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
