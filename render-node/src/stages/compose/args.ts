import type { EncoderSettings } from "../../core/types";
import { type CommandTrack, concatEntry, filterValue, sendcmdScript } from "./commands";
import { videoCodecArgs } from "./encoder";
import { type GifLook, previewFilters, previewOutputs } from "./gif";
import type { ComposePlan, PlannedLayer, PlannedMask, PlannedScene, PlannedSheet, PlannedText } from "./plan";
import { overlayFontSize, wrapText } from "./text";

export const DEFAULT_ENCODER: EncoderSettings = { preset: "veryfast", crf: 23 };

/** A file the encode reads besides the media: sendcmd scripts, loop lists, overlay text. */
export interface ComposeFile {
  name: string;
  content: string;
}

export interface ComposeGraph {
  /** Input arguments (`-i …`), in input index order. */
  inputs: string[];
  filterGraph: string;
  /** Graph output carrying the finished picture. */
  video: string;
  /** `-map …` and codec arguments for the sound. */
  audio: string[];
  /** Files to write into the compose folder before running ffmpeg (names relative to it). */
  files: ComposeFile[];
}

export interface ComposeArgs {
  args: string[];
  files: ComposeFile[];
}

/** Seconds a text overlay takes to fade in and out. */
const TEXT_FADE_SECONDS = 0.25;

/** poster.jpg and the email GIF, made by the encode itself from the frames it encodes. */
export interface PreviewTargets {
  poster: string;
  gif: string;
  /** Play button picture laid over the GIF. */
  button: string;
  look: GifLook;
  timing: { gifSeconds: number; posterAt: number };
}

/**
 * The whole ffmpeg command line of the final encode; with `preview`, the same pass also writes the
 * poster and the GIF (no second decode of the video).
 */
export function buildComposeArgs(
  plan: ComposePlan,
  dir: string,
  video: string,
  encoder: EncoderSettings = DEFAULT_ENCODER,
  preview?: PreviewTargets,
  /** A part of the video (parts.ts): pictures only; the join adds the sound. */
  part = false,
): ComposeArgs {
  const graph = buildComposeGraph(plan, dir, { sound: !part });
  const { fps } = plan.output;
  let filterGraph = graph.filterGraph;
  let picture = graph.video;
  const inputs = [...graph.inputs];
  if (preview) {
    const button = inputs.filter((a) => a === "-i").length;
    inputs.push("-i", preview.button);
    picture = "[venc]";
    filterGraph +=
      `;\n${graph.video}split[venc][vpreview];\n` +
      previewFilters("[vpreview]", button, preview.look, preview.timing);
  }
  return {
    args: [
      ...inputs,
      ...["-filter_complex", filterGraph, "-map", picture, ...graph.audio],
      ...["-t", (plan.totalFrames / fps).toFixed(3), "-r", String(fps)],
      ...videoCodecArgs(encoder),
      ...["-g", String(fps * 2), ...(part ? [] : ["-movflags", "+faststart"]), "-y", video],
      ...(preview ? previewOutputs(preview) : []),
    ],
    files: graph.files,
  };
}

/**
 * One ffmpeg invocation for the whole video. Per scene, the tall background is converted to yuv420p
 * and decoded once, repeated by `loop`, and scrolled by a `crop` whose offset a sendcmd script sets
 * frame by frame from the motion timeline (`exact=1` keeps 1 px steps on the subsampled picture).
 * Layers, highlights and text go on top, the scenes are concatenated, the cursor sheet is overlaid at
 * its per-frame position and cell, and the prepared facecam is cut by its mask and laid over last.
 * `dir` is where the caller writes `files`.
 */
export function buildComposeGraph(plan: ComposePlan, dir: string, options = { sound: true }): ComposeGraph {
  const { fps } = plan.output;
  const inputs: string[] = [];
  const files: ComposeFile[] = [];
  const filters: string[] = [];
  let count = 0;
  const ctx: Context = {
    input: (...args) => {
      inputs.push(...args);
      return count++;
    },
    file: (name, content) => {
      files.push({ name, content });
      return filterValue(`${dir}/${name}`);
    },
    path: (name) => `${dir}/${name}`,
  };
  const { input, file } = ctx;

  const totalSeconds = plan.totalFrames / fps;
  // A part of the video starts the clip where the part starts (past the clip's end, on its last frames),
  // seeking half a frame early so that rounding cannot drop the part's first frame.
  const clipStart = Math.min(plan.facecam.startSeconds ?? 0, Math.max(0, plan.facecam.seconds - 2 / fps));
  const seek = clipStart > 0 ? ["-ss", (clipStart - 0.5 / fps).toFixed(4)] : [];
  const facecamInput = input(...seek, "-i", plan.facecam.file);
  const maskInput = input("-i", plan.facecam.maskFile);

  plan.scenes.forEach((scene, i) => {
    filters.push(...sceneFilters(scene, i, plan, ctx));
  });
  const sceneLabels = plan.scenes.map((_, i) => `[s${i}]`).join("");
  filters.push(
    plan.scenes.length > 1
      ? `${sceneLabels}concat=n=${plan.scenes.length}:v=1:a=0[page]`
      : `${sceneLabels}null[page]`,
  );

  const { cursor } = plan;
  const cursorInput = input("-i", cursor.sheetFile);
  const cellScript = file(
    "cursor-cells.cmd",
    sendcmdScript(
      [{ target: "crop@cursorcell", command: "y", values: cellOffsets(cursor.cell, cursor.sheet.cell) }],
      fps,
    ),
  );
  const moveScript = file(
    "cursor.cmd",
    sendcmdScript(
      [
        { target: "overlay@cursor", command: "x", values: cursor.x },
        { target: "overlay@cursor", command: "y", values: cursor.y },
      ],
      fps,
    ),
  );
  filters.push(
    `[${cursorInput}:v]format=yuva420p,${stillLoop(plan.totalFrames, fps)},sendcmd=f=${cellScript},` +
      `crop@cursorcell=w=${cursor.sheet.cell}:h=${cursor.sheet.cell}:x=0:y=0[cursor]`,
    // concat counts in microseconds: back on the frame clock, or frame n's time rounds below the
    // bubble's frame n and the facecam lags a frame on every third frame after a scene change.
    `[page]settb=1/${fps},setpts=N,sendcmd=f=${moveScript}[pagecmd]`,
    `[pagecmd][cursor]overlay@cursor=x=${cursor.x[0] ?? 0}:y=${cursor.y[0] ?? 0}:shortest=1[pointed]`,
  );

  const { frame } = plan.facecam;
  // The bubble never leaves while the video runs: past the clip's end its last frame stays (the sound
  // is padded with silence). A frame more than needed, so rounding cannot open a gap.
  const hold = Math.max(0, totalSeconds - (plan.facecam.seconds - clipStart)) + 1 / fps;
  filters.push(
    `[${facecamInput}:v]setpts=PTS-STARTPTS,format=yuva420p,tpad=stop_mode=clone:stop_duration=${hold.toFixed(3)}[face]`,
    `[face][${maskInput}:v]alphamerge[bubble]`,
    `[pointed][bubble]overlay=x=${frame.x}:y=${frame.y}:eof_action=pass,format=yuv420p[v]`,
  );

  const sound = options.sound ? soundOf(plan, facecamInput, ctx) : { filters: [], args: ["-an"] };
  filters.push(...sound.filters);
  return { inputs, filterGraph: filters.join(";\n"), video: "[v]", audio: sound.args, files };
}

/** The video's sound from the facecam's: copied when it is long enough, else padded with silence. */
function soundOf(
  plan: ComposePlan,
  facecamInput: number,
  ctx: Pick<Context, "input">,
): { filters: string[]; args: string[] } {
  const totalSeconds = plan.totalFrames / plan.output.fps;
  if (plan.facecam.hasAudio && plan.facecam.seconds >= totalSeconds - 0.05) {
    // The prepared clip's AAC already is what the video needs: copied, not encoded again.
    return { filters: [], args: ["-map", `${facecamInput}:a`, "-c:a", "copy"] };
  }
  if (plan.facecam.hasAudio) {
    return {
      filters: [`[${facecamInput}:a]apad[a]`],
      args: ["-map", "[a]", "-c:a", "aac", "-b:a", "128k"],
    };
  }
  const silence = ctx.input("-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo");
  return { filters: [], args: ["-map", `${silence}:a`, "-c:a", "aac", "-b:a", "64k"] };
}

/**
 * The command that joins the parts' pictures (listed in `partList`, an ffconcat file) without encoding
 * them again, and adds the facecam's sound over the whole length.
 */
export function buildJoinArgs(plan: ComposePlan, partList: string, video: string): string[] {
  const inputs = ["-f", "concat", "-safe", "0", "-i", partList, "-i", plan.facecam.file];
  let count = 2;
  const sound = soundOf(plan, 1, {
    input: (...args) => {
      inputs.push(...args);
      return count++;
    },
  });
  const { fps } = plan.output;
  return [
    ...inputs,
    ...(sound.filters.length > 0 ? ["-filter_complex", sound.filters.join(";")] : []),
    ...["-map", "0:v", ...sound.args, "-c:v", "copy"],
    ...["-t", (plan.totalFrames / fps).toFixed(3), "-movflags", "+faststart", "-y", video],
  ];
}

interface Context {
  /** Adds an input (its ffmpeg arguments) and returns its index. */
  input: (...args: string[]) => number;
  /** Adds a file for the caller to write and returns its path, escaped for use inside the graph. */
  file: (name: string, content: string) => string;
  /** Plain path of a file in the compose folder (for input arguments). */
  path: (name: string) => string;
}

/** A single picture repeated for `frames` frames at the output rate, timestamps 0, 1, 2… */
function stillLoop(frames: number, fps: number): string {
  return `loop=loop=${Math.max(0, frames - 1)}:size=1:start=0,settb=1/${fps},setpts=N`;
}

function cellOffsets(cells: Uint8Array, cellHeight: number): Int32Array {
  return Int32Array.from(cells, (c) => c * cellHeight);
}

function sceneFilters(scene: PlannedScene, i: number, plan: ComposePlan, ctx: Context): string[] {
  const { input, file } = ctx;
  const { width: W, height: H, fps } = plan.output;
  const filters: string[] = [];
  const tracks: CommandTrack[] = [{ target: `crop@scroll${i}`, command: "y", values: scene.scrollY }];
  const bg = input("-i", scene.background.file);
  const fit = [
    scene.background.width !== W ? `scale=${W}:-2` : "",
    scene.background.height < H ? `pad=${W}:${H}:0:0:color=white` : "",
  ].filter(Boolean);
  const script = `scene-${i}.cmd`;
  const chain: string[] = [];
  let label = `p${i}_0`;
  chain.push(
    `[${bg}:v]${[...fit, "format=yuv420p", stillLoop(scene.frames, fps)].join(",")},` +
      `sendcmd=f=${filterValue(ctx.path(script))},crop@scroll${i}=w=${W}:h=${H}:x=0:y=${scene.scrollY[0] ?? 0}:exact=1[${label}]`,
  );

  scene.layers.forEach((entry, j) => {
    const name = `${i}_${j}`;
    const next = `p${i}_${j + 1}`;
    if (entry.kind === "layer") {
      const { layer } = entry;
      const source = layerSource(layer, scene.frames, fps, ctx, name);
      const y = typeof layer.y === "number" ? layer.y : (layer.y[0] ?? 0);
      if (typeof layer.y !== "number")
        tracks.push({ target: `overlay@layer${name}`, command: "y", values: layer.y });
      if (layer.mask) {
        chain.push(
          `${source}[u${name}]`,
          `${maskSource(layer.mask, layer, scene.frames, fps, ctx, name)}[m${name}]`,
        );
        chain.push(`[u${name}][m${name}]alphamerge[l${name}]`);
      } else {
        chain.push(`${source}[l${name}]`);
      }
      chain.push(
        `[${label}][l${name}]overlay@layer${name}=x=${layer.x}:y=${y}${layer.loop ? ":shortest=1" : ""}[${next}]`,
      );
    } else {
      const { sheet } = entry;
      chain.push(`${sheetSource(sheet, scene.frames, fps, ctx, name)}[l${name}]`);
      tracks.push(
        { target: `overlay@sheet${name}`, command: "x", values: sheet.x },
        { target: `overlay@sheet${name}`, command: "y", values: sheet.y },
      );
      chain.push(
        `[${label}][l${name}]overlay@sheet${name}=x=${sheet.x[0] ?? 0}:y=${sheet.y[0] ?? 0}:shortest=1[${next}]`,
      );
    }
    label = next;
  });

  const texts = scene.texts.map((text, j) =>
    drawtext(text, plan, file(`${i}-text-${j}.txt`, textContent(text.text, plan))),
  );
  chain.push(`[${label}]${["setsar=1", ...texts].join(",")}[s${i}]`);
  file(script, sendcmdScript(tracks, fps));
  filters.push(...chain);
  return filters;
}

function layerSource(layer: PlannedLayer, frames: number, fps: number, ctx: Context, name: string): string {
  const { input, file } = ctx;
  const size = `scale=${layer.width}:${layer.height}`;
  if (!layer.loop) {
    const index = input("-i", layer.file);
    // A masked still is seen through a window that changes, so it is needed in every frame.
    return `[${index}:v]${size},format=yuva420p${layer.mask ? `,${stillLoop(frames, fps)}` : ""}`;
  }
  const { files, fps: loopFps, startFrame = 0 } = layer.loop;
  // One period at the output rate, each loop picture listed for the output frames it covers, so the
  // timing is exact without a frame-rate conversion (12 fps pictures alternate 3 and 2 frames).
  const period = Math.max(1, Math.round((files.length * fps) / loopFps));
  const list = ["ffconcat version 1.0"];
  for (let j = 0; j < period; j++) {
    const phase = (j + startFrame) % period;
    const source = files[Math.floor((phase * loopFps) / fps) % files.length] as string;
    list.push(concatEntry(source), `duration ${(1 / fps).toFixed(6)}`);
  }
  const listName = `loop-${name}.ffconcat`;
  file(listName, `${list.join("\n")}\n`);
  const index = input("-f", "concat", "-safe", "0", "-i", ctx.path(listName));
  return (
    `[${index}:v]${size},format=yuva420p,` +
    `loop=loop=-1:size=${period}:start=0,settb=1/${fps},setpts=N,trim=end_frame=${frames}`
  );
}

/**
 * The mask of a layer as a gray stream the layer's size: the mask picture padded with black so that a
 * crop at its offset in every frame stays inside the padded picture.
 */
function maskSource(
  mask: PlannedMask,
  layer: PlannedLayer,
  frames: number,
  fps: number,
  ctx: Context,
  name: string,
): string {
  const index = ctx.input("-i", mask.file);
  const x = maskAxis(mask.x, mask.width, layer.width);
  const y = maskAxis(mask.y, mask.height, layer.height);
  const tracks: CommandTrack[] = [
    { target: `crop@mask${name}`, command: "x", values: x.crop },
    { target: `crop@mask${name}`, command: "y", values: y.crop },
  ];
  const script = ctx.file(`mask-${name}.cmd`, sendcmdScript(tracks, fps));
  return (
    // Padded in a full-range format: in `gray`, pad's black is 16, which would let 6 % of the layer through.
    `[${index}:v]scale=${mask.width}:${mask.height},format=yuvj444p,` +
    `pad=${x.padded}:${y.padded}:${x.before}:${y.before}:color=black,extractplanes=y,` +
    `${stillLoop(frames, fps)},sendcmd=f=${script},` +
    `crop@mask${name}=w=${layer.width}:h=${layer.height}:x=${x.crop[0] ?? 0}:y=${y.crop[0] ?? 0}:exact=1`
  );
}

/**
 * Along one axis: the black margins a mask of `size` needs so that a window of `layerSize` at the
 * mask's offset (fixed or per frame) stays inside, and that window's start per frame. An offset that
 * puts the mask wholly outside is pulled in to just outside, so the margins stay at most `layerSize`.
 */
function maskAxis(offsets: number | Int32Array, size: number, layerSize: number) {
  const values = Array.from(typeof offsets === "number" ? [offsets] : offsets, (v) =>
    Math.min(layerSize, Math.max(-size, v)),
  );
  const before = values.reduce((most, v) => Math.max(most, v), 0);
  const after = values.reduce((most, v) => Math.max(most, layerSize - v - size), 0);
  return { before, padded: before + size + after, crop: Int32Array.from(values, (v) => before - v) };
}

function sheetSource(sheet: PlannedSheet, frames: number, fps: number, ctx: Context, name: string): string {
  const { input, file } = ctx;
  const index = input("-i", ctx.path(sheet.name));
  const script = file(
    `sheet-${name}.cmd`,
    sendcmdScript(
      [{ target: `crop@cell${name}`, command: "y", values: cellOffsets(sheet.cell, sheet.cellHeight) }],
      fps,
    ),
  );
  return (
    `[${index}:v]format=yuva420p,${stillLoop(frames, fps)},sendcmd=f=${script},` +
    `crop@cell${name}=w=${sheet.width}:h=${sheet.cellHeight}:x=0:y=0`
  );
}

function textContent(text: string, plan: ComposePlan): string {
  return wrapText(text, overlayFontSize(plan.output.height), plan.output.width * 0.8);
}

function drawtext(text: PlannedText, plan: ComposePlan, textFile: string): string {
  const size = overlayFontSize(plan.output.height);
  const at = text.at.toFixed(3);
  const until = text.until.toFixed(3);
  const fade = TEXT_FADE_SECONDS;
  // Scene time, counted in whole frames so a part of the video fades its text exactly as the whole does.
  const t = text.skippedFrames ? `(t+${text.skippedFrames}/${plan.output.fps})` : "t";
  return [
    "drawtext=expansion=none",
    ...(plan.fontFile ? [`fontfile=${filterValue(plan.fontFile)}`] : []),
    `textfile=${textFile}`,
    `fontsize=${size}`,
    "fontcolor=white",
    `line_spacing=${Math.round(size * 0.3)}`,
    "box=1",
    "boxcolor=0x111827@0.78",
    `boxborderw=${Math.round(size * 0.5)}`,
    "x=(w-text_w)/2",
    "y=h*0.075",
    `enable='between(${t},${at},${until})'`,
    `alpha='min(1,min((${t}-${at})/${fade},(${until}-${t})/${fade}))'`,
  ].join(":");
}
