import { BlobSource, BufferTarget, Conversion, Input, Output, WEBM, WebMOutputFormat } from "mediabunny";

/**
 * MediaRecorder writes WebM as a live stream: no Duration, no Cues, Segment and Clusters of unknown
 * size. Players then report an endless video (the upload's checks in the browser refuse it), and a
 * rep's trim has to cut it anyway. So a recording is cut and rewritten here with mediabunny into a
 * regular WebM (sizes, Duration and Cues written): media is copied where the cut allows and re-encoded
 * where it does not (a start between key frames), with timestamps kept exact.
 */

export interface Trim {
  /** Seconds into the recording where the facecam starts. */
  start: number;
  /** Seconds into the recording where it ends. */
  end: number;
}

function openRecording(recording: Blob): Input {
  return new Input({ source: new BlobSource(recording), formats: [WEBM] });
}

/** How long a recording lasts, measured from its frames (its header says nothing). */
export async function recordingSeconds(recording: Blob): Promise<number> {
  const input = openRecording(recording);
  try {
    return await input.computeDuration();
  } finally {
    input.dispose();
  }
}

/** The recording cut to `trim`, as a WebM file that declares its duration. */
export async function finishRecording(recording: Blob, trim: Trim, fileName: string): Promise<File> {
  const input = openRecording(recording);
  try {
    const target = new BufferTarget();
    const output = new Output({ format: new WebMOutputFormat(), target });
    const conversion = await Conversion.init({ input, output, trim });
    if (!conversion.isValid) {
      const why = conversion.discardedTracks.map((d) => `${d.track.type}: ${d.reason}`).join(", ");
      throw new Error(`The recording could not be saved as a video (${why}). Record again.`);
    }
    await conversion.execute();
    if (!target.buffer) throw new Error("The recording came out empty. Record again.");
    return new File([target.buffer], fileName, { type: "video/webm" });
  } finally {
    input.dispose();
  }
}
