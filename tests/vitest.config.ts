import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["integration/**/*.test.ts"],
    globalSetup: ["./harness/global-setup.ts"],
    // The suites share one Worker and compete for two cores; run them one after another.
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 180_000,
  },
});
