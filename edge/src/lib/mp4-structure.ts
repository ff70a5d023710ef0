import { FormatError, read, readOrEnd, skip, type Walk } from "./byte-walker";

/** What an upload's container says about the video inside it. */
export interface VideoFacts {
  /** The longest duration any header declares (movie, track, media, edit list, sample table). */
  seconds: number;
  hasVideoTrack: boolean;
}

/** An `ftyp` first and small: the file then starts with NUL bytes, which no text format does. */
const MAX_FTYP_BYTES = 4096;
/** The index of a 10-minute phone video is well under 1 MB; this bounds what one upload may buffer. */
const MAX_MOOV_BYTES = 32 * 1024 * 1024;
const FOURCC = /^[\x20-\x7e]{4}$/;

const NOT_MP4 = "not an MP4/MOV file";

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * ISO BMFF (MP4, MOV, M4V) read as it streams: the top-level boxes must tile the whole file (`length`
 * bytes), starting with `ftyp`; `moov` (the index) is kept and read for durations and tracks, everything
 * else is skipped.
 */
export function* readMp4(length: number): Walk<VideoFacts> {
  let first = true;
  let moov: Uint8Array | null = null;
  let position = 0;
  for (;;) {
    const header = yield* readOrEnd(8);
    if (!header) break;
    let size = view(header).getUint32(0);
    const type = fourcc(header, 4);
    if (!FOURCC.test(type)) throw new FormatError(`${NOT_MP4}: the data after the first boxes is not a box`);
    let headerBytes = 8;
    if (size === 1) {
      size = Number(view(yield* read(8)).getBigUint64(0));
      headerBytes = 16;
    }
    if (first && (type !== "ftyp" || size > MAX_FTYP_BYTES)) {
      throw new FormatError(`${NOT_MP4}: it does not start with a file type (ftyp) box`);
    }
    first = false;
    if (size === 0) {
      // "Extends to the end of the file": only the media data may do that, and nothing can follow it.
      if (type !== "mdat") throw new FormatError(`${NOT_MP4}: the ${type} box has no size`);
      yield* skip(Number.POSITIVE_INFINITY);
      break;
    }
    if (size < headerBytes) throw new FormatError(`${NOT_MP4}: the ${type} box has a broken size`);
    if (position + size > length) {
      throw new FormatError(
        `${NOT_MP4}: the ${type} box claims more bytes than the file has; it may be cut short`,
      );
    }
    position += size;
    const body = size - headerBytes;
    if (type === "moov") {
      if (moov) throw new FormatError(`${NOT_MP4}: it has two movie (moov) boxes`);
      if (body > MAX_MOOV_BYTES) throw new FormatError(`${NOT_MP4}: its movie (moov) box is too large`);
      moov = yield* read(body);
    } else {
      yield* skip(body);
    }
  }
  if (first) throw new FormatError(`${NOT_MP4}: it is empty`);
  if (!moov) throw new FormatError(`${NOT_MP4}: it has no movie (moov) box; the file may be cut short`);
  return readMovie(moov);
}

interface Box {
  type: string;
  body: Uint8Array;
}

/** The boxes inside `bytes`, each checked to fit. */
function boxesIn(bytes: Uint8Array): Box[] {
  const out: Box[] = [];
  let at = 0;
  while (at + 8 <= bytes.byteLength) {
    const dv = view(bytes.subarray(at));
    let size = dv.getUint32(0);
    const type = fourcc(bytes, at + 4);
    let headerBytes = 8;
    if (size === 1) {
      if (at + 16 > bytes.byteLength) break;
      size = Number(dv.getBigUint64(8));
      headerBytes = 16;
    } else if (size === 0) {
      size = bytes.byteLength - at;
    }
    if (size < headerBytes || at + size > bytes.byteLength) {
      throw new FormatError(`${NOT_MP4}: the ${type} box does not fit inside its parent`);
    }
    out.push({ type, body: bytes.subarray(at + headerBytes, at + size) });
    at += size;
  }
  return out;
}

function child(parent: Uint8Array, type: string): Uint8Array | null {
  return boxesIn(parent).find((b) => b.type === type)?.body ?? null;
}

const UNKNOWN_32 = 0xffffffff;

/** A (version 0: 32-bit, version 1: 64-bit) duration at `at32`/`at64`; 0 when unset or "unknown". */
function versionedDuration(body: Uint8Array, at32: number, at64: number): number {
  if (body.byteLength < 4) return 0;
  const dv = view(body);
  if (dv.getUint8(0) === 1) {
    if (body.byteLength < at64 + 8) return 0;
    const value = dv.getBigUint64(at64);
    return value === 0xffffffffffffffffn ? 0 : Number(value);
  }
  if (body.byteLength < at32 + 4) return 0;
  const value = dv.getUint32(at32);
  return value === UNKNOWN_32 ? 0 : value;
}

/** mvhd and mdhd: timescale then duration, after creation and modification times. */
function timescaleAndDuration(body: Uint8Array): { timescale: number; duration: number } {
  const dv = view(body);
  const v1 = body.byteLength >= 4 && dv.getUint8(0) === 1;
  const timescaleAt = v1 ? 20 : 12;
  if (body.byteLength < timescaleAt + 4) return { timescale: 0, duration: 0 };
  return { timescale: dv.getUint32(timescaleAt), duration: versionedDuration(body, 16, 24) };
}

function seconds(duration: number, timescale: number): number {
  return timescale > 0 ? duration / timescale : 0;
}

/** Sum of an edit list's segment durations (in the movie's timescale). */
function editListDuration(elst: Uint8Array): number {
  const dv = view(elst);
  if (elst.byteLength < 8) return 0;
  const v1 = dv.getUint8(0) === 1;
  const entry = v1 ? 20 : 12;
  const count = Math.min(dv.getUint32(4), Math.floor((elst.byteLength - 8) / entry));
  let total = 0;
  for (let i = 0; i < count; i++) {
    const at = 8 + i * entry;
    total += v1 ? Number(dv.getBigUint64(at)) : dv.getUint32(at);
  }
  return total;
}

/** Sum of the sample table's time-to-sample deltas (in the track's media timescale). */
function sampleTableDuration(stts: Uint8Array): number {
  const dv = view(stts);
  if (stts.byteLength < 8) return 0;
  const count = Math.min(dv.getUint32(4), Math.floor((stts.byteLength - 8) / 8));
  let total = 0;
  for (let i = 0; i < count; i++) total += dv.getUint32(8 + i * 8) * dv.getUint32(12 + i * 8);
  return total;
}

/**
 * The longest duration anything in the index declares. A player (or ffmpeg) may trust any one of
 * them, so a file that states a short movie but long tracks is as long as its longest claim.
 */
function readMovie(moov: Uint8Array): VideoFacts {
  const mvhd = child(moov, "mvhd");
  if (!mvhd) throw new FormatError(`${NOT_MP4}: its movie (moov) box has no header (mvhd)`);
  const movie = timescaleAndDuration(mvhd);
  let longest = seconds(movie.duration, movie.timescale);
  let hasVideoTrack = false;
  for (const trak of boxesIn(moov).filter((b) => b.type === "trak")) {
    const tkhd = child(trak.body, "tkhd");
    if (tkhd) longest = Math.max(longest, seconds(versionedDuration(tkhd, 20, 28), movie.timescale));
    const elst = child(child(trak.body, "edts") ?? new Uint8Array(), "elst");
    if (elst) longest = Math.max(longest, seconds(editListDuration(elst), movie.timescale));
    const mdia = child(trak.body, "mdia");
    if (!mdia) continue;
    const mdhd = child(mdia, "mdhd");
    const media = mdhd ? timescaleAndDuration(mdhd) : { timescale: 0, duration: 0 };
    longest = Math.max(longest, seconds(media.duration, media.timescale));
    const hdlr = child(mdia, "hdlr");
    if (hdlr && hdlr.byteLength >= 12 && fourcc(hdlr, 8) === "vide") hasVideoTrack = true;
    const stbl = child(child(mdia, "minf") ?? new Uint8Array(), "stbl");
    const stts = stbl && child(stbl, "stts");
    if (stts) longest = Math.max(longest, seconds(sampleTableDuration(stts), media.timescale));
  }
  return { seconds: longest, hasVideoTrack };
}
