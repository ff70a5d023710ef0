import type { SceneSpec } from "@loom-lite/schema";
import { Canvas, hexColor, roundedRect } from "./raster";

export interface BubbleLayout {
  /** Size and place of the face itself. */
  width: number;
  height: number;
  x: number;
  y: number;
  /** Corner radius; half the size for a circle. */
  radius: number;
  border?: { color: string; width: number };
}

/** The bubble's whole picture, border ring included: what the prepared facecam clip holds. */
export interface BubbleFrame {
  width: number;
  height: number;
  x: number;
  y: number;
  radius: number;
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));

/** Where the facecam bubble sits on the frame and how big it is. */
export function layoutBubble(
  bubble: SceneSpec["bubble"],
  output: { width: number; height: number },
): BubbleLayout {
  const height = even(bubble.size * output.height);
  const width = bubble.shape === "portrait" ? even((height * 3) / 4) : height;
  const radius =
    bubble.shape === "circle"
      ? height / 2
      : Math.round(Math.min(width, height) * (bubble.shape === "rounded" ? 0.16 : 0.12));
  const borderWidth = bubble.border?.width ?? 0;
  const margin = even(output.height * 0.035) + borderWidth;
  const left = bubble.position.endsWith("left");
  const top = bubble.position.startsWith("top");
  return {
    width,
    height,
    x: left ? margin : output.width - width - margin,
    y: top ? margin : output.height - height - margin,
    radius,
    ...(bubble.border ? { border: bubble.border } : {}),
  };
}

export function bubbleFrame(layout: BubbleLayout): BubbleFrame {
  const b = layout.border?.width ?? 0;
  return {
    width: layout.width + 2 * b,
    height: layout.height + 2 * b,
    x: layout.x - b,
    y: layout.y - b,
    radius: layout.radius + b,
  };
}

/** The bubble's shape as a grayscale mask (white inside, anti-aliased edge) for alphamerge. */
export function drawBubbleMask(layout: BubbleLayout): Buffer {
  const frame = bubbleFrame(layout);
  return new Canvas(frame.width, frame.height)
    .fill(roundedRect(0, 0, frame.width, frame.height, frame.radius), hexColor("#ffffff"))
    .alphaToGrayPng();
}

/** The border ring in its colour, transparent elsewhere, laid over the face once when it is prepared. */
export function drawBubbleRing(layout: BubbleLayout): Buffer | undefined {
  if (!layout.border) return undefined;
  const frame = bubbleFrame(layout);
  const b = layout.border.width;
  const outer = roundedRect(0, 0, frame.width, frame.height, frame.radius);
  const inner = roundedRect(b, b, layout.width, layout.height, layout.radius);
  return new Canvas(frame.width, frame.height)
    .fill((x, y) => Math.max(outer(x, y), -inner(x, y)), hexColor(layout.border.color))
    .toPng();
}
