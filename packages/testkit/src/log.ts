import * as util from "node:util";

type Sink = (line: string) => void;

const defaultSink: Sink = (line) => process.stdout.write(`${line}\n`);
let sink: Sink = defaultSink;

/** Routes every log line somewhere else, e.g. above live progress bars; `null` restores stdout. */
export function setLogSink(next: Sink | null): void {
  sink = next ?? defaultSink;
}

export function logLine(line: string): void {
  sink(line);
}

/** Colors on a terminal; plain text elsewhere and on Node releases before `util.styleText` (20.12). */
export function paint(style: Parameters<typeof util.styleText>[0], text: string): string {
  return process.stdout.isTTY && typeof util.styleText === "function" ? util.styleText(style, text) : text;
}

const COLORS = ["cyan", "magenta", "yellow", "green", "blue", "red"] as const;
const assigned = new Map<string, (typeof COLORS)[number]>();

/** A logger that prefixes each line with a short, colored process name: `[wrangler] …`. */
export function prefixedLogger(name: string): (line: string) => void {
  let color = assigned.get(name);
  if (!color) {
    color = COLORS[assigned.size % COLORS.length] ?? "cyan";
    assigned.set(name, color);
  }
  const tag = paint(color, `[${name}]`);
  return (line) => logLine(`${tag} ${line}`);
}
