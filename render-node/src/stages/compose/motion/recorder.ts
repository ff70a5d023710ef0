import type { Easing } from "./easing";
import type { Point, Rect } from "./types";

/**
 * Writes the scene's motion one frame at a time: every step appends frames, so scroll, cursor and
 * cursor look always have the same length and the current frame is `frame`.
 */
export class MotionRecorder {
  readonly scroll: number[] = [];
  readonly cursorX: number[] = [];
  readonly cursorY: number[] = [];
  readonly look: number[] = [];
  /** Frame ranges in which the page glides. */
  readonly scrolling: Array<[number, number]> = [];
  scrollY: number;
  cursor: Point;
  /** A link or button under consideration, in viewport px: the cursor turns into a hand over it. */
  pointerTarget: Rect | null = null;

  constructor(scrollY: number, cursor: Point) {
    this.scrollY = scrollY;
    this.cursor = cursor;
  }

  get frame(): number {
    return this.scroll.length;
  }

  hold(frames: number): void {
    for (let i = 0; i < frames; i++) this.emit();
  }

  glide(to: number, frames: number, ease: Easing): void {
    const from = this.scrollY;
    const start = this.frame;
    for (let i = 1; i <= frames; i++) {
      this.scrollY = from + (to - from) * ease(i / frames);
      this.emit();
    }
    this.scrollY = to;
    if (frames > 0) this.scrolling.push([start, this.frame]);
  }

  move(path: (progress: number) => Point, frames: number, ease: Easing): void {
    for (let i = 1; i <= frames; i++) {
      this.cursor = path(ease(i / frames));
      this.emit();
    }
  }

  private emit(): void {
    this.scroll.push(Math.round(this.scrollY));
    this.cursorX.push(Math.round(this.cursor.x));
    this.cursorY.push(Math.round(this.cursor.y));
    const target = this.pointerTarget;
    const over =
      target !== null &&
      this.cursor.x >= target.x &&
      this.cursor.x <= target.x + target.width &&
      this.cursor.y >= target.y &&
      this.cursor.y <= target.y + target.height;
    this.look.push(over ? 1 : 0);
  }
}
