/**
 * In-page functions (self-contained) for content that reveals itself when it enters the viewport and
 * hides again when it leaves (IntersectionObserver class toggles, AOS with `mirror`, Framer Motion
 * `whileInView` without `once`). The scroll pass brings each such element into view; these functions
 * remember how it looked there and put it back in that state for the tall picture.
 */

interface InViewState {
  share: number;
  className: string | null;
  style: string | null;
}

interface RevealState {
  /** Elements whose class or style attribute changed since the watch began. */
  changed: Set<Element>;
  /**
   * The attribute states each changed element had while in view, with how much of it was in view.
   * Several: a sample can come before the page reacted to the position (observers report a frame late).
   */
  inView: Map<Element, InViewState[]>;
  observer: MutationObserver;
}

/**
 * Starts watching class/style changes and defines `window.__loomRevealSample`, which the scroll pass
 * calls after each step: it records the attributes of every changed element that is in view.
 */
export function watchReveals(): void {
  const w = window as unknown as { __loomReveal?: RevealState; __loomRevealSample?: () => void };
  if (w.__loomReveal) return;
  // Elements followed at most: a page animating thousands of inline styles is cut there.
  const limit = 2000;
  const changed = new Set<Element>();
  const inView = new Map<Element, InViewState[]>();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (changed.size >= limit) return;
      const el = record.target;
      if (!(el instanceof Element) || changed.has(el)) continue;
      changed.add(el);
      // Its first change happened out of view: a page hides what leaves the viewport, so the state it
      // had before (shown when the watch began, the top of the page) is a state it has in view. What
      // changes while in view (a preloader fading out) is not taken for one.
      const r = el.getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight) continue;
      const before = (name: string) =>
        record.attributeName === name ? record.oldValue : el.getAttribute(name);
      inView.set(el, [{ share: 0.01, className: before("class"), style: before("style") }]);
    }
  });
  observer.observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeOldValue: true,
    attributeFilter: ["class", "style"],
  });
  const state: RevealState = { changed, inView, observer };
  w.__loomReveal = state;
  w.__loomRevealSample = () => {
    const vh = window.innerHeight;
    for (const el of changed) {
      if (!el.isConnected || el === document.documentElement || el === document.body) continue;
      const r = el.getBoundingClientRect();
      if (r.height < 1 || r.width < 1) continue;
      const visible = Math.min(r.bottom, vh) - Math.max(r.top, 0);
      if (visible <= 0) continue;
      const share = visible / Math.min(r.height, vh);
      const className = el.getAttribute("class");
      const style = el.getAttribute("style");
      const states = state.inView.get(el) ?? [];
      const same = states.find((k) => k.className === className && k.style === style);
      if (same) same.share = Math.max(same.share, share);
      else if (states.length < 4) states.push({ share, className, style });
      state.inView.set(el, states);
    }
  };
}

/**
 * Stops the watch and gives every element that is hidden now, but was seen in view with other
 * attributes, those attributes back, finishing the transitions they start. An element that does not
 * become visible that way is left as it was. Pinned and hidden (consent) elements are not touched.
 * The page's own scripts cannot hide them again until `releaseReveals`: a scroll handler that was
 * still pending, or a loop that checks positions on every frame, would otherwise undo this before
 * the picture is taken. Returns how many elements were revealed.
 */
export function keepRevealed(): number {
  const w = window as unknown as {
    __loomReveal?: RevealState;
    __loomRevealSample?: () => void;
    __loomRevealHold?: MutationObserver;
  };
  const state = w.__loomReveal;
  if (!state) return 0;
  state.observer.disconnect();
  delete w.__loomReveal;
  delete w.__loomRevealSample;
  const hidden = (el: Element) => {
    const style = getComputedStyle(el);
    return Number(style.opacity) < 0.1 || style.visibility === "hidden";
  };
  const setAttr = (el: Element, name: string, value: string | null) => {
    if (value === null) el.removeAttribute(name);
    else el.setAttribute(name, value);
  };
  const finishTransitions = (el: Element) => {
    for (const animation of el.getAnimations({ subtree: true })) {
      const end = Number(animation.effect?.getComputedTiming().endTime);
      if (!Number.isFinite(end)) continue;
      try {
        animation.finish();
      } catch {
        // An animation with a zero playback rate cannot finish; it keeps its state.
      }
    }
  };
  const kept = new Map<Element, { className: string | null; style: string | null }>();
  for (const [el, states] of state.inView) {
    if (!el.isConnected || el.closest("[data-loom-pin], [data-loom-hidden]")) continue;
    // Judged by where its transitions end: the last scroll may have just started a fade-out.
    finishTransitions(el);
    if (!hidden(el)) continue;
    const before = { className: el.getAttribute("class"), style: el.getAttribute("style") };
    // The state seen most in view first; the first that shows the element stays.
    const tries = states
      .filter((k) => k.className !== before.className || k.style !== before.style)
      .sort((a, b) => b.share - a.share);
    for (const seen of tries) {
      setAttr(el, "class", seen.className);
      setAttr(el, "style", seen.style);
      finishTransitions(el);
      if (!hidden(el)) {
        kept.set(el, seen);
        break;
      }
      setAttr(el, "class", before.className);
      setAttr(el, "style", before.style);
      finishTransitions(el);
    }
  }
  // Its callback runs right after the script that changed the attributes, before the next style
  // pass, so the element is never drawn hidden.
  const hold = new MutationObserver((records) => {
    for (const { target } of records) {
      const seen = target instanceof Element ? kept.get(target) : undefined;
      if (!seen || !(target instanceof Element)) continue;
      if (target.getAttribute("class") === seen.className && target.getAttribute("style") === seen.style)
        continue;
      setAttr(target, "class", seen.className);
      setAttr(target, "style", seen.style);
      finishTransitions(target);
    }
  });
  for (const el of kept.keys()) hold.observe(el, { attributes: true, attributeFilter: ["class", "style"] });
  w.__loomRevealHold = hold;
  return kept.size;
}

/** Lets the page change what `keepRevealed` showed again. */
export function releaseReveals(): void {
  const w = window as unknown as { __loomRevealHold?: MutationObserver };
  w.__loomRevealHold?.disconnect();
  delete w.__loomRevealHold;
}
