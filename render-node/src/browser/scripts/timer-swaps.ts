/**
 * In-page functions (self-contained) for content that script swaps on a timer: auto-advancing
 * carousels and sliders, rotating headlines, countdowns. Nothing animates there in the CSS sense
 * (`getAnimations()` sees at most a short transition), so the motion pass would show one slide.
 */

export interface SwapRegion {
  /** Document px: the element's box, cut to the ancestors that clip it (a carousel's window). */
  rect: { x: number; y: number; width: number; height: number };
  /** The timer's delay in ms (the time between two swaps). */
  intervalMs: number;
  label: string;
}

/** What the init script remembers of one element that recurring timers changed. */
interface SwapHit {
  intervalMs: number;
  /** Changed inside a timer callback itself (not only in the moments after one). */
  sync: boolean;
  /** Separate timer firings that changed it. */
  ticks: number;
  lastTick: number;
}

/**
 * Init script: wraps `setInterval` and `setTimeout` (a timeout scheduled from inside a timer callback,
 * the way autoplay chains itself) and remembers, per element, the DOM changes that recurring timers
 * with a delay of at least 500 ms make: inside the callback (jQuery, Swiper, plain script), or within
 * 150 ms after it (a framework that renders in a task of its own); the latter only counts once two
 * firings changed the same element (anything else the page does in that moment is not a swap).
 * Proxies keep the functions' native look (some bot checks read `setTimeout.toString()`).
 */
export function watchTimerSwaps(): void {
  const w = window as unknown as { __loomSwaps?: Map<Element, SwapHit> };
  if (w.__loomSwaps) return;
  const hits = new Map<Element, SwapHit>();
  w.__loomSwaps = hits;
  const MIN_DELAY_MS = 500;
  const WINDOW_MS = 150;
  let depth = 0;
  let tick = 0;
  let until = 0;
  let delayOfLast = 0;
  let observer: MutationObserver | undefined;
  const remember = (records: MutationRecord[], sync: boolean, delay: number) => {
    for (const record of records) {
      const el = record.target instanceof Element ? record.target : record.target.parentElement;
      if (!el) continue;
      let hit = hits.get(el);
      if (!hit) {
        if (hits.size >= 200) continue;
        hit = { intervalMs: delay, sync: false, ticks: 0, lastTick: -1 };
        hits.set(el, hit);
      }
      if (hit.lastTick !== tick) {
        hit.ticks++;
        hit.lastTick = tick;
      }
      hit.sync ||= sync;
    }
  };
  const inWindow = (records: MutationRecord[]) => {
    if (performance.now() <= until) remember(records, false, delayOfLast);
  };
  const observe = () => {
    if (observer || !document.documentElement) return;
    observer = new MutationObserver(inWindow);
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["class", "style", "src", "hidden", "aria-hidden"],
    });
  };
  const wrap = (fn: (...a: unknown[]) => unknown, delay: number, recurring: boolean) =>
    function (this: unknown, ...args: unknown[]) {
      const watched = recurring && delay >= MIN_DELAY_MS;
      if (watched) {
        observe();
        // What came before belongs to the moments after the last firing, not to this one.
        if (observer) inWindow(observer.takeRecords());
        tick++;
      }
      depth++;
      try {
        return fn.apply(this, args);
      } finally {
        depth--;
        if (watched) {
          if (observer) remember(observer.takeRecords(), true, delay);
          until = performance.now() + WINDOW_MS;
          delayOfLast = delay;
        }
      }
    };
  const timers = window as unknown as Record<"setInterval" | "setTimeout", (...a: unknown[]) => unknown>;
  const patch = (name: "setInterval" | "setTimeout") => {
    const original = timers[name];
    timers[name] = new Proxy(original, {
      apply(target, _self, args: unknown[]) {
        const [fn, delay, ...rest] = args;
        if (typeof fn !== "function") return Reflect.apply(target, window, args);
        const recurring = name === "setInterval" || depth > 0;
        return Reflect.apply(target, window, [
          wrap(fn as (...a: unknown[]) => unknown, Number(delay) || 0, recurring),
          delay,
          ...rest,
        ]);
      },
    });
  };
  patch("setInterval");
  patch("setTimeout");
}

/**
 * The visible places that recurring timers changed, within the first `maxY` document px, outside
 * pinned layers and hidden banners; overlapping ones merge.
 */
export function findTimerSwaps(args: { maxY: number; minSize: number }): SwapRegion[] {
  const w = window as unknown as { __loomSwaps?: Map<Element, SwapHit> };
  const regions: SwapRegion[] = [];
  for (const [el, hit] of w.__loomSwaps ?? []) {
    if (!hit.sync && hit.ticks < 2) continue;
    if (!el.isConnected || el === document.body || el === document.documentElement) continue;
    if (el.closest("[data-loom-pin], [data-loom-hidden], head, script, style")) continue;
    // The element or, when it is hidden now (the slide that went away), its nearest shown ancestor.
    let box: Element | null = el;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      const r = box.getBoundingClientRect();
      if (style.display !== "none" && style.visibility !== "hidden" && r.width > 0 && r.height > 0) break;
      box = box.parentElement;
    }
    if (!box || box === document.body) continue;
    const r = box.getBoundingClientRect();
    let left = r.left;
    let top = r.top;
    let right = r.right;
    let bottom = r.bottom;
    for (let a = box.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const c = a.getBoundingClientRect();
      left = Math.max(left, c.left);
      top = Math.max(top, c.top);
      right = Math.min(right, c.right);
      bottom = Math.min(bottom, c.bottom);
    }
    right = Math.min(right, window.innerWidth);
    left = Math.max(left, 0);
    if (right - left < args.minSize || bottom - top < args.minSize) continue;
    const rect = { x: left, y: top + window.scrollY, width: right - left, height: bottom - top };
    if (rect.y > args.maxY) continue;
    const tag = box.tagName.toLowerCase();
    const cls =
      typeof box.className === "string" && box.className.trim()
        ? `.${box.className.trim().split(/\s+/)[0]}`
        : "";
    regions.push({ rect, intervalMs: hit.intervalMs, label: `${tag}${box.id ? `#${box.id}` : cls}` });
  }
  const merged: SwapRegion[] = [];
  for (const region of regions) {
    const a = region.rect;
    const hit = merged.find(
      (m) =>
        m.rect.x < a.x + a.width &&
        a.x < m.rect.x + m.rect.width &&
        m.rect.y < a.y + a.height &&
        a.y < m.rect.y + m.rect.height,
    );
    if (!hit) {
      merged.push({ ...region, rect: { ...a } });
      continue;
    }
    const x = Math.min(hit.rect.x, a.x);
    const y = Math.min(hit.rect.y, a.y);
    hit.rect = {
      x,
      y,
      width: Math.max(hit.rect.x + hit.rect.width, a.x + a.width) - x,
      height: Math.max(hit.rect.y + hit.rect.height, a.y + a.height) - y,
    };
    hit.intervalMs = Math.max(hit.intervalMs, region.intervalMs);
  }
  return merged;
}
