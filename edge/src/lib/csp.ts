/**
 * Content-Security-Policy values. Pages of our own carry a fresh nonce per response and allow scripts
 * and styles only with it, so markup that slipped into a page (a tenant's text, a stored link) cannot
 * run script; files from tenants and nodes are sandboxed with nothing allowed.
 */

/** For uploaded and rendered files: shown as an image or video at most, never run as a document. */
export const USER_CONTENT_POLICY = "default-src 'none'; sandbox";

/** 128 random bits, base64: a nonce no attacker can guess for the response it is in. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export type Directives = Record<string, readonly string[]>;

export function policy(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/**
 * Every response that does not bring its own policy: no script at all, inline styles only (the API
 * reference, error pages), and never framed.
 */
export const FALLBACK_POLICY = policy({
  "default-src": ["'none'"],
  "style-src": ["'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  "frame-ancestors": ["'none'"],
});

/**
 * The dashboard and marketing pages (Astro's static HTML, nonces added as it is served). Media and
 * frames may come from elsewhere: posters and videos on a CDN, lead websites in the scene preview.
 * On a local stack those are plain http.
 */
export function sitePolicy(nonce: string, local: boolean): string {
  const remote = local ? ["https:", "http:"] : ["https:"];
  return policy({
    "default-src": ["'self'"],
    "script-src": [`'nonce-${nonce}'`, "'strict-dynamic'"],
    "style-src": ["'self'", `'nonce-${nonce}'`],
    "img-src": ["'self'", "data:", "blob:", ...remote],
    "media-src": ["'self'", "blob:", ...remote],
    "frame-src": ["https:", "http:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  });
}

/**
 * A landing page: its own scripts and styles by nonce, media from this host or the render's CDN, the
 * calendar provider's page as the only frame, beacons to this host.
 */
export function landingPolicy(
  nonce: string,
  from: { media?: string | null; calendar?: string | null },
): string {
  const media = ["'self'", ...(from.media ? [from.media] : [])];
  return policy({
    "default-src": ["'none'"],
    "script-src": [`'nonce-${nonce}'`],
    "style-src": [`'nonce-${nonce}'`],
    "img-src": media,
    "media-src": media,
    "frame-src": from.calendar ? [from.calendar] : ["'none'"],
    "connect-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  });
}

/**
 * The campaign editor's preview of a landing page, framed by the dashboard on its own origin: the
 * landing policy, framed by this origin only, and sandboxed so no script runs and no form is sent even
 * if markup slipped in (links may still open, as the prospect's would).
 */
export function landingPreviewPolicy(nonce: string, from: { calendar?: string | null }): string {
  return landingPolicy(nonce, from)
    .replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    .concat("; sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox");
}
