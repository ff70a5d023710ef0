import { PNG } from "pngjs";

/** Signed distance in px from a pixel centre to a shape's edge: negative inside, positive outside. */
export type Shape = (x: number, y: number) => number;

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

export function hexColor(hex: string, alpha = 1): Rgba {
  const value = Number.parseInt(hex.replace("#", ""), 16);
  return { r: (value >> 16) & 255, g: (value >> 8) & 255, b: value & 255, a: alpha };
}

/**
 * A small RGBA picture drawn from distance functions, so every edge is anti-aliased by its exact
 * coverage of the pixel; used for the cursor, ripple, highlights, play button and bubble masks.
 */
export class Canvas {
  readonly data: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4);
  }

  /** Paints `color` over what is there, with coverage from the shape's distance (and an optional blur). */
  fill(shape: Shape, color: Rgba, options: { dx?: number; dy?: number; softness?: number } = {}): this {
    const { dx = 0, dy = 0, softness = 1 } = options;
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const distance = shape(x + 0.5 - dx, y + 0.5 - dy);
        const coverage = Math.min(1, Math.max(0, 0.5 - distance / softness));
        if (coverage > 0) this.blend(x, y, color, coverage * color.a);
      }
    }
    return this;
  }

  /** A copy with every alpha multiplied by `factor` (fades). */
  faded(factor: number): Canvas {
    const copy = new Canvas(this.width, this.height);
    this.data.copy(copy.data);
    for (let i = 3; i < copy.data.length; i += 4)
      copy.data[i] = Math.round((copy.data[i] as number) * factor);
    return copy;
  }

  /** Copies `source` onto this canvas at (x, y), replacing the pixels there. */
  put(source: Canvas, x: number, y: number): this {
    for (let row = 0; row < source.height; row++) {
      const from = row * source.width * 4;
      source.data.copy(this.data, ((y + row) * this.width + x) * 4, from, from + source.width * 4);
    }
    return this;
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    this.data.copy(png.data);
    return PNG.sync.write(png);
  }

  /** The alpha channel as a grayscale PNG: a mask for ffmpeg's alphamerge. */
  alphaToGrayPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    for (let i = 0; i < this.data.length; i += 4) {
      const alpha = this.data[i + 3] as number;
      png.data[i] = alpha;
      png.data[i + 1] = alpha;
      png.data[i + 2] = alpha;
      png.data[i + 3] = 255;
    }
    return PNG.sync.write(png, { colorType: 0 });
  }

  /** Straight-alpha "over" compositing of one pixel. */
  private blend(x: number, y: number, color: Rgba, alpha: number): void {
    const i = (y * this.width + x) * 4;
    const d = this.data;
    const below = (d[i + 3] as number) / 255;
    const out = alpha + below * (1 - alpha);
    if (out <= 0) return;
    const mix = (src: number, dst: number) => (src * alpha + dst * below * (1 - alpha)) / out;
    d[i] = Math.round(mix(color.r, d[i] as number));
    d[i + 1] = Math.round(mix(color.g, d[i + 1] as number));
    d[i + 2] = Math.round(mix(color.b, d[i + 2] as number));
    d[i + 3] = Math.round(out * 255);
  }
}

export function circle(cx: number, cy: number, radius: number): Shape {
  return (x, y) => Math.hypot(x - cx, y - cy) - radius;
}

/** A ring of `thickness` centred on the circle of `radius`. */
export function ring(cx: number, cy: number, radius: number, thickness: number): Shape {
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - radius) - thickness / 2;
}

export function roundedRect(left: number, top: number, width: number, height: number, radius: number): Shape {
  const r = Math.min(radius, width / 2, height / 2);
  const cx = left + width / 2;
  const cy = top + height / 2;
  return (x, y) => {
    const qx = Math.abs(x - cx) - (width / 2 - r);
    const qy = Math.abs(y - cy) - (height / 2 - r);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** A closed polygon (any winding). */
export function polygon(points: ReadonlyArray<readonly [number, number]>): Shape {
  return (x, y) => {
    let nearest = Number.POSITIVE_INFINITY;
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [ax, ay] = points[j] as readonly [number, number];
      const [bx, by] = points[i] as readonly [number, number];
      const ex = bx - ax;
      const ey = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey || 1)));
      nearest = Math.min(nearest, Math.hypot(x - ax - ex * t, y - ay - ey * t));
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
    return inside ? -nearest : nearest;
  };
}

/** A round-ended stroke from (ax, ay) to (bx, by). */
export function capsule(ax: number, ay: number, bx: number, by: number, radius: number): Shape {
  const ex = bx - ax;
  const ey = by - ay;
  const length2 = ex * ex + ey * ey || 1;
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / length2));
    return Math.hypot(x - ax - ex * t, y - ay - ey * t) - radius;
  };
}

export function union(...shapes: Shape[]): Shape {
  return (x, y) => Math.min(...shapes.map((shape) => shape(x, y)));
}

/** The shape grown outwards by `by` px (an outline drawn under the fill). */
export function grow(shape: Shape, by: number): Shape {
  return (x, y) => shape(x, y) - by;
}

export function scaled(shape: Shape, factor: number, originX = 0, originY = 0): Shape {
  return (x, y) => shape(originX + (x - originX) / factor, originY + (y - originY) / factor) * factor;
}
