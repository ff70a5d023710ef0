/**
 * Reads a file's structure while it streams past, without holding the file: a format reader is a
 * generator that asks for the next `read` (bytes it wants to look at) or `skip` (bytes it does not), and
 * the walker answers from the chunks pushed into it. Skipped bytes are dropped as they arrive, so a
 * 200 MB `mdat` costs nothing; only reads are buffered, each bounded by the reader.
 */

export type Step =
  /** `bytes` bytes, or null when the stream ends exactly here and `orEnd` was given. */
  | { read: number; orEnd?: boolean }
  /** Drop `bytes` bytes; Infinity drops everything up to the end of the stream. */
  | { skip: number };

/** What a format reader is: steps out, bytes (or null at a clean end) in, facts as its result. */
export type Walk<T> = Generator<Step, T, Uint8Array | null | undefined>;

/** The bytes are not what the reader expects; the message says what, for the person who sent them. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormatError";
  }
}

/** Thrown when the stream ends in the middle of something the reader asked for. */
export class TruncatedError extends FormatError {
  constructor() {
    super("the file ends in the middle of its structure (truncated, or not what it claims to be)");
  }
}

export function* read(bytes: number): Generator<Step, Uint8Array, Uint8Array | null | undefined> {
  const got = yield { read: bytes };
  if (!got) throw new TruncatedError();
  return got;
}

/** Like `read`, but null when the stream has ended before the first byte of it. */
export function* readOrEnd(bytes: number): Generator<Step, Uint8Array | null, Uint8Array | null | undefined> {
  return (yield { read: bytes, orEnd: true }) ?? null;
}

export function* skip(bytes: number): Generator<Step, void, Uint8Array | null | undefined> {
  if (bytes > 0) yield { skip: bytes };
}

export class ByteWalker<T> {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private step: IteratorResult<Step, T>;
  /** Bytes the reader has consumed (read or skipped) so far. */
  position = 0;

  constructor(private readonly walk: Walk<T>) {
    this.step = walk.next();
  }

  /** Feeds the next chunk of the stream; throws what the reader throws (a refusal). */
  push(chunk: Uint8Array): void {
    if (this.step.done) return; // The reader has all it needs; the rest is not its concern.
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    this.pump(false);
  }

  /** Signals the end of the stream; returns the reader's result or throws (truncated, refused). */
  end(): T {
    this.pump(true);
    if (!this.step.done) throw new TruncatedError();
    return this.step.value;
  }

  private pump(ended: boolean): void {
    while (!this.step.done) {
      const want = this.step.value;
      if ("skip" in want) {
        const dropped = this.drop(Math.min(want.skip, this.buffered));
        const left = want.skip - dropped;
        if (left > 0) {
          this.step = { done: false, value: { skip: left } };
          if (!ended) return;
          if (left !== Number.POSITIVE_INFINITY) this.step = this.walk.throw(new TruncatedError());
          else this.step = this.walk.next(undefined);
          continue;
        }
        this.step = this.walk.next(undefined);
        continue;
      }
      if (this.buffered >= want.read) {
        this.step = this.walk.next(this.take(want.read));
        continue;
      }
      if (!ended) return;
      if (this.buffered === 0 && want.orEnd) {
        this.step = this.walk.next(null);
        continue;
      }
      this.step = this.walk.throw(new TruncatedError());
    }
  }

  private drop(bytes: number): number {
    let left = bytes;
    while (left > 0) {
      const first = this.chunks[0] as Uint8Array;
      if (first.byteLength <= left) {
        this.chunks.shift();
        left -= first.byteLength;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.buffered -= bytes;
    this.position += bytes;
    return bytes;
  }

  private take(bytes: number): Uint8Array {
    const out = new Uint8Array(bytes);
    let filled = 0;
    while (filled < bytes) {
      const first = this.chunks[0] as Uint8Array;
      const part = Math.min(first.byteLength, bytes - filled);
      out.set(first.subarray(0, part), filled);
      filled += part;
      if (part === first.byteLength) this.chunks.shift();
      else this.chunks[0] = first.subarray(part);
    }
    this.buffered -= bytes;
    this.position += bytes;
    return out;
  }
}
