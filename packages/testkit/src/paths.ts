import path from "node:path";

/** The repository root, whatever the current directory. */
export const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");

export const fromRoot = (...parts: string[]) => path.join(repoRoot, ...parts);
