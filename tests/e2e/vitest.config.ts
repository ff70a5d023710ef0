import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative to this folder, whatever the working directory: only the browser suites.
  root: import.meta.dirname,
  test: {
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
    // One browser scenario after another: the steps build on each other and share two cores.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
