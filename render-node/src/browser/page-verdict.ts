import type { Page, Response } from "playwright-core";
import { getDomain } from "tldts";
import { paintedShare } from "./pixels";
import { screenshot } from "./screenshot";
import { inspectPage, type PageLook } from "./scripts/wall";
import { UnusablePage } from "./unusable";

/** Response headers that only a challenge (not the site) sends. */
function challengeHeader(response: Response | null): string | null {
  if (!response) return null;
  const headers = response.headers();
  if (headers["cf-mitigated"] === "challenge") return "Cloudflare answered with a challenge (cf-mitigated)";
  if (headers["x-datadome"] || headers["x-dd-b"]) {
    if (response.status() === 403) return "DataDome answered 403";
  }
  if (headers["x-px-blocked"] || headers["x-perimeterx"]) return "PerimeterX answered with a block";
  if (headers["x-amzn-waf-action"] === "captcha" || headers["x-amzn-waf-action"] === "challenge")
    return "AWS WAF answered with a challenge";
  if (headers["x-sucuri-block"]) return "Sucuri blocked the visit";
  return null;
}

export interface PageJudgement {
  status: number;
  look: PageLook;
  /** JPEG of the viewport as it is now. */
  frame: Buffer;
  painted: number;
}

/**
 * Throws `UnusablePage` when the loaded page is a human-verification wall, an HTTP error or (near)
 * blank; returns what it saw otherwise. The wall check comes first: challenge pages often answer
 * 403/503, and "blocked for automated visitors" is what the user needs to hear.
 */
export async function judgePage(page: Page, response: Response | null): Promise<PageJudgement> {
  const status = response?.status() ?? 0;
  const look = (await page.evaluate(inspectPage).catch(() => null)) ?? {
    wall: null,
    textLength: 0,
    media: 0,
    title: "",
  };
  const frame = await screenshot(page, { format: "jpeg", quality: 80 });
  const painted = await paintedShare(frame);
  const seen = { status, finalUrl: page.url(), frame };
  const host = new URL(page.url()).hostname;
  const header = challengeHeader(response);
  const wall = look.wall ?? header;
  if (wall) {
    throw new UnusablePage(
      `${host} shows a human-verification wall to automated visitors (${wall})`,
      "bot_wall",
      false,
      seen,
    );
  }
  if (status >= 400) {
    const retryable = status >= 500 || status === 429 || status === 408;
    throw new UnusablePage(`the server answered HTTP ${status}`, "http_error", retryable, seen);
  }
  // "Loading…" and nothing else: a page that never booted.
  const nearlyEmpty = look.textLength < 20 && look.media === 0;
  if (painted < 0.001 || (nearlyEmpty && painted < 0.004)) {
    const reason = painted < 0.001 ? "the page is blank" : "the page is blank apart from a few words";
    throw new UnusablePage(reason, "blank", true, seen);
  }
  return { status, look, frame, painted };
}

/** The registrable domain (acme.co.uk), or the host itself for IP addresses and single labels. */
export function siteOf(url: string): string {
  const host = new URL(url).hostname.toLowerCase();
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}
