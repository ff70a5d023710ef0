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
