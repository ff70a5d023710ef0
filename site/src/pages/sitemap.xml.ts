import type { APIRoute } from "astro";
import { PAGES, SITE_URL } from "../lib/pages";

/** Pages that are no destination of their own. */
const UNLISTED = new Set<string>(["/contact/thanks/", "/404/"]);

export const GET: APIRoute = () => {
  const urls = PAGES.filter((p) => !UNLISTED.has(p.path))
    .map((p) => `  <url><loc>${SITE_URL}${p.path}</loc></url>`)
    .join("\n");
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  return new Response(xml, { headers: { "content-type": "application/xml" } });
};
