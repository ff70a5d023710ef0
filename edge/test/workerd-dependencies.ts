import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** `import … from "x";`, `export … from "x";` or `import "x";`, from the start of a line. */
const STATEMENT = /^\s*(?:(?:import|export)\s[^;]*?\sfrom\s*|import\s*)"([^"]+)";/gm;
const PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]+)?$/;
const NOT_BUNDLED = /^(vitest|@loom-lite\/)/;

/**
 * Every package, with each subpath, that the code running in workerd imports (the Worker, the shared
 * schema, the tests), for Vitest to bundle into a few modules (`deps.optimizer`): each test file's
 * workerd then loads a few large files instead of a thousand small ones, which was half the suite's time.
 * Found by reading the sources rather than listed by hand because a subpath left out would load a second
 * copy of its package beside the bundled one (two `HTTPException` classes, and a 400 turns into a 500).
 */
export function workerdDependencies(folders: string[], nodeOnlyFiles: string[]): string[] {
  const skip = new Set(nodeOnlyFiles.map((f) => path.resolve(f)));
  const found = new Set<string>();
  for (const folder of folders) {
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      const file = path.resolve(entry.parentPath, entry.name);
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || skip.has(file)) continue;
      for (const [, specifier = ""] of readFileSync(file, "utf8").matchAll(STATEMENT)) {
        if (PACKAGE.test(specifier) && !NOT_BUNDLED.test(specifier)) found.add(specifier);
      }
    }
  }
  return [...found].sort();
}
