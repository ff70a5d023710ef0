import { Resvg } from "@resvg/resvg-js";
import type { APIRoute, GetStaticPaths } from "astro";
import { ogSlug, PAGES, type PageMeta } from "../../lib/pages";

/** One 1200×630 Open Graph image per page, drawn as SVG and rasterized at build time. */
export const getStaticPaths = (() =>
  PAGES.map((page) => ({ params: { slug: ogSlug(page.path) }, props: { page } }))) satisfies GetStaticPaths;

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Greedy word wrap: the headline in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.slice(0, 4);
}

function card(page: PageMeta): string {
  const lines = wrap(page.headline, 26);
  const headline = lines
    .map((l, i) => `<text x="80" y="${250 + i * 78}" font-size="64" font-weight="700">${escapeXml(l)}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="#5b4cf0"/><stop offset="1" stop-color="#2a1f8f"/></linearGradient></defs>
  <rect width="1200" height="630" fill="url(#g)"/>
  <circle cx="1030" cy="470" r="120" fill="#ffcf99" stroke="#fff" stroke-width="10"/>
  <circle cx="1030" cy="440" r="42" fill="#8a5527"/>
  <path d="M955 560a75 75 0 0 1 150 0z" fill="#8a5527"/>
  <g fill="#fff" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">
    <text x="80" y="120" font-size="36" font-weight="700" opacity="0.9">Loom-Lite</text>
    ${headline}
    <text x="80" y="570" font-size="28" opacity="0.8">${escapeXml(page.path === "/" ? "loom-lite" : `loom-lite${page.path.replace(/\/$/, "")}`)}</text>
  </g>
</svg>`;
}

export const GET: APIRoute = ({ props }) => {
  const png = new Resvg(card((props as { page: PageMeta }).page), {
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  })
    .render()
    .asPng();
  return new Response(new Uint8Array(png), { headers: { "content-type": "image/png" } });
};
