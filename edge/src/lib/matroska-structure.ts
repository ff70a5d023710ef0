import { FormatError, read, readOrEnd, type Step, skip, type Walk } from "./byte-walker";
import type { VideoFacts } from "./mp4-structure";

/** Element ids (with their length marker, as the Matroska specification writes them). */
const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackType: 0x83,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
  Cues: 0x1c53bb6b,
  Attachments: 0x1941a469,
  Chapters: 0x1043a770,
  Tags: 0x1254c367,
  Void: 0xec,
} as const;

/** Elements that sit directly in the Segment: one of them ends a Cluster of unknown size. */
const SEGMENT_LEVEL = new Set<number>([
  ID.SeekHead,
  ID.Info,
  ID.Tracks,
  ID.Cluster,
  ID.Cues,
  ID.Attachments,
  ID.Chapters,
  ID.Tags,
]);
const DOC_TYPES = new Set(["webm", "matroska"]);
const TRACK_TYPE_VIDEO = 1;
const DEFAULT_TIMESTAMP_SCALE_NS = 1_000_000;
const MAX_HEADER_BYTES = 4096;
const MAX_INFO_BYTES = 64 * 1024;
const MAX_TRACKS_BYTES = 1024 * 1024;

const NOT_MATROSKA = "not a WebM/Matroska file";

interface ElementHeader {
  id: number;
  /** Body size; Infinity for "unknown" (live streams and MediaRecorder write those). */
  size: number;
  headerBytes: number;
}

/** Length of a variable-size integer from its first byte (the count of leading zero bits, plus one). */
function vintLength(first: number, max: number): number {
  for (let length = 1; length <= max; length++) if (first & (0x80 >> (length - 1))) return length;
  throw new FormatError(`${NOT_MATROSKA}: an element header is malformed`);
}

function* elementHeader(
  orEnd: boolean,
): Generator<Step, ElementHeader | null, Uint8Array | null | undefined> {
  const start = orEnd ? yield* readOrEnd(1) : yield* read(1);
  if (!start) return null;
  const idFirst = start[0] as number;
  const idLength = vintLength(idFirst, 4);
  const idRest = idLength > 1 ? yield* read(idLength - 1) : new Uint8Array();
  let id = idFirst;
  for (const b of idRest) id = id * 256 + b;

  const sizeFirst = (yield* read(1))[0] as number;
  const sizeLength = vintLength(sizeFirst, 8);
  const sizeRest = sizeLength > 1 ? yield* read(sizeLength - 1) : new Uint8Array();
  let size = sizeFirst & (0xff >> sizeLength);
  let unknown = size === 0xff >> sizeLength;
  for (const b of sizeRest) {
    size = size * 256 + b;
    unknown &&= b === 0xff;
  }
  return { id, size: unknown ? Number.POSITIVE_INFINITY : size, headerBytes: idLength + sizeLength };
}

/** The elements inside a fully read body (Info, Tracks, the EBML header). */
function* elementsIn(bytes: Uint8Array): Generator<{ id: number; body: Uint8Array }> {
  let at = 0;
  while (at < bytes.byteLength) {
    const idLength = vintLength(bytes[at] as number, 4);
    let id = 0;
    for (let i = 0; i < idLength; i++) id = id * 256 + (bytes[at + i] ?? 0);
    at += idLength;
    const sizeFirst = bytes[at];
    if (sizeFirst === undefined) break;
    const sizeLength = vintLength(sizeFirst, 8);
    let size = sizeFirst & (0xff >> sizeLength);
    for (let i = 1; i < sizeLength; i++) size = size * 256 + (bytes[at + i] ?? 0);
    at += sizeLength;
    if (at + size > bytes.byteLength)
      throw new FormatError(`${NOT_MATROSKA}: an element overruns its parent`);
    yield { id, body: bytes.subarray(at, at + size) };
    at += size;
  }
}

function unsigned(body: Uint8Array): number {
  let value = 0;
  for (const b of body) value = value * 256 + b;
  return value;
}

function float(body: Uint8Array): number {
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.byteLength === 4) return dv.getFloat32(0);
  if (body.byteLength === 8) return dv.getFloat64(0);
  return 0;
}

function hasVideoTrack(tracks: Uint8Array): boolean {
  for (const entry of elementsIn(tracks)) {
    if (entry.id !== ID.TrackEntry) continue;
    for (const field of elementsIn(entry.body)) {
      if (field.id === ID.TrackType && unsigned(field.body) === TRACK_TYPE_VIDEO) return true;
    }
  }
  return false;
}

/** Signed 16-bit timestamp of a (Simple)Block relative to its cluster, after the track number. */
function blockOffset(head: Uint8Array): number {
  const trackLength = vintLength(head[0] ?? 0, 8);
  if (head.byteLength < trackLength + 2) throw new FormatError(`${NOT_MATROSKA}: a block is too short`);
  return new DataView(head.buffer, head.byteOffset).getInt16(trackLength);
}

/**
 * WebM/Matroska read as it streams. The duration is the larger of what Info declares and the last
 * frame's timestamp, so recordings without a Duration element (MediaRecorder writes none) are measured
 * from their clusters, and a file cannot declare a short Duration over hours of frames.
 */
export function* readMatroska(length: number): Walk<VideoFacts> {
  const header = yield* elementHeader(false);
  if (!header || header.id !== ID.EBML || header.size > MAX_HEADER_BYTES) {
    throw new FormatError(`${NOT_MATROSKA}: it does not start with an EBML header`);
  }
  const docType = [...elementsIn(yield* read(header.size))].find((e) => e.id === ID.DocType);
  const docTypeName = docType ? new TextDecoder().decode(docType.body).replace(/\0+$/, "") : "";
  if (!DOC_TYPES.has(docTypeName)) {
    throw new FormatError(`${NOT_MATROSKA}: its document type is "${docTypeName}"`);
  }

  let position = header.headerBytes + header.size;
  let scale = DEFAULT_TIMESTAMP_SCALE_NS;
  let declared = 0;
  let lastTick = 0;
  let video = false;
  let clusterTick = 0;
  let blockTick = 0;
  let segments = 0;
  /** Open containers (Segment, Cluster, BlockGroup) and where each ends. */
  const open: Array<{ id: number; end: number }> = [];

  for (;;) {
    while (open.length > 0 && position >= (open.at(-1)?.end ?? 0)) {
      if (position > (open.at(-1)?.end ?? 0))
        throw new FormatError(`${NOT_MATROSKA}: an element overruns its parent`);
      open.pop();
    }
    const el = yield* elementHeader(true);
    if (!el) {
      if (open.some((o) => o.end !== Number.POSITIVE_INFINITY)) {
        throw new FormatError(`${NOT_MATROSKA}: the file is cut short`);
      }
      break;
    }
    // A Cluster of unknown size ends where the next Segment-level element begins.
    while (
      open.at(-1)?.id === ID.Cluster &&
      open.at(-1)?.end === Number.POSITIVE_INFINITY &&
      SEGMENT_LEVEL.has(el.id)
    ) {
      open.pop();
    }
    const parent = open.at(-1);
    const start = position;
    position += el.headerBytes;
    const end = position + el.size;
    if (parent && end > parent.end) throw new FormatError(`${NOT_MATROSKA}: an element overruns its parent`);
    if (end !== Number.POSITIVE_INFINITY && end > length) {
      throw new FormatError(
        `${NOT_MATROSKA}: an element claims more bytes than the file has; it may be cut short`,
      );
    }
    const unknownAllowed = el.id === ID.Segment || el.id === ID.Cluster;
    if (el.size === Number.POSITIVE_INFINITY && !unknownAllowed) {
      throw new FormatError(`${NOT_MATROSKA}: an element at byte ${start} has no size`);
    }

    if (!parent) {
      if (el.id === ID.Void) {
        yield* skip(el.size);
        position = end;
        continue;
      }
      if (el.id !== ID.Segment || ++segments > 1) {
        throw new FormatError(`${NOT_MATROSKA}: expected one Segment after the header`);
      }
      open.push({ id: el.id, end });
      continue;
    }

    switch (el.id) {
      case ID.Cluster:
        open.push({ id: el.id, end });
        clusterTick = 0;
        continue;
      case ID.BlockGroup:
        open.push({ id: el.id, end });
        continue;
      case ID.Info:
      case ID.Tracks: {
        const max = el.id === ID.Info ? MAX_INFO_BYTES : MAX_TRACKS_BYTES;
        if (el.size > max)
          throw new FormatError(
            `${NOT_MATROSKA}: its ${el.id === ID.Info ? "Info" : "Tracks"} element is too large`,
          );
        const body = yield* read(el.size);
        if (el.id === ID.Tracks) video ||= hasVideoTrack(body);
        else {
          for (const field of elementsIn(body)) {
            if (field.id === ID.TimestampScale) scale = unsigned(field.body) || DEFAULT_TIMESTAMP_SCALE_NS;
            if (field.id === ID.Duration) declared = Math.max(declared, float(field.body));
          }
        }
        break;
      }
      case ID.Timestamp:
        clusterTick = unsigned(yield* read(Math.min(el.size, 8)));
        yield* skip(el.size - Math.min(el.size, 8));
        break;
      case ID.SimpleBlock:
      case ID.Block: {
        const headBytes = Math.min(el.size, 10);
        blockTick = clusterTick + blockOffset(yield* read(headBytes));
        lastTick = Math.max(lastTick, blockTick);
        yield* skip(el.size - headBytes);
        break;
      }
      case ID.BlockDuration:
        lastTick = Math.max(lastTick, blockTick + unsigned(yield* read(Math.min(el.size, 8))));
        yield* skip(el.size - Math.min(el.size, 8));
        break;
      default:
        yield* skip(el.size);
    }
    position = end;
  }
  if (segments === 0) throw new FormatError(`${NOT_MATROSKA}: it has no Segment`);
  const ticks = Number.isFinite(declared) ? Math.max(declared, lastTick) : Number.POSITIVE_INFINITY;
  return { seconds: (ticks * scale) / 1e9, hasVideoTrack: video };
}
