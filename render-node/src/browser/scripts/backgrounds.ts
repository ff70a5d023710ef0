/**
 * In-page function (self-contained) for `background-attachment: fixed` (parallax sections). The tall
 * picture is painted with a viewport as tall as the page, so a fixed background stretches over the whole
 * document and each section shows a sliver of a giant image. "anchor" makes those backgrounds scroll with
 * their element for that picture (the image at the scale a visitor sees it, without the parallax
 * motion); "restore" undoes it. Returns how many elements were changed.
 */
export function anchorFixedBackgrounds(mode: "anchor" | "restore"): number {
  const MARK = "data-loom-bg-fixed";
  if (mode === "restore") {
    const marked = Array.from(document.querySelectorAll<HTMLElement>(`[${MARK}]`));
    for (const el of marked) {
      const saved = el.getAttribute(MARK) ?? "";
      el.style.removeProperty("background-attachment");
      if (saved) el.style.setProperty("background-attachment", saved);
      el.removeAttribute(MARK);
    }
    return marked.length;
  }
  let changed = 0;
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("body, body *"))) {
    if (!getComputedStyle(el).backgroundAttachment.includes("fixed")) continue;
    el.setAttribute(MARK, el.style.getPropertyValue("background-attachment"));
    el.style.setProperty("background-attachment", "scroll", "important");
    changed++;
  }
  return changed;
}

/** Where a `background-attachment: fixed` background is painted: its element's box, document px. */
export interface FixedBackgroundBox {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Elements (at most `limit`, in the first `maxY` px) that paint a background image fixed to the
 * viewport, each marked `data-loom-fixed-bg` for `paintFixedBackground`. A fixed background of the
 * root or the body is painted over the whole document.
 */
export function findFixedBackgrounds(args: { maxY: number; limit: number }): FixedBackgroundBox[] {
  const found: FixedBackgroundBox[] = [];
  const root = document.documentElement;
  const pageHeight = Math.min(args.maxY, Math.max(root.scrollHeight, document.body?.scrollHeight ?? 0));
  for (const el of Array.from(document.querySelectorAll<HTMLElement>("html, body, body *"))) {
    if (found.length >= args.limit) break;
    const style = getComputedStyle(el);
    if (!style.backgroundAttachment.includes("fixed") || style.backgroundImage === "none") continue;
    if (style.visibility === "hidden" || el.closest("[data-loom-pin], [data-loom-hidden]")) continue;
    const whole = el === root || el === document.body;
    const r = el.getBoundingClientRect();
    const box = whole
      ? { x: 0, y: 0, width: root.clientWidth, height: pageHeight }
      : { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    const left = Math.max(0, Math.floor(box.x));
    const top = Math.max(0, Math.floor(box.y));
    const right = Math.min(root.clientWidth, Math.ceil(box.x + box.width));
    const bottom = Math.min(pageHeight, Math.ceil(box.y + box.height));
    if (right - left < 8 || bottom - top < 8) continue;
    const id = String(found.length);
    el.setAttribute("data-loom-fixed-bg", id);
    const name = el.id ? `#${el.id}` : el.classList[0] ? `.${el.classList[0]}` : "";
    found.push({
      id,
      label: `${el.tagName.toLowerCase()}${name}`,
      x: left,
      y: top,
      width: right - left,
      height: bottom - top,
    });
  }
  return found;
}

/**
 * Paints one marked fixed background (`findFixedBackgrounds`) for a picture: "viewport" lays it over the
 * whole viewport as a visitor sees it behind any section; "black" and "white" paint its element's
 * background in one colour, so two pictures tell where the background shows through the content;
 * "restore" undoes either. A style sheet does it, not the element's attributes, which other watches
 * hold (scripts/reveal.ts).
 */
export function paintFixedBackground(args: {
  id: string;
  as: "viewport" | "black" | "white" | "restore";
}): void {
  const SHEET = "loom-fixed-bg-sheet";
  const COVER = "loom-fixed-bg-cover";
  document.getElementById(SHEET)?.remove();
  document.getElementById(COVER)?.remove();
  if (args.as === "restore") return;
  const el = document.querySelector<HTMLElement>(`[data-loom-fixed-bg="${args.id}"]`);
  if (!el) return;
  if (args.as === "viewport") {
    const style = getComputedStyle(el);
    const cover = document.createElement("div");
    cover.id = COVER;
    cover.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;pointer-events:none;transition:none;animation:none;";
    for (const property of [
      "background-image",
      "background-color",
      "background-size",
      "background-position",
      "background-repeat",
      "background-blend-mode",
      "background-attachment",
    ]) {
      cover.style.setProperty(property, style.getPropertyValue(property));
    }
    document.documentElement.appendChild(cover);
    return;
  }
  const sheet = document.createElement("style");
  sheet.id = SHEET;
  sheet.textContent = `[data-loom-fixed-bg="${args.id}"]{background-image:none!important;background-color:${
    args.as === "black" ? "#000" : "#fff"
  }!important;transition:none!important}`;
  (document.head ?? document.documentElement).appendChild(sheet);
}
