/** In-page functions (self-contained) for fixed and sticky elements. */

export interface PinnedElement {
  /** Value of the element's `data-loom-pin` attribute. */
  id: string;
  kind: "fixed" | "sticky";
  label: string;
  /** Viewport px now. */
  rect: { x: number; y: number; width: number; height: number };
  /** Sticky only: document y of its place in the flow, its `top`, and its container's bottom. */
  naturalY?: number;
  top?: number;
  containerBottom?: number;
}

/**
 * Finds the outermost visible position:fixed and position:sticky (with a `top`) elements of the top
 * document, marks them `data-loom-pin`, and reports where they are. Overlays covering more than half
 * the viewport are not layers (modals are the consent pass's business; a fixed full-page background
 * stays in the background). Marks from an earlier call are kept, so an element that turns fixed only
 * once the page is scrolled is hidden from the background as well.
 */
export function findPinned(): PinnedElement[] {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  const out: PinnedElement[] = [];
  let next = document.querySelectorAll("[data-loom-pin]").length;
  const isPinned = (el: Element) => {
    const pos = getComputedStyle(el).position;
    return pos === "fixed" || pos === "sticky";
  };
  const candidates = Array.from(document.querySelectorAll("body *")).filter(
    (el) => el.hasAttribute("data-loom-pin") || isPinned(el),
  );
  for (const el of candidates) {
    if (el.hasAttribute("data-loom-hidden") || el.closest("[data-loom-hidden]")) continue;
    // Inside another pinned element: it is part of that layer.
    const parent = el.parentElement;
    if (parent && candidates.some((other) => other !== el && other.contains(el))) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const kind = style.position === "sticky" ? "sticky" : style.position === "fixed" ? "fixed" : null;
    if (!kind) continue;
    if (rect.width < 4 || rect.height < 4 || style.visibility === "hidden" || style.display === "none")
      continue;
    if (Number(style.opacity) < 0.05) continue;
    const covered =
      (Math.max(0, Math.min(rect.right, vw) - Math.max(rect.left, 0)) *
        Math.max(0, Math.min(rect.bottom, vh) - Math.max(rect.top, 0))) /
      (vw * vh);
    if (covered > 0.5) continue;
    if (kind === "sticky" && style.top === "auto") continue;
    let id = el.getAttribute("data-loom-pin");
    if (!id) {
      id = String(next++);
      el.setAttribute("data-loom-pin", id);
    }
    const cls =
      typeof el.className === "string" && el.className.trim()
        ? `.${el.className.trim().split(/\s+/)[0]}`
        : "";
    const entry: PinnedElement = {
      id,
      kind,
      label: `${kind} ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : cls}`,
      rect: { x: rect.left, y: rect.top, width: rect.width, height: rect.height },
    };
    if (kind === "sticky") {
      const html = el as HTMLElement;
      const saved = html.style.getPropertyValue("position");
      const savedPriority = html.style.getPropertyPriority("position");
      html.style.setProperty("position", "static", "important");
      entry.naturalY = html.getBoundingClientRect().top + window.scrollY;
      html.style.setProperty("position", saved, savedPriority);
      entry.top = Number.parseFloat(style.top) || 0;
      const container = el.parentElement ?? document.body;
      entry.containerBottom =
        container.getBoundingClientRect().bottom +
        window.scrollY -
        (Number.parseFloat(getComputedStyle(container).paddingBottom) || 0);
    }
    out.push(entry);
  }
  return out;
}

/**
 * `mode` "isolate": only the pinned elements paint (everything else invisible, html/body transparent),
 * for a screenshot with `omitBackground` that keeps their transparency. "hide": pinned elements are
 * invisible and keep their space, for the background. "restore": undoes either.
 */
export function stagePinned(mode: "isolate" | "hide" | "restore"): void {
  const STYLE_ID = "loom-pinned-stage";
  document.getElementById(STYLE_ID)?.remove();
  for (const el of Array.from(document.querySelectorAll("[data-loom-isolated], [data-loom-path]"))) {
    el.removeAttribute("data-loom-isolated");
    el.removeAttribute("data-loom-path");
  }
  if (mode === "restore") return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  if (mode === "hide") {
    style.textContent = "[data-loom-pin]{visibility:hidden!important}*{caret-color:transparent!important}";
  } else {
    const pinned = Array.from(document.querySelectorAll("[data-loom-pin]"));
    // Hide every subtree beside the paths from <body> down to the pinned elements.
    for (const el of pinned) {
      let node: Element | null = el;
      while (node && node !== document.body && node.parentElement) {
        if (node !== el) node.setAttribute("data-loom-path", "");
        for (const sibling of Array.from(node.parentElement.children)) {
          if (sibling === node || pinned.some((p) => sibling.contains(p))) continue;
          sibling.setAttribute("data-loom-isolated", "");
        }
        node = node.parentElement;
      }
    }
    style.textContent =
      "html,body{background:transparent!important}" +
      "[data-loom-isolated]{visibility:hidden!important}" +
      "[data-loom-path]{background:transparent!important}";
  }
  (document.head ?? document.documentElement).appendChild(style);
}

/**
 * How each marked pinned element looks now, as a string that changes when its look does: "" when it
 * shows nothing, else its position (fixed/sticky) and the class/style attributes of it and its
 * descendants (scroll handlers toggle a class or set a style). Ids without a marked element answer "".
 */
export function pinnedLooks(ids: string[]): Record<string, string> {
  const vh = window.innerHeight;
  const out: Record<string, string> = {};
  for (const id of ids) {
    const el = document.querySelector(`[data-loom-pin="${id}"]`);
    out[id] = "";
    if (!el) continue;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    if (
      style.display === "none" ||
      style.visibility === "hidden" ||
      Number(style.opacity) < 0.05 ||
      rect.width < 4 ||
      rect.height < 4 ||
      rect.bottom <= 0 ||
      rect.top >= vh
    )
      continue;
    // Whether it is fixed or sticky now, then attributes only: its box moves with its own animations
    // (a pulsing launcher), which are no change of look.
    const parts = [style.position];
    const nodes = [el, ...Array.from(el.querySelectorAll("*")).slice(0, 200)];
    for (const node of nodes)
      parts.push(`${node.getAttribute("class") ?? ""}|${node.getAttribute("style") ?? ""}`);
    out[id] = parts.join(";");
  }
  return out;
}
