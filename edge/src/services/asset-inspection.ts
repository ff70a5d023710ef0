import { MAX_FACECAM_SECONDS } from "@loom-lite/schema";
import { fileTypeFromBuffer } from "file-type/core";
import { ApiError } from "../errors";
import { ByteWalker, FormatError } from "../lib/byte-walker";
import { readMatroska } from "../lib/matroska-structure";
import { readMp4, type VideoFacts } from "../lib/mp4-structure";
import type { AssetKind } from "./asset-kinds";

/**
 * Uploads are judged by their bytes, never by the Content-Type the client declared: a logo must be a
 * raster image (SVG can carry script and workerd has no DOM to clean it), a facecam a real MP4/MOV or
 * WebM/Matroska whose whole box/element structure is read as it streams (a DASH or HLS manifest
 * named video/mp4 would make ffmpeg fetch URLs), and a CSV plain text.
 */

/** What file-type needs to recognise a format, and enough for the markup checks. */
const HEAD_BYTES = 4100;

export const LOGO_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
const MP4_TYPES = new Set(["video/mp4", "video/quicktime", "video/x-m4v"]);
const MATROSKA_TYPES = new Set(["video/webm", "video/matroska"]);

export interface InspectedUpload {
  /** The type the bytes are, stored and served instead of the declared one. */
  contentType: string;
  /** The whole upload (head included); it errors with the refusal when a later part is wrong. */
  body: ReadableStream<Uint8Array>;
  /** A facecam's length as measured from its container, known once `body` has been read to the end. */
  seconds?: () => number | undefined;
}

function refuse(message: string): never {
  throw new ApiError("BAD_REQUEST", `body: ${message}`);
}

/** The first bytes of the stream, and a stream that gives all of it again (those bytes first). */
async function splitHead(
  body: ReadableStream<Uint8Array>,
): Promise<{ head: Uint8Array; whole: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < HEAD_BYTES) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  const head = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    head.set(c, at);
    at += c.byteLength;
  }
  let sentHead = false;
  const whole = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        if (head.byteLength > 0) controller.enqueue(head);
        if (done) controller.close();
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { head, whole };
}

/** The head as text up to its first NUL byte: all that ffmpeg's text-format probes look at. */
function textPrefix(head: Uint8Array): string | null {
  const nul = head.indexOf(0);
  if (nul < 0) return null;
  return String.fromCharCode(...head.subarray(0, nul)).toLowerCase();
}

function startsWithMarkup(head: Uint8Array): boolean {
  const text = new TextDecoder("utf-8").decode(head.subarray(0, 512));
  return /^\uFEFF?\s*</.test(text);
}

function describe(seconds: number): string {
  if (!Number.isFinite(seconds)) return "endless";
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes} min ${whole % 60} s` : `${whole} s`;
}

/** Checks what the container says once the whole file has streamed past. */
function checkFacecam(facts: VideoFacts): void {
  if (!facts.hasVideoTrack) refuse("the file has no video track; a facecam needs one");
  if (!(facts.seconds > 0)) {
    refuse(
      "the file declares no duration (a fragmented or live recording); export it as a regular MP4 or WebM",
    );
  }
  if (facts.seconds > MAX_FACECAM_SECONDS) {
    refuse(
      `the video is ${describe(facts.seconds)} long; a facecam may be at most ${describe(MAX_FACECAM_SECONDS)}`,
    );
  }
}

/** Passes the stream through unchanged while `check` sees every chunk and, at the end, says yes or no. */
function checked(
  body: ReadableStream<Uint8Array>,
  check: { chunk(bytes: Uint8Array): void; end(): void },
): ReadableStream<Uint8Array> {
  const asRefusal = (err: unknown) => {
    if (err instanceof FormatError) refuse(err.message);
    throw err;
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(bytes, controller) {
        try {
          check.chunk(bytes);
        } catch (err) {
          asRefusal(err);
        }
        controller.enqueue(bytes);
      },
      flush() {
        try {
          check.end();
        } catch (err) {
          asRefusal(err);
        }
      },
    }),
  );
}

async function inspectFacecam(
  head: Uint8Array,
  whole: ReadableStream<Uint8Array>,
  length: number,
): Promise<InspectedUpload> {
  const prefix = textPrefix(head);
  if (prefix === null || prefix.includes("<mpd") || prefix.startsWith("#extm3u")) {
    refuse("this is text (a playlist or streaming manifest?), not a video; upload an MP4, MOV or WebM file");
  }
  const type = await fileTypeFromBuffer(head);
  const contentType = type?.mime ?? "";
  const isMp4 = MP4_TYPES.has(contentType);
  if (!isMp4 && !MATROSKA_TYPES.has(contentType)) {
    refuse(
      `this is ${type ? `a ${type.ext} file` : "not a known video format"}; upload an MP4, MOV or WebM file`,
    );
  }
  const walker = new ByteWalker<VideoFacts>(isMp4 ? readMp4(length) : readMatroska(length));
  let seconds: number | undefined;
  const body = checked(whole, {
    chunk: (bytes) => walker.push(bytes),
    end: () => {
      const facts = walker.end();
      checkFacecam(facts);
      seconds = facts.seconds;
    },
  });
  return { contentType, body, seconds: () => seconds };
}

async function inspectLogo(head: Uint8Array, whole: ReadableStream<Uint8Array>): Promise<InspectedUpload> {
  const type = await fileTypeFromBuffer(head);
  const mime = type?.mime === "image/apng" ? "image/png" : type?.mime;
  if (mime && (LOGO_TYPES as readonly string[]).includes(mime)) return { contentType: mime, body: whole };
  if ((!type || type.ext === "xml") && startsWithMarkup(head)) {
    refuse("this is SVG or HTML markup, which can carry script; upload a PNG, JPEG, GIF or WebP image");
  }
  refuse(`this is ${type ? `a ${type.ext} file` : "not an image"}; a logo is a PNG, JPEG, GIF or WebP image`);
}

async function inspectCsv(head: Uint8Array, whole: ReadableStream<Uint8Array>): Promise<InspectedUpload> {
  const type = await fileTypeFromBuffer(head);
  if (type) refuse(`this is a ${type.ext} file, not CSV text; export the sheet as CSV`);
  if (startsWithMarkup(head)) refuse("this is HTML or XML markup, not CSV text");
  const body = checked(whole, {
    chunk: (bytes) => {
      if (bytes.includes(0)) refuse("the file holds binary data (NUL bytes); a CSV is plain text");
    },
    end: () => {},
  });
  return { contentType: "text/csv", body };
}

/**
 * Reads the head of an upload of `length` bytes, decides what it is, and returns the stream to store
 * (still checked as it flows).
 */
export async function inspectUpload(
  kind: AssetKind,
  body: ReadableStream<Uint8Array>,
  length: number,
): Promise<InspectedUpload> {
  const { head, whole } = await splitHead(body);
  if (head.byteLength === 0) refuse("the file is empty");
  try {
    if (kind === "facecam") return await inspectFacecam(head, whole, length);
    if (kind === "logo") return await inspectLogo(head, whole);
    return await inspectCsv(head, whole);
  } catch (err) {
    await whole.cancel().catch(() => {});
    throw err;
  }
}
