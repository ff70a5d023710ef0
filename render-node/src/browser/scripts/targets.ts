/** In-page function (self-contained) that finds where the scene's actions point. */

export type TargetBox = { x: number; y: number; width: number; height: number; viewport?: true } | null;

/**
 * The first visible match of each selector: document px, or viewport px when it sits in a fixed layer. Selectors that are not valid CSS or match nothing visible answer null.
 */
export function locateTargets(selectors: string[]): Record<string, TargetBox> {
  const out: Record<string, TargetBox> = {};
  for (const selector of selectors) {
    let found: TargetBox = null;
    let matches: Element[] = [];
    try {
      matches = Array.from(document.querySelectorAll(selector));
    } catch {
      matches = [];
    }
    for (const el of matches) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width < 1 || r.height < 1 || style.visibility === "hidden" || el.closest("[data-loom-hidden]"))
        continue;
      const box = {
        x: Math.round(r.left),
        y: Math.round(r.top),
        width: Math.round(r.width),
        height: Math.round(r.height),
      };
      // Inside a fixed layer the element stays put on screen; inside a sticky one it scrolls with the
      // page until it sticks, so document px are the better answer there.
      const pin = el.closest("[data-loom-pin]");
      found =
        pin && getComputedStyle(pin).position === "fixed"
          ? { ...box, viewport: true }
          : { ...box, x: box.x + Math.round(window.scrollX), y: box.y + Math.round(window.scrollY) };
      break;
    }
    out[selector] = found;
  }
  return out;
}
