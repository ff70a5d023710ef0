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
