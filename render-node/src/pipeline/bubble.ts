import { access, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import type { SceneSpec } from "@loom-lite/schema";
import { runFfmpeg } from "./ffmpeg";

export interface BubbleLayout {
  width: number;
  height: number;
  x: number;
  y: number;
  /** Corner radius; half the size for a circle. */
  radius: number;
  border?: { color: string; width: number };
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

/** Anti-aliased alpha of a rounded rectangle of radius R filling W×H (a circle when R = W/2 = H/2). */
function roundedAlphaExpr(radius: number): string {
  const r = radius.toFixed(3);
  const dx = `max(abs(X+0.5-W/2)-(W/2-${r}),0)`;
  const dy = `max(abs(Y+0.5-H/2)-(H/2-${r}),0)`;
  return `255*clip(${r}-hypot(${dx},${dy})+0.5,0,1)`;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The bubble's alpha mask as a PNG, computed once per shape and size and reused by every render; the
 * encode only combines it with `alphamerge` instead of evaluating the shape per frame.
 */
export async function ensureBubbleMask(
  ffmpeg: string,
  cacheDir: string,
  layout: BubbleLayout,
  signal: AbortSignal,
): Promise<string> {
  const file = path.join(cacheDir, `mask-${layout.width}x${layout.height}-r${layout.radius}.png`);
  if (await exists(file)) return file;
  await mkdir(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.png`;
  await runFfmpeg({
    ffmpeg,
    signal,
    args: ["-f", "lavfi", "-i", `color=c=black:s=${layout.width}x${layout.height},format=gray`].concat([
      "-vf",
      `geq=lum='${roundedAlphaExpr(layout.radius)}'`,
      "-frames:v",
      "1",
      "-y",
      temp,
    ]),
    errorCode: "encode_failed",
    failureMessage: "The facecam bubble mask could not be made; check the ffmpeg installation.",
  });
  await rename(temp, file);
  return file;
}

/** A ring of the border colour behind the bubble, as a PNG with alpha, made once per look. */
export async function ensureBubbleBorder(
  ffmpeg: string,
  cacheDir: string,
  layout: BubbleLayout,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!layout.border) return undefined;
  const b = layout.border.width;
  const width = layout.width + 2 * b;
  const height = layout.height + 2 * b;
  const radius = layout.radius + b;
  const color = layout.border.color.replace("#", "").toLowerCase();
  const file = path.join(cacheDir, `border-${width}x${height}-r${radius}-${color}.png`);
  if (await exists(file)) return file;
  await mkdir(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.png`;
  const graph =
    `color=c=0x${color}:s=${width}x${height},format=rgba[c];` +
    `color=c=black:s=${width}x${height},format=gray,geq=lum='${roundedAlphaExpr(radius)}'[m];` +
    "[c][m]alphamerge[out]";
  await runFfmpeg({
    ffmpeg,
    signal,
    args: ["-filter_complex", graph, "-map", "[out]", "-frames:v", "1", "-y", temp],
    errorCode: "encode_failed",
    failureMessage: "The facecam bubble border could not be made; check the ffmpeg installation.",
  });
  await rename(temp, file);
  return file;
}
