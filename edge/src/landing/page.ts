import { isAllowedLinkUrl, LandingSettingsSchema, renderMergeFields } from "@loom-lite/schema";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { CalendarView } from "../lib/calendar-embeds";
import { CALENDAR_SANDBOX } from "../lib/calendar-embeds";
import { readableTextOn } from "../lib/contrast";
import { cdnUrl } from "../services/artifacts";
import type { LandingLead, LandingLook } from "./leads";

const DEFAULT_HEADLINE = "Hi {{first_name|there}}, I made this video for you";
const DEFAULT_BACKGROUND = "#0f172a";
const DEFAULT_PRIMARY = "#4f46e5";

const STYLE = `
  :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--fg); }
  main { width: min(960px, 100% - 2rem); padding: 1.5rem 0 2rem; }
  h1 { font-size: clamp(1.4rem, 5vw, 2.5rem); line-height: 1.2; margin: 0 0 1rem; overflow-wrap: anywhere; }
  p { line-height: 1.5; font-size: 1.05rem; }
  video, .pending { display: block; width: 100%; aspect-ratio: 16 / 9; border-radius: 12px; background: #000; }
  .pending { display: grid; place-items: center; text-align: center; padding: 1rem; background: #1e293b; color: #f1f5f9; }
  .cta { display: inline-block; margin-top: 1.25rem; padding: .9rem 1.5rem; min-height: 44px; border-radius: 8px;
         background: var(--primary); color: var(--on-primary); text-decoration: none; font-weight: 600; font-size: 1.05rem; }
  a:focus-visible, video:focus-visible, iframe:focus-visible, .skip:focus-visible {
         outline: 3px solid var(--fg); outline-offset: 3px; }
  .skip { position: absolute; left: -9999px; }
  .skip:focus { left: 1rem; top: 1rem; background: var(--bg); color: var(--fg); padding: .5rem; }
  .team-note { margin: 0 0 1rem; padding: .5rem .75rem; border-radius: 8px; background: #fef3c7; color: #422006; font-size: .9rem; }
  .logo { display: block; max-height: 48px; max-width: 220px; margin-bottom: 1.5rem; }
  .calendar { display: block; width: 100%; height: 680px; margin-top: 2rem; border: 0; border-radius: 12px; background: #fff; }
  .calendar-link { margin-top: 1.5rem; } .calendar-link a { color: var(--fg); font-weight: 600; }
  .rep { display: flex; align-items: center; gap: .9rem; margin: 1.5rem 0 0; }
  .rep img { width: 64px; height: 64px; border-radius: 50%; object-fit: cover; flex: none; }
  .rep strong { display: block; font-size: 1.05rem; } .rep span { display: block; opacity: .85; }
  .reply { display: inline-block; margin: 1.25rem 0 0 1rem; color: var(--fg); font-weight: 600; }
  footer { margin-top: 2rem; font-size: .9rem; }
  @media (max-width: 600px) { main { width: calc(100% - 1.25rem); } .cta { display: block; text-align: center; }
    .reply { margin-left: 0; }
    .calendar { height: 760px; } }
`;

/** Colors of the page; text colors are chosen for contrast against what the customer picked. */
function colorVars(look: LandingLook): string {
  const bg = look.backgroundColor ?? DEFAULT_BACKGROUND;
  const primary = look.primaryColor ?? DEFAULT_PRIMARY;
  // Colors are checked as #rrggbb when saved, so they are safe inside the style element.
  return `:root { --bg: ${bg}; --fg: ${readableTextOn(bg)}; --primary: ${primary}; --on-primary: ${readableTextOn(primary)}; }`;
}

export interface PreviewCard {
  title: string;
  description: string;
  /** Absolute URLs: link-preview fetchers do not resolve relative ones. */
  url: string;
  image?: string;
  video?: string;
}

function previewTags(card: PreviewCard) {
  return html`
    <meta name="description" content="${card.description}" />
    <meta property="og:type" content="${card.video ? "video.other" : "website"}" />
    <meta property="og:title" content="${card.title}" />
    <meta property="og:description" content="${card.description}" />
    <meta property="og:url" content="${card.url}" />
    ${
      card.image
        ? html`<meta property="og:image" content="${card.image}" />
    <meta property="og:image:width" content="1280" />
    <meta property="og:image:height" content="720" />`
        : ""
    }
    ${
      card.video
        ? html`<meta property="og:video" content="${card.video}" />
    <meta property="og:video:type" content="video/mp4" />`
        : ""
    }
    <meta name="twitter:card" content="${card.image ? "summary_large_image" : "summary"}" />
    <meta name="twitter:title" content="${card.title}" />
    <meta name="twitter:description" content="${card.description}" />
    ${card.image ? html`<meta name="twitter:image" content="${card.image}" />` : ""}`;
}

/**
 * The page around a body. `nonce` is the response's Content-Security-Policy nonce: only elements written
 * here carry it, so nothing that reaches the page through data (headline, message, links) can run.
 */
function layout(
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
  opts: {
    nonce: string;
    look?: LandingLook;
    card?: PreviewCard;
    script?: HtmlEscapedString | Promise<HtmlEscapedString>;
  },
) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex, nofollow" />
    <title>${title}</title>${opts.card ? previewTags(opts.card) : ""}
    <style nonce="${opts.nonce}">${raw(STYLE)}${raw(colorVars(opts.look ?? {}))}</style>
  </head>
  <body>
    <a class="skip" href="#content">Skip to content</a>
    <main id="content">${body}</main>${opts.script ?? ""}
  </body>
</html>`;
}

const TEAM_NOTE = html`<p class="team-note" role="note" data-audience="team">Team preview: you opened this page from the dashboard, so your visits are not counted as the prospect's.</p>`;

/** Where a lead's page lives and how its assets are addressed. */
export interface PageAddress {
  /** `https://acme.loom-lite.app`, as the prospect reached it. */
  origin: string;
  leadSlug: string;
}

export interface PageParts {
  /** The response's CSP nonce. */
  nonce: string;
  /** The calendar as an embed of a known provider, a link, or nothing (see lib/calendar-embeds). */
  calendar: CalendarView | null;
  script?: HtmlEscapedString | Promise<HtmlEscapedString>;
  /** The workspace's plan carries "Made with Loom-Lite" (Free, with billing on). */
  loomLiteBranding?: boolean;
  /** The browser carries the workspace's team mark: its visits are not counted as the prospect's. */
  teamView?: boolean;
  /**
   * Drawn for the campaign editor's preview rather than for the prospect: images come from the
   * dashboard's asset URLs and the video is a placeholder (the sample lead may have none).
   */
  preview?: { imageUrl: (assetId: string) => string };
}

/** The lead as a reply's subject names them: their name, and their company when known. */
function leadName(fields: Record<string, string>): string {
  const name = [fields.first_name, fields.last_name].filter(Boolean).join(" ") || fields.name || "";
  const company = fields.company ?? "";
  if (name && company) return `${name} (${company})`;
  return name || company || fields.email || fields.website || "";
}

/** `mailto:` the rep with a subject naming the lead; null without an address (or a stored bad one). */
function replyHref(email: string | undefined, fields: Record<string, string>): string | null {
  if (!email || !LandingSettingsSchema.shape.replyEmail.safeParse(email).success) return null;
  const who = leadName(fields);
  const subject = who ? `Re: the video for ${who}` : "Re: your video";
  return `mailto:${email}?subject=${encodeURIComponent(subject)}`;
}

/** The message as paragraphs (split at blank lines) with its single line breaks kept, all as text. */
function messageParagraphs(message: string) {
  return message
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      const lines = paragraph.split("\n").map((line, i) => (i === 0 ? html`${line}` : html`<br />${line}`));
      return html`<p class="message">${lines}</p>`;
    });
}

/**
 * A lead's page: headline and message with merge fields, the video (or a note that it is still being
 * made, or that it could not be made), the CTA in every state, the calendar, and a link-preview card.
 */
export function landingPage(lead: LandingLead, address: PageAddress, parts: PageParts) {
  const headline = renderMergeFields(lead.landing.headline ?? DEFAULT_HEADLINE, lead.fields);
  const message = lead.landing.message ? renderMergeFields(lead.landing.message, lead.fields) : null;
  const base = `/${encodeURIComponent(address.leadSlug)}`;
  const hasVideo = Boolean(lead.artifacts?.["video.mp4"]);
  // Bunny Storage renders play from the CDN; R2 ones through this edge (with Range).
  const videoSrc = cdnUrl(lead.media, "video.mp4", lead.artifacts?.["video.mp4"]) ?? `${base}/video.mp4`;
  const posterCdn = cdnUrl(lead.media, "poster.jpg", lead.artifacts?.["poster.jpg"]);
  const poster = lead.artifacts?.["poster.jpg"] ? (posterCdn ?? `${base}/poster.jpg`) : undefined;
  const failed = !hasVideo && (lead.latestState === "failed" || lead.latestState === "cancelled");

  const player = parts.preview
    ? html`<div class="pending" data-state="preview" role="img" aria-label="Where the video plays"><p>${leadName(lead.fields) || "The lead"}'s video plays here.</p></div>`
    : hasVideo
      ? html`<video controls playsinline preload="metadata" aria-label="Video: ${headline}" ${poster ? html`poster="${poster}"` : ""} src="${videoSrc}"></video>`
      : failed
        ? html`<div class="pending" data-state="failed" role="status"><p>This video could not be made.<br />You can still get in touch below.</p></div>`
        : html`<div class="pending" data-state="rendering" role="status"><p>Your video is still being made.<br />This page refreshes by itself.</p></div>
        <script nonce="${parts.nonce}">setTimeout(() => location.reload(), 15000)</script>`;

  // Checked again here: rows saved before links were checked may hold javascript: or data: URLs.
  const ctaUrl =
    lead.landing.ctaUrl && isAllowedLinkUrl(lead.landing.ctaUrl, "cta") ? lead.landing.ctaUrl : null;
  const cta =
    ctaUrl && lead.landing.ctaLabel !== ""
      ? html`<a class="cta" data-track="cta" href="${ctaUrl}" target="_blank" rel="noopener noreferrer">${lead.landing.ctaLabel ?? "Book a call"}</a>`
      : "";
  const reply = replyHref(lead.landing.replyEmail, lead.fields);
  const replyLink = reply
    ? html`<a class="reply" href="${reply}">Reply to ${lead.landing.repName || "me"} by email</a>`
    : "";

  const image = (assetId: string, path: string) => parts.preview?.imageUrl(assetId) ?? `${base}/${path}`;
  const logo = lead.look.logoAssetId
    ? html`<img class="logo" src="${image(lead.look.logoAssetId, "logo")}" alt="${lead.workspaceName}" />`
    : "";
  const { repName, repTitle, repPhotoAssetId } = lead.landing;
  const rep =
    repName || repTitle || repPhotoAssetId
      ? html`<div class="rep">${repPhotoAssetId ? html`<img src="${image(repPhotoAssetId, "photo")}" alt="${repName ? `Photo of ${repName}` : "The sender's photo"}" />` : ""}<div>${repName ? html`<strong>${repName}</strong>` : ""}${repTitle ? html`<span>${repTitle}</span>` : ""}</div></div>`
      : "";
  const calendar =
    parts.calendar?.kind === "embed"
      ? html`<iframe class="calendar" src="${parts.calendar.url}" sandbox="${CALENDAR_SANDBOX}" referrerpolicy="no-referrer" title="Book a time with ${lead.workspaceName}" loading="lazy"></iframe>`
      : parts.calendar?.kind === "link"
        ? html`<p class="calendar-link"><a href="${parts.calendar.url}" rel="noopener noreferrer" target="_blank">Book a time with ${lead.workspaceName}</a></p>`
        : "";

  const pageUrl = `${address.origin}${base}`;
  const card: PreviewCard = {
    title: headline,
    description: message ?? `A personal video from ${lead.workspaceName}.`,
    url: pageUrl,
    image: posterCdn ?? (poster ? `${address.origin}${poster}` : undefined),
    video: hasVideo
      ? (cdnUrl(lead.media, "video.mp4", lead.artifacts?.["video.mp4"]) ?? `${pageUrl}/video.mp4`)
      : undefined,
  };

  return layout(
    headline,
    html`${parts.teamView ? TEAM_NOTE : ""}${logo}<h1>${headline}</h1>
      ${player}
      ${rep}
      ${message ? messageParagraphs(message) : ""}
      ${cta}${replyLink}
      ${calendar}
      <footer>${lead.workspaceName}${parts.loomLiteBranding ? html`<p class="made-with">Made with <a href="https://loom-lite.app" rel="noopener">Loom-Lite</a></p>` : ""}</footer>`,
    { nonce: parts.nonce, look: lead.look, card, script: parts.script },
  );
}

export function notFoundPage(nonce: string) {
  return layout(
    "Page not found",
    html`<h1>This page does not exist</h1>
      <p>The link may be mistyped, or the video was removed.</p>`,
    { nonce },
  );
}
