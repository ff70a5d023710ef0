/** Per-frame values of one filter option, e.g. the crop's `y` or an overlay's `x`. */
export interface CommandTrack {
  /** Filter instance name in the graph, e.g. `crop@scroll0`. */
  target: string;
  command: string;
  values: ArrayLike<number>;
}

/**
 * A sendcmd script that sets each option frame by frame, only where the value changes. Frame n is
 * addressed at (n - 0.5)/fps, half a frame before its timestamp, so rounding can never move a command
 * onto the neighbouring frame.
 */
export function sendcmdScript(tracks: readonly CommandTrack[], fps: number): string {
  const frames = Math.max(0, ...tracks.map((t) => t.values.length));
  const lines: string[] = [];
  for (let f = 0; f < frames; f++) {
    const commands: string[] = [];
    for (const track of tracks) {
      if (f >= track.values.length) continue;
      const value = track.values[f] as number;
      if (f > 0 && value === track.values[f - 1]) continue;
      commands.push(`${track.target} ${track.command} ${Math.round(value)}`);
    }
    if (commands.length > 0) {
      const time = f === 0 ? 0 : (f - 0.5) / fps;
      lines.push(`${time.toFixed(4)} ${commands.join(", ")};`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A value for a filter option inside a filtergraph: escaped for the option parser (`:` and quotes),
 * then for the graph parser (`[],;`), so any file path survives both.
 */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** A `file` line of an ffconcat list, the path quoted for the concat demuxer. */
export function concatEntry(file: string): string {
  return `file '${file.replace(/'/g, "'\\''")}'`;
}
