import { defineConfig } from "vitest/config";

/** The scripts' own tests (`npm run deploy`); cheap, Node only. */
export default defineConfig({
  test: {
    include: ["scripts/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
