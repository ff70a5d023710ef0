/** A pattern that finds `text` anywhere; `50%_off` is matched literally (LIKE's wildcards escaped). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
