import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // Chromium and ffmpeg share two cores; more than two files at once only makes each slower.
    maxWorkers: 2,
  },
});
