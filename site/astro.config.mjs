import react from "@astrojs/react";
import { defineConfig } from "astro/config";

// Static output: the Worker serves site/dist through its ASSETS binding on the same origin as /api,
// so the dashboard's session cookies stay first-party.
export default defineConfig({
  output: "static",
  // Canonical URLs, Open Graph images and the sitemap are absolute against it.
  site: process.env.SITE_URL ?? "http://localhost:8787",
  outDir: "./dist",
  integrations: [react()],
  devToolbar: { enabled: false },
  build: { format: "directory" },
  // `astro dev` on its own proxies the API to a local `wrangler dev`.
  vite: {
    server: { proxy: { "/api": "http://127.0.0.1:8787" } },
    build: {
      rollupOptions: {
        // zod's sources carry comments Rollup cannot place; harmless, and loud on every build.
        onwarn(warning, warn) {
          if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("node_modules")) return;
          warn(warning);
        },
      },
    },
  },
});
