/** In-page function (self-contained) that recognises human-verification walls and blank pages. */

export interface PageLook {
  /** Why this looks like a bot wall / captcha challenge, or null. */
  wall: string | null;
  /** Visible text length of the top document. */
  textLength: number;
  /** Visible images, videos, canvases, svgs and iframes bigger than 32 px. */
  media: number;
  title: string;
}

/**
 * Challenge pages of Cloudflare, Akamai, PerimeterX/HUMAN, DataDome, Imperva/Incapsula, AWS WAF and
 * Sucuri, and walls built on hCaptcha/reCAPTCHA/Turnstile: a captcha on an otherwise full page (a
 * contact form) is not a wall; a captcha or verification text that is most of what shows is.
 */
export function inspectPage(): PageLook {
  const TITLE =
    /^(just a moment|attention required|access denied|security check|please wait|verifying|checking your browser|ddos-guard|pardon our interruption|one more step|are you a robot|human verification|403 forbidden|request unsuccessful|robot or human)/i;
  const TEXT =
    /verify(ing)? (that )?you are (a )?human|verify you are not a robot|are you a robot|checking (if the site connection is secure|your browser)|enable javascript and cookies to continue|press (&|and) hold|please complete the security check|request unsuccessful\. incapsula|incident id|access denied.{0,80}reference #|you don't have permission to access|why have i been blocked|ray id|unusual traffic from your (computer )?network|sorry, we just need to make sure you're not a robot|captcha-delivery|blocked by datadome/i;
  const CHALLENGE_FRAMES =
    /challenges\.cloudflare\.com|hcaptcha\.com|google\.com\/recaptcha|recaptcha\.net|captcha-delivery\.com|geo\.captcha-delivery|px-captcha|perimeterx|funcaptcha|arkoselabs/i;
  const CHALLENGE_MARKUP =
    "#challenge-form, #challenge-stage, #challenge-running, #cf-challenge-running, #cf-wrapper .cf-error-details, .cf-turnstile, #px-captcha, [id^='px-captcha'], .g-recaptcha, .h-captcha, #ddv1-captcha-container, #distilCaptchaForm, #sec-if-cpt-container, #captcha-container";

  const body = document.body;
  // biome-ignore lint/performance/useDomNodeTextContent: what a visitor sees, without hidden text
  const text = ((body?.innerText ?? "") as string).replace(/\s+/g, " ").trim();
  const title = document.title.trim();
  let media = 0;
  for (const el of Array.from(
    document.querySelectorAll("img, video, canvas, svg, iframe, picture, object, embed"),
  )) {
    const r = el.getBoundingClientRect();
    if (r.width > 32 && r.height > 32) media++;
  }
  const look: PageLook = { wall: null, textLength: text.length, media, title };

  if (TITLE.test(title)) {
    look.wall = `its title is "${title}"`;
    return look;
  }
  const match = TEXT.exec(text);
  if (match && text.length < 3000) {
    look.wall = `it says "${match[0]}"`;
    return look;
  }
  const frames = Array.from(document.querySelectorAll("iframe, script"))
    .map((el) => el.getAttribute("src") ?? "")
    .filter((src) => CHALLENGE_FRAMES.test(src));
  const markup = document.querySelector(CHALLENGE_MARKUP);
  if ((frames.length > 0 || markup) && text.length < 600) {
    look.wall = `it shows a captcha challenge (${markup ? markup.id || markup.className : frames[0]})`;
    return look;
  }
  // A verification box drawn over the whole page.
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  for (const el of Array.from(document.querySelectorAll("body *"))) {
    const style = getComputedStyle(el);
    if (style.position !== "fixed" && style.position !== "absolute") continue;
    const r = el.getBoundingClientRect();
    if (r.width * r.height < 0.6 * vw * vh || style.visibility === "hidden" || style.display === "none")
      continue;
    // biome-ignore lint/performance/useDomNodeTextContent: what a visitor sees, without hidden text
    const own = ((el as HTMLElement).innerText ?? "").replace(/\s+/g, " ").trim();
    const hit = TEXT.exec(own);
    if (hit) {
      look.wall = `a box over the page says "${hit[0]}"`;
      return look;
    }
  }
  return look;
}
