import type { BubbleLayout } from "./bubble";

/** How fast the page may move, so a short scene does not whip through a very tall page. */
export const MAX_SCROLL_PX_PER_SECOND = 700;
/** Share of a scene spent still at the top before scrolling, and at the end after. */
const HOLD_SHARE = 0.12;

export interface ComposeScene {
  /** Full-page screenshot (PNG). */
  file: string;
  width: number;
  height: number;
  frames: number;
}

export interface ComposePlan {
  facecam: { file: string; hasAudio: boolean };
  scenes: readonly ComposeScene[];
  output: { width: number; height: number; fps: number };
  bubble: BubbleLayout;
  maskFile: string;
  borderFile?: string | undefined;
  totalSeconds: number;
  outFile: string;
}

/**
 * The crop window's top edge for frame `n`: still, then an ease-in-out glide down, then still. The
 * expression is evaluated by the crop filter per frame; it is arithmetic only, no per-pixel work.
 */
export function scrollExpression(frames: number, travel: number): string {
  if (frames <= 2 || travel <= 0) return "0";
  const hold = Math.round(frames * HOLD_SHARE);
  const moving = Math.max(1, frames - 1 - 2 * hold);
  const p = `clip((n-${hold})/${moving},0,1)`;
  const ease = `if(lt(${p},0.5),4*pow(${p},3),1-pow(2-2*${p},3)/2)`;
  return `trunc(${travel}*${ease})`;
}

/** How far a scene scrolls: to the bottom of the screenshot, unless that would be too fast. */
export function scrollTravel(scene: ComposeScene, viewportHeight: number, fps: number): number {
  const available = Math.max(0, scene.height - viewportHeight);
  const movingSeconds = (scene.frames * (1 - 2 * HOLD_SHARE)) / fps;
  return Math.min(available, Math.round(MAX_SCROLL_PX_PER_SECOND * movingSeconds));
}

/**
 * One ffmpeg invocation: every screenshot is decoded once and repeated by the `loop` filter, scrolled
 * by a moving crop, the scenes are concatenated, the facecam is cut to the bubble shape with a
 * precomputed mask and overlaid, and everything is encoded once.
 */
export function buildComposeArgs(plan: ComposePlan): string[] {
  const { width: W, height: H, fps } = plan.output;
  const inputs: string[] = ["-i", plan.facecam.file];
  const filters: string[] = [];

  plan.scenes.forEach((scene, i) => {
    const input = i + 1;
    inputs.push("-i", scene.file);
    const chain = [`loop=loop=${scene.frames - 1}:size=1:start=0`, `setpts=N/${fps}/TB`];
    if (scene.width !== W) chain.push(`scale=${W}:-2`);
    if (scene.height < H) chain.push(`pad=${W}:${H}:0:0:color=white`);
    const travel = scene.width === W ? scrollTravel(scene, H, fps) : 0;
    chain.push(`crop=${W}:${H}:0:'${scrollExpression(scene.frames, travel)}'`, "setsar=1", "format=rgb24");
    filters.push(`[${input}:v]${chain.join(",")}[s${i}]`);
  });
  const sceneLabels = plan.scenes.map((_, i) => `[s${i}]`).join("");
  filters.push(`${sceneLabels}concat=n=${plan.scenes.length}:v=1:a=0[bg]`);

  const maskInput = plan.scenes.length + 1;
  inputs.push("-i", plan.maskFile);
  const { bubble } = plan;
  filters.push(
    `[0:v]setpts=PTS-STARTPTS,fps=${fps},` +
      `crop='min(iw,ih*${bubble.width}/${bubble.height})':'min(ih,iw*${bubble.height}/${bubble.width})',` +
      `scale=${bubble.width}:${bubble.height},setsar=1,format=rgba[face]`,
    `[face][${maskInput}:v]alphamerge[bubble]`,
  );

  let bubbleLabel = "[bubble]";
  let { x, y } = bubble;
  if (plan.borderFile && bubble.border) {
    const borderInput = maskInput + 1;
    inputs.push("-i", plan.borderFile);
    const b = bubble.border.width;
    filters.push(
      `[${borderInput}:v]loop=loop=-1:size=1:start=0,setpts=N/${fps}/TB,format=rgba[ring]`,
      `[ring][bubble]overlay=${b}:${b}:shortest=1:format=rgb[framed]`,
    );
    bubbleLabel = "[framed]";
    x -= b;
    y -= b;
  }
  filters.push(`[bg]${bubbleLabel}overlay=x=${x}:y=${y}:eof_action=pass,format=yuv420p[v]`);

  let audioMap: string;
  if (plan.facecam.hasAudio) {
    filters.push("[0:a]asetpts=PTS-STARTPTS,aresample=48000,apad[a]");
    audioMap = "[a]";
  } else {
    const silentInput = inputs.filter((arg) => arg === "-i").length;
    inputs.push("-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo");
    audioMap = `${silentInput}:a`;
  }

  return [
    ...inputs,
    "-filter_complex",
    filters.join(";"),
    "-map",
    "[v]",
    "-map",
    audioMap,
    "-t",
    plan.totalSeconds.toFixed(3),
    "-r",
    String(fps),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "23",
    "-pix_fmt",
    "yuv420p",
    "-g",
    String(fps * 2),
    "-c:a",
    "aac",
    "-b:a",
    "128k",
    "-ac",
    "2",
    "-movflags",
    "+faststart",
    "-y",
    plan.outFile,
  ];
}
