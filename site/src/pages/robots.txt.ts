import type { APIRoute } from "astro";
import { SITE_URL } from "../lib/pages";

/** The dashboard and the API are no pages to index; everything else is. */
export const GET: APIRoute = () =>
  new Response(
    `User-agent: *\nDisallow: /app\nDisallow: /api/\nAllow: /\n\nSitemap: ${SITE_URL}/sitemap.xml\n`,
    {
      headers: { "content-type": "text/plain" },
    },
  );
