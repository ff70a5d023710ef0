/** In-page functions (self-contained) that make lazy content load before it is on screen. */

/**
 * Turns lazy loading off: `loading=lazy` becomes eager, `data-src`/`data-srcset`/`data-bg` style
 * attributes of lazy-loading libraries are copied where the browser reads them. Returns how many
 * elements changed.
 */
export function forceLazyContent(): number {
  let changed = 0;
  for (const el of Array.from(document.querySelectorAll("img[loading=lazy], iframe[loading=lazy]"))) {
    el.setAttribute("loading", "eager");
    changed++;
  }
  const swap = (el: Element, from: string[], to: string) => {
    for (const name of from) {
      const value = el.getAttribute(name);
      if (value && el.getAttribute(to) !== value) {
        el.setAttribute(to, value);
        changed++;
        return;
      }
    }
  };
  for (const el of Array.from(document.querySelectorAll("img, source, iframe, video"))) {
    swap(el, ["data-src", "data-lazy-src", "data-original", "data-lazy"], "src");
    swap(el, ["data-srcset", "data-lazy-srcset"], "srcset");
  }
  for (const el of Array.from(
    document.querySelectorAll<HTMLElement>(
      "[data-bg], [data-background], [data-background-image], [data-bg-src]",
    ),
  )) {
    const url =
      el.getAttribute("data-bg") ??
      el.getAttribute("data-background") ??
      el.getAttribute("data-background-image") ??
      el.getAttribute("data-bg-src");
    if (url && !el.style.backgroundImage) {
      el.style.backgroundImage = /^url\(/.test(url) ? url : `url("${url}")`;
      changed++;
    }
  }
  return changed;
}

/**
 * A first "user interaction" for scripts that wait for one before loading (chat launchers, tag
 * managers, HubSpot/Intercom-style loaders). The trusted mouse and keyboard events come from Playwright;
 * these untrusted ones reach listeners on window and document that only care that something happened.
 */
export function dispatchFirstInteraction(): void {
  const target = document.body ?? document.documentElement;
  const opts = { bubbles: true, cancelable: true, clientX: 4, clientY: 4, view: window };
  for (const type of ["pointerover", "pointermove", "mousemove", "pointerdown", "touchstart"]) {
    try {
      const event = type.startsWith("pointer") ? new PointerEvent(type, opts) : new MouseEvent(type, opts);
      target.dispatchEvent(type === "touchstart" ? new Event(type, { bubbles: true }) : event);
    } catch {
      // An event type this page's engine does not construct.
    }
  }
  window.dispatchEvent(new Event("scroll"));
  document.dispatchEvent(new Event("scroll"));
  window.dispatchEvent(new Event("focus"));
  document.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, key: "Shift" }));
}

/**
 * Scrolls down in viewport steps, pausing `pauseMs` on each so IntersectionObservers fire (iframes get
 * theirs when their box is in view), up to `limitPx` or `untilMs` (epoch ms), whichever comes first;
 * a page that grows while scrolled (infinite scroll) stops at the limit. Ends back at the top.
 * Returns the document height seen at the end.
 */
export async function scrollThrough(args: {
  limitPx: number;
  pauseMs: number;
  untilMs: number;
}): Promise<number> {
  const height = () =>
    Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  const step = Math.max(200, Math.floor(window.innerHeight * 0.75));
  let y = 0;
  while (Date.now() < args.untilMs) {
    const bottom = Math.min(height(), args.limitPx) - window.innerHeight;
    if (y >= bottom) break;
    y = Math.min(y + step, Math.max(0, bottom));
    window.scrollTo(0, y);
    await Promise.race([frame(), sleep(100)]);
    await sleep(args.pauseMs);
    // How reveal-on-scroll content looks here (see scripts/reveal.ts), when that watch runs.
    (window as unknown as { __loomRevealSample?: () => void }).__loomRevealSample?.();
  }
  const seen = height();
  window.scrollTo(0, 0);
  await Promise.race([frame(), sleep(100)]);
  return seen;
}

/** Waits until every image has loaded and decoded (so it paints in the next screenshot), or errored. */
export async function decodeImages(): Promise<{ total: number; broken: number }> {
  const images = Array.from(document.images);
  let broken = 0;
  await Promise.all(
    images.map(async (img) => {
      if (!img.complete) {
        await new Promise((resolve) => {
          img.addEventListener("load", resolve, { once: true });
          img.addEventListener("error", resolve, { once: true });
        });
      }
      try {
        await img.decode();
      } catch {
        if (img.currentSrc) broken++;
      }
    }),
  );
  return { total: images.length, broken };
}

/** Resolves when this frame's web fonts are ready. */
export async function fontsReady(): Promise<void> {
  await document.fonts.ready;
}

/**
 * Whether this (i)frame's document paints something: text, an image, a canvas, an svg, a video or a
 * background. A scheduling embed that has not drawn yet is an empty shell and answers false.
 */
export function framePainted(): boolean {
  const body = document.body;
  if (!body) return false;
  // biome-ignore lint/performance/useDomNodeTextContent: what a visitor sees, without hidden text
  if ((body.innerText ?? "").trim().length > 0) return true;
  for (const el of Array.from(body.querySelectorAll("img, canvas, svg, video, picture, input, button"))) {
    const rect = el.getBoundingClientRect();
    if (rect.width > 4 && rect.height > 4) return true;
  }
  for (const el of Array.from(body.querySelectorAll("*")).slice(0, 2000)) {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (rect.width < 4 || rect.height < 4) continue;
    if (style.backgroundImage !== "none") return true;
    if (
      el !== body &&
      style.backgroundColor !== "rgba(0, 0, 0, 0)" &&
      style.backgroundColor !== "transparent"
    )
      return true;
  }
  return false;
}

/**
 * Makes the whole document render and scroll the ordinary way: smooth scrolling off (each scroll of the
 * capture must land at once), `content-visibility` skipping off (sections below the fold would be blank
 * in a full-page picture), and a page that scrolls inside a full-height container instead of the
 * document (`#app { height: 100vh; overflow: auto }`) unwrapped so the document itself grows.
 * Returns whether such a container was unwrapped.
 */
export function normaliseScrolling(): boolean {
  const STYLE_ID = "loom-scrolling";
  if (!document.getElementById(STYLE_ID)) {
    const style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = "html,body{scroll-behavior:auto!important}*{content-visibility:visible!important}";
    (document.head ?? document.documentElement).appendChild(style);
  }
  const doc = document.documentElement;
  if (doc.scrollHeight > window.innerHeight + 10) return false;
  let best: HTMLElement | null = null;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("body *"))) {
    const style = getComputedStyle(el);
    if (style.overflowY !== "auto" && style.overflowY !== "scroll") continue;
    if (el.clientHeight < window.innerHeight * 0.8 || el.scrollHeight < el.clientHeight + 200) continue;
    if (!best || el.scrollHeight > best.scrollHeight) best = el;
  }
  if (!best) return false;
  const free = (el: HTMLElement) => {
    // A fixed container does not make the document taller, however tall it gets.
    if (getComputedStyle(el).position === "fixed") el.style.setProperty("position", "relative", "important");
    el.style.setProperty("height", "auto", "important");
    el.style.setProperty("max-height", "none", "important");
    el.style.setProperty("overflow", "visible", "important");
  };
  for (let el: HTMLElement | null = best; el; el = el.parentElement) free(el);
  return true;
}
