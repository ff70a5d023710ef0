import { access } from "node:fs/promises";
import { execa } from "execa";

/** Bold sans fonts where Debian, Fedora, Arch and Alpine put them. */
const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
];

let found: Promise<string | undefined> | undefined;

/** A bold sans font file for text overlays: a known path, else fontconfig's pick, else none. */
export function findOverlayFont(): Promise<string | undefined> {
  found ??= (async () => {
    for (const file of FONT_CANDIDATES) {
      if (
        await access(file).then(
          () => true,
          () => false,
        )
      )
        return file;
    }
    const match = await execa("fc-match", ["-f", "%{file}", "sans:bold"], { reject: false, timeout: 5000 });
    const file = match.exitCode === 0 ? match.stdout.trim() : "";
    return file &&
      (await access(file).then(
        () => true,
        () => false,
      ))
      ? file
      : undefined;
  })();
  return found;
}

/** Look of the text overlays, relative to the frame height. */
export function overlayFontSize(outputHeight: number): number {
  return Math.round(outputHeight * 0.05);
}

/**
 * Breaks an overlay into lines that fit `maxWidth` px at `fontSize` (drawtext does not wrap). Glyph
 * width is estimated from a bold sans's average advance, on the safe side.
 */
export function wrapText(text: string, fontSize: number, maxWidth: number): string {
  const perLine = Math.max(8, Math.floor(maxWidth / (fontSize * 0.62)));
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
