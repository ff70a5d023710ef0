import { RIPPLE_FRAMES } from "./motion";
import {
  Canvas,
  capsule,
  circle,
  grow,
  hexColor,
  polygon,
  ring,
  roundedRect,
  type Shape,
  scaled,
  union,
} from "./raster";

const even = (n: number) => 2 * Math.ceil(n / 2);

/** Classic arrow, tip at (0, 0), in units of a 720p frame before `cursorScale`. */
const ARROW: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [0, 21],
  [4.8, 16.6],
  [8.2, 24.4],
  [11.4, 23],
  [8.2, 15.4],
  [14.6, 15.4],
];

/** Pointing hand, fingertip at (6, 0). */
const HAND: Shape = union(
  roundedRect(3.6, 0, 4.8, 14, 2.4),
  roundedRect(8.2, 6.5, 4.4, 9, 2.2),
  roundedRect(12.4, 7.5, 4.2, 9, 2.1),
  roundedRect(16.4, 9, 3.8, 8, 1.9),
  roundedRect(3.6, 10.5, 16.6, 11.5, 4),
  capsule(1.6, 12.6, 5, 17.5, 2),
);
const HAND_TIP = { x: 6, y: 0 };

/** Cursor size relative to a 720p frame: a little larger than a desktop cursor so it reads on video. */
export function cursorScale(outputHeight: number): number {
  return 1.3 * (outputHeight / 720);
}

export interface CursorSheet {
  png: Buffer;
  /** Side of one square cell; cells are stacked vertically. */
  cell: number;
  /** Where the hotspot sits inside a cell. */
  hotspot: number;
  cells: number;
}

/** Cell of the sheet for a cursor look (0 arrow, 1 hand) or for frame `k` of a click's ripple. */
export const cursorCell = {
  look: (look: number) => look,
  ripple: (k: number) => 2 + k,
};

/**
 * All cursor pictures in one sheet: arrow, hand, then the hand pressing with the ripple ring growing
 * and fading, one cell per frame of the click. Compose picks a cell per frame with a crop.
 */
export function drawCursorSheet(outputHeight: number): CursorSheet {
  const s = cursorScale(outputHeight);
  const hotspot = Math.round(26 * s);
  const cell = even(54 * s);
  const cells = 2 + RIPPLE_FRAMES;
  const sheet = new Canvas(cell, cell * cells);
  const arrow = placed(polygon(ARROW), s, hotspot, { x: 0, y: 0 });
  sheet.put(drawCursor(cell, arrow, "#161616", "#ffffff", s), 0, 0);
  const hand = placed(HAND, s, hotspot, HAND_TIP);
  sheet.put(drawCursor(cell, hand, "#ffffff", "#161616", s), 0, cell);
  for (let k = 0; k < RIPPLE_FRAMES; k++) {
    const frame = new Canvas(cell, cell);
    drawRipple(frame, hotspot, k, s);
    const pressed = k < 4 ? scaled(hand, 0.9, hotspot, hotspot) : hand;
    frame.put(drawCursorOver(frame, pressed, "#ffffff", "#161616", s), 0, 0);
    sheet.put(frame, 0, cell * (2 + k));
  }
  return { png: sheet.toPng(), cell, hotspot, cells };
}

function placed(shape: Shape, s: number, hotspot: number, tip: { x: number; y: number }): Shape {
  return (x, y) => shape((x - hotspot) / s + tip.x, (y - hotspot) / s + tip.y) * s;
}

function drawCursor(size: number, shape: Shape, fill: string, outline: string, s: number): Canvas {
  return drawCursorOver(new Canvas(size, size), shape, fill, outline, s);
}

function drawCursorOver(canvas: Canvas, shape: Shape, fill: string, outline: string, s: number): Canvas {
  return canvas
    .fill(grow(shape, 1.2 * s), hexColor("#000000", 0.3), { dx: 0.8 * s, dy: 1.4 * s, softness: 3 * s })
    .fill(grow(shape, 1.2 * s), hexColor(outline))
    .fill(shape, hexColor(fill));
}

function drawRipple(canvas: Canvas, hotspot: number, k: number, s: number): void {
  const progress = (k + 1) / RIPPLE_FRAMES;
  const eased = 1 - (1 - progress) ** 3;
  const radius = (5 + 19 * eased) * s;
  const alpha = 0.9 * (1 - progress) ** 1.2;
  if (k < 5) canvas.fill(circle(hotspot, hotspot, 8 * s), hexColor("#2563eb", 0.3 * (1 - k / 5)));
  canvas.fill(ring(hotspot, hotspot, radius, (3 - 1.2 * progress) * s + 2), hexColor("#ffffff", alpha * 0.6));
  canvas.fill(ring(hotspot, hotspot, radius, (3 - 1.2 * progress) * s), hexColor("#2563eb", alpha));
}

export interface HighlightSheet {
  png: Buffer;
  width: number;
  /** Height of one cell; cells are stacked vertically. */
  cellHeight: number;
  cells: number;
  /** Where the cell's top-left corner goes relative to the target's top-left corner. */
  offsetX: number;
  offsetY: number;
}

/** Cells of a highlight's fade-in (box) or draw-on (underline), last cell fully shown. */
export const HIGHLIGHT_CELLS = 4;

/** A marker-style box around a target, or an underline under a hovered link, in fade/draw-on steps. */
export function drawHighlightSheet(
  kind: "box" | "underline",
  rect: { width: number; height: number },
  outputHeight: number,
): HighlightSheet {
  const s = outputHeight / 720;
  if (kind === "box") {
    const stroke = 3 * s;
    const pad = Math.round(6 * s + stroke);
    const width = even(rect.width + 2 * pad);
    const height = even(rect.height + 2 * pad);
    const box = new Canvas(width, height)
      .fill(
        roundedRect(stroke, stroke, width - 2 * stroke, height - 2 * stroke, 7 * s),
        hexColor("#facc15", 0.2),
      )
      .fill(
        (x, y) =>
          Math.abs(roundedRect(stroke, stroke, width - 2 * stroke, height - 2 * stroke, 7 * s)(x, y)) -
          stroke / 2,
        hexColor("#f59e0b", 0.95),
      );
    const sheet = new Canvas(width, height * HIGHLIGHT_CELLS);
    for (let k = 0; k < HIGHLIGHT_CELLS; k++) sheet.put(box.faded((k + 1) / HIGHLIGHT_CELLS), 0, k * height);
    return {
      png: sheet.toPng(),
      width,
      cellHeight: height,
      cells: HIGHLIGHT_CELLS,
      offsetX: -pad,
      offsetY: -pad,
    };
  }
  const bar = 4 * s;
  const width = even(rect.width + 4);
  const height = even(bar + 4);
  const sheet = new Canvas(width, height * HIGHLIGHT_CELLS);
  for (let k = 0; k < HIGHLIGHT_CELLS; k++) {
    const length = Math.max(bar, (width - 4) * ((k + 1) / HIGHLIGHT_CELLS));
    sheet.put(
      new Canvas(width, height).fill(roundedRect(2, 2, length, bar, bar / 2), hexColor("#f59e0b", 0.95)),
      0,
      k * height,
    );
  }
  return {
    png: sheet.toPng(),
    width,
    cellHeight: height,
    cells: HIGHLIGHT_CELLS,
    offsetX: -2,
    offsetY: Math.round(rect.height + 1),
  };
}

/** A round play button for the first frame of the email GIF. */
export function drawPlayButton(diameter: number): Buffer {
  const size = even(diameter + 4);
  const c = size / 2;
  const r = diameter / 2;
  const triangle = polygon([
    [c - r * 0.28, c - r * 0.4],
    [c - r * 0.28, c + r * 0.4],
    [c + r * 0.45, c],
  ]);
  return new Canvas(size, size)
    .fill(circle(c, c, r), hexColor("#111827", 0.62))
    .fill(ring(c, c, r - 1.25, 2.5), hexColor("#ffffff", 0.95))
    .fill(triangle, hexColor("#ffffff"))
    .toPng();
}
