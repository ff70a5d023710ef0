import { renderMergeFields } from "@loom-lite/schema";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { LandingLead, LandingLook } from "../services/landing";

const DEFAULT_HEADLINE = "Hi {{first_name|there}}, I made this video for you";

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg, #0f172a); color: #e2e8f0; }
  main { width: min(960px, 100% - 2rem); padding: 2rem 0; }
  h1 { font-size: clamp(1.5rem, 4vw, 2.5rem); margin: 0 0 1rem; }
  p { line-height: 1.5; }
  video, .pending { width: 100%; aspect-ratio: 16 / 9; border-radius: 12px; background: #000; }
  .pending { display: grid; place-items: center; text-align: center; background: #1e293b; }
  .cta { display: inline-block; margin-top: 1.25rem; padding: .8rem 1.4rem; border-radius: 8px;
         background: var(--primary, #6366f1); color: #fff; text-decoration: none; font-weight: 600; }
  .logo { display: block; max-height: 48px; max-width: 220px; margin-bottom: 1.5rem; }
  .calendar { width: 100%; height: 680px; margin-top: 2rem; border: 0; border-radius: 12px; background: #fff; }
  footer { margin-top: 2rem; font-size: .85rem; opacity: .6; }
`;

function layout(title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>, look: LandingLook = {}) {
  // Colors are checked as #rrggbb when saved, so they are safe inside the style element.
  const vars = [
    look.backgroundColor ? `--bg: ${look.backgroundColor};` : "",
    look.primaryColor ? `--primary: ${look.primaryColor};` : "",
  ].join(" ");
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex, nofollow" />
    <title>${title}</title>
    <style>${STYLE}${vars ? raw(`:root { ${vars} }`) : ""}</style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>`;
}

/** A lead's page: headline and message with merge fields, the video (or a "still rendering" note), CTA. */
export function landingPage(lead: LandingLead, leadSlug: string) {
  const headline = renderMergeFields(lead.landing.headline ?? DEFAULT_HEADLINE, lead.fields);
  const message = lead.landing.message ? renderMergeFields(lead.landing.message, lead.fields) : null;
  const base = `/${encodeURIComponent(leadSlug)}`;
  const hasVideo = Boolean(lead.artifacts?.["video.mp4"]);
  const poster = lead.artifacts?.["poster.jpg"] ? `${base}/poster.jpg` : undefined;
  const failed = !hasVideo && (lead.latestState === "failed" || lead.latestState === "cancelled");

  const player = hasVideo
    ? html`<video controls playsinline preload="metadata" ${poster ? html`poster="${poster}"` : ""} src="${base}/video.mp4"></video>`
    : failed
      ? html`<div class="pending" data-state="unavailable"><p>This video is not available yet.</p></div>`
      : html`<div class="pending" data-state="rendering"><p>Your video is still being made.<br />This page refreshes by itself.</p></div>
        <script>setTimeout(() => location.reload(), 15000)</script>`;

  const cta =
    lead.landing.ctaUrl && lead.landing.ctaLabel !== ""
      ? html`<a class="cta" href="${lead.landing.ctaUrl}" rel="noopener">${lead.landing.ctaLabel ?? "Book a call"}</a>`
      : "";

  const logo = lead.look.logoAssetId
    ? html`<img class="logo" src="${base}/logo" alt="${lead.workspaceName}" />`
    : "";
  const calendar = lead.landing.calendarUrl
    ? html`<iframe class="calendar" src="${lead.landing.calendarUrl}" title="Book a time" loading="lazy"></iframe>`
    : "";

  return layout(
    headline,
    html`${logo}<h1>${headline}</h1>
      ${player}
      ${message ? html`<p>${message}</p>` : ""}
      ${cta}
      ${calendar}
      <footer>${lead.workspaceName}</footer>`,
    lead.look,
  );
}

export function notFoundPage() {
  return layout(
    "Page not found",
    html`<h1>This page does not exist</h1>
      <p>The link may be mistyped, or the video was removed.</p>`,
  );
}
