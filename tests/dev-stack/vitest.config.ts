import { defineConfig } from "vitest/config";

export default defineConfig({
  // `npm run dev` brings its own stack: no global setup.
  root: import.meta.dirname,
  test: {
    include: ["**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 180_000,
  },
});
