/**
 * Scripts run inside the captured page. They are plain strings because tsx and vitest compile this
 * package with esbuild, which wraps named functions in a `__name` helper the page does not have.
 */

export const PAGE_HEIGHT = `Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)`;

export const FONTS_READY = `document.fonts.ready.then(() => undefined)`;

/** One pass down the page in viewport-sized steps, so lazy images and scroll-triggered widgets load. */
export function scrollThroughPage(limitPx: number, pauseMs: number): string {
  return `(async () => {
    const limit = ${Math.floor(limitPx)};
    const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
    for (let y = step, i = 0; i < 60; y += step, i++) {
      const bottom = Math.min(document.documentElement.scrollHeight, limit);
      window.scrollTo(0, Math.min(y, bottom));
      await new Promise((resolve) => setTimeout(resolve, ${Math.floor(pauseMs)}));
      if (y >= bottom) break;
    }
    window.scrollTo(0, 0);
  })()`;
}

export const IMAGES_SETTLED = `Promise.all(
  Array.from(document.images)
    .filter((img) => !img.complete)
    .map((img) => new Promise((resolve) => {
      img.addEventListener("load", resolve, { once: true });
      img.addEventListener("error", resolve, { once: true });
    })),
).then(() => undefined)`;

/** True when the page shows nothing: no text, no media, no background images. */
export const IS_BLANK_PAGE = `(() => {
  const body = document.body;
  if (!body) return true;
  if (body.innerText.trim().length > 0) return false;
  if (document.querySelector("img, svg, canvas, video, iframe, picture, object, embed")) return false;
  return !Array.from(document.querySelectorAll("body, body *")).some(
    (el) => getComputedStyle(el).backgroundImage !== "none",
  );
})()`;
