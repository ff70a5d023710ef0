import { z } from "zod";

/**
 * Links a tenant puts on a prospect-facing page (the CTA button, the calendar). A URL's scheme decides
 * what a click or an iframe does: `javascript:` and `data:` run script in the page's origin, so only
 * schemes that navigate somewhere else are allowed. `http:` is accepted for loopback hosts alone, so a
 * local stack can point at its own test pages; everywhere else links are `https:`.
 */

const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

export type LinkPurpose = "cta" | "embed";

/** Schemes a link may have, by what it is for: a CTA may also be a reply by e-mail. */
const SCHEMES: Record<LinkPurpose, readonly string[]> = {
  cta: ["https:", "mailto:"],
  embed: ["https:"],
};

/** Why `value` may not be used as a link on a landing page, or null when it may. */
export function linkUrlProblem(value: string, purpose: LinkPurpose): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be a full URL, e.g. https://calendly.com/you";
  }
  const allowed = SCHEMES[purpose];
  if (allowed.includes(url.protocol)) {
    if (url.protocol === "https:" && !url.hostname) return "must name a host";
    return null;
  }
  if (url.protocol === "http:" && LOOPBACK_HOST.test(url.hostname)) return null;
  const list = [...allowed, "http: (localhost only)"].join(", ");
  return `must be a ${list} URL; ${url.protocol} links are not allowed`;
}

/** True when `value` is a URL a landing page may link to or embed (re-checked when a page is drawn). */
export function isAllowedLinkUrl(value: string, purpose: LinkPurpose): boolean {
  return linkUrlProblem(value, purpose) === null;
}

function linkUrlSchema(purpose: LinkPurpose) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = linkUrlProblem(value, purpose);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** Where the CTA button goes: an https page, or a `mailto:` reply. */
export const CtaUrlSchema = linkUrlSchema("cta");
/** A page shown inside the landing page (the booking calendar). */
export const EmbedUrlSchema = linkUrlSchema("embed");
